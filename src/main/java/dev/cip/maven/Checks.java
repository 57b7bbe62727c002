package dev.cip.maven;

import dev.cip.failure.InvalidSetting;
import dev.cip.oci.Platform;
import dev.cip.registry.RegistryAddress;
import org.apache.maven.plugin.MojoFailureException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks of goal parameters, made before a goal does any work; each failure names the property, the value and what
 * to write instead.
 */
final class Checks {
    private Checks() {
    }

    /**
     * A registry value {@code host[:port][/path]}: no scheme, no trailing slash, no credentials, no blanks.
     *
     * @return the value without surrounding blanks
     */
    static String registry(String property, String value) throws MojoFailureException {
        if (value == null || value.isBlank()) {
            throw new MojoFailureException(property + " is empty; set it to a registry host[:port][/path], e.g. "
                    + "-D" + property + "=localhost:5000");
        }
        String v = value.strip();
        int scheme = v.indexOf("://");
        if (scheme >= 0) {
            String without = v.substring(scheme + 3);
            throw new MojoFailureException(property + "=" + v + " has a scheme; write the registry without it: "
                    + property + "=" + stripSlashes(without) + " (plain HTTP hosts go in cip.insecureRegistries)");
        }
        int at = v.lastIndexOf('@', v.indexOf('/') < 0 ? v.length() : v.indexOf('/'));
        if (at >= 0) {
            String host = v.substring(at + 1);
            throw new MojoFailureException(property + " holds credentials ('" + v.substring(0, at + 1) + "'); write "
                    + "only the registry, " + property + "=" + host + ", and put the credentials in a <server> of "
                    + "settings.xml whose id is " + RegistryAddress.parse(host).host() + " (or run docker login)");
        }
        if (v.endsWith("/")) {
            throw new MojoFailureException(property + "=" + v + " ends with '/'; write " + property + "="
                    + stripSlashes(v));
        }
        if (v.chars().anyMatch(Character::isWhitespace) || v.startsWith("-")) {
            throw new MojoFailureException(property + "='" + v + "' is not a registry; write host[:port][/path], "
                    + "e.g. registry.example.com/team");
        }
        try {
            RegistryAddress.parse(v);
        } catch (InvalidSetting e) {
            throw new MojoFailureException(property + "=" + v + " is not a registry: " + e.getMessage()
                    + "; write host[:port][/path], e.g. registry.example.com/team", e);
        }
        return v;
    }

    private static String stripSlashes(String v) {
        String s = v;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Every value is a known platform; the result is normalised, sorted and free of duplicates. */
    static List<Platform> platforms(String property, List<String> values) throws MojoFailureException {
        List<String> given = new ArrayList<>();
        for (String v : values == null ? List.<String>of() : values) {
            if (v != null && !v.isBlank()) {
                given.add(v.strip());
            }
        }
        try {
            return Platform.parseAll(given);
        } catch (InvalidSetting e) {
            throw new MojoFailureException(property + ": " + e.getMessage(), e);
        }
    }

    static int atLeast(String property, int value, int min) throws MojoFailureException {
        if (value < min) {
            throw new MojoFailureException(property + "=" + value + " is too small; it must be at least " + min);
        }
        return value;
    }

    /** A size in bytes written as a number with an optional unit: {@code 10g}, {@code 512m}, {@code 64k}, {@code 1000}. */
    static long size(String property, String value) throws MojoFailureException {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})([kmgt]?)(i?b)?").matcher(v);
        if (!m.matches()) {
            throw new MojoFailureException(property + "=" + value + " is not a size; write a number of bytes with "
                    + "an optional unit, e.g. " + property.replace("cip.", "-Dcip.") + "=20g (k, m, g, t: KiB, MiB, "
                    + "GiB, TiB)");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
            throw new MojoFailureException(property + "=" + value + " is out of range; give at least one byte");
        }
        return n << shift;
    }

    /** One of the given words (case-insensitive), returned in lower case. */
    static String oneOf(String property, String value, List<String> allowed) throws MojoFailureException {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new MojoFailureException(property + "=" + value + " is not allowed; use one of "
                    + String.join(", ", allowed));
        }
        return v;
    }

    /**
     * Tags to write besides {@code <version>} and {@code latest}: each a valid tag, not {@code latest}, without the
     * reserved {@code __cip-}.
     *
     * @return the tags without blanks and duplicates, in the given order
     */
    static List<String> extraTags(String property, List<String> values) throws MojoFailureException {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String v : values == null ? List.<String>of() : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            String tag = v.strip();
            java.util.Optional<String> problem = dev.cip.context.Validation.extraTagProblem(tag);
            if (problem.isPresent()) {
                throw new MojoFailureException(property + ": " + problem.get() + (tag.equals(dev.cip.oci.Tags.LATEST)
                        ? " (cip.tagLatest turns it off)" : ""));
            }
            out.add(tag);
        }
        return List.copyOf(out);
    }

    /** A file that exists and can be read. */
    static void readableFile(String property, File file) throws MojoFailureException {
        Path p = file.toPath().toAbsolutePath();
        if (!Files.exists(p)) {
            throw new MojoFailureException(property + "=" + p + ": no such file; give the path of a PEM file");
        }
        if (!Files.isRegularFile(p)) {
            throw new MojoFailureException(property + "=" + p + " is not a file; give the path of a PEM file");
        }
        if (!Files.isReadable(p)) {
            throw new MojoFailureException(property + "=" + p + " cannot be read (permission denied)");
        }
    }

    /**
     * That {@code dir} can be created and written: creates it, writes and deletes a probe file, then removes the
     * directories the check created, so a goal that stops later has left nothing behind.
     */
    static void writableDirectory(String goal, String property, File dir) throws MojoFailureException {
        Path p = dir.toPath().toAbsolutePath().normalize();
        Path firstMissing = null;
        for (Path q = p; q != null && !Files.exists(q); q = q.getParent()) {
            firstMissing = q;
        }
        try {
            Files.createDirectories(p);
            Files.delete(Files.createTempFile(p, ".cip-probe", ""));
        } catch (IOException | RuntimeException e) {
            throw new MojoFailureException("cip " + goal + " cannot write its reports to " + property + "=" + p
                    + ": " + reason(e) + "; set " + property + " to a writable directory");
        } finally {
            if (firstMissing != null) {
                for (Path q = p; q != null && q.startsWith(firstMissing); q = q.getParent()) {
                    try {
                        Files.deleteIfExists(q);
                    } catch (IOException ignored) {
                        break; // not empty or not ours: leave it
                    }
                }
            }
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return "no such file or directory (" + f.getFile() + ")";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }
}
