package dev.cip.oci;

import dev.cip.failure.InvalidSetting;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An OS/architecture/variant triple, normalised once, as containerd does, so that two spellings of one platform are
 * equal: {@code aarch64} is {@code arm64}, {@code x86_64} is {@code amd64}, {@code linux/arm64/v8} is
 * {@code linux/arm64}, {@code armhf} and a bare {@code arm} are {@code arm/v7}, {@code armel} is {@code arm/v6},
 * {@code i386} is {@code 386}. {@link #toString()} gives the canonical {@code linux/amd64}, {@code linux/arm/v7} form.
 * Platforms order by that form, so sets of them compare and print the same whatever order they were written in.
 *
 * @param os           e.g. {@code linux}
 * @param architecture e.g. {@code amd64}
 * @param variant      e.g. {@code v7}; empty when there is none
 */
public record Platform(String os, String architecture, String variant) implements Comparable<Platform> {

    /** The operating systems cip accepts in a platform it is asked to build (Go's GOOS values). */
    public static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "illumos",
            "ios", "js", "linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows");
    /** The architectures cip accepts in a platform it is asked to build (Go's GOARCH values). */
    public static final Set<String> KNOWN_ARCHITECTURES = Set.of("386", "amd64", "arm", "arm64", "loong64", "mips",
            "mips64", "mips64le", "mipsle", "ppc64", "ppc64le", "riscv64", "s390x", "wasm");

    /** {@code os/arch[/variant]} in lower case, as Docker writes them. */
    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9]+/[a-z0-9_-]+(?:/[a-z0-9]+)?");

    public Platform {
        os = lower(os);
        architecture = lower(architecture);
        variant = lower(variant);
        if (os.equals("macos")) {
            os = "darwin";
        }
        switch (architecture) {
            case "i386", "i686", "x86" -> {
                architecture = "386";
                variant = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                architecture = "amd64";
                if (variant.equals("v1") || variant.equals("1")) {
                    variant = "";
                }
            }
            case "aarch64", "arm64" -> {
                architecture = "arm64";
                if (variant.equals("v8") || variant.equals("8")) {
                    variant = "";
                }
            }
            case "armhf" -> {
                architecture = "arm";
                variant = "v7";
            }
            case "armel" -> {
                architecture = "arm";
                variant = "v6";
            }
            case "arm" -> {
                if (variant.isEmpty() || variant.equals("7")) {
                    variant = "v7";
                } else if (variant.matches("[5-8]")) {
                    variant = "v" + variant;
                }
            }
            default -> {
            }
        }
    }

    /**
     * Parses {@code os/arch[/variant]} that cip is asked to build for, checking the OS and architecture are known.
     *
     * @throws InvalidSetting naming the value and what is wrong with it
     */
    public static Platform parse(String value) {
        if (value == null || !SYNTAX.matcher(value).matches()) {
            throw new InvalidSetting("'" + value + "' is not a platform of the form os/arch or "
                    + "os/arch/variant, in lower case (e.g. linux/amd64, linux/arm64, linux/arm/v7)");
        }
        Platform p = parseAny(value);
        if (!KNOWN_OS.contains(p.os)) {
            throw new InvalidSetting("'" + value + "' is not a platform: unknown operating system '"
                    + p.os + "' (expected e.g. linux/amd64, linux/arm64, linux/arm/v7)");
        }
        if (!KNOWN_ARCHITECTURES.contains(p.architecture)) {
            throw new InvalidSetting("'" + value + "' is not a platform: unknown architecture '"
                    + p.architecture + "' (known: " + String.join(", ", new TreeSet<>(KNOWN_ARCHITECTURES)) + ")");
        }
        return p;
    }

    /**
     * Parses {@code os/arch[/variant]} as a registry or builder reports it, without checking the values are known
     * (for example the {@code unknown/unknown} of attestation manifests).
     *
     * @throws IllegalArgumentException when it is not of the form {@code os/arch[/variant]}
     */
    public static Platform parseAny(String value) {
        String[] p = value == null ? new String[0] : value.strip().split("/", -1);
        if (p.length < 2 || p.length > 3 || p[0].isBlank() || p[1].isBlank() || (p.length == 3 && p[2].isBlank())) {
            throw new IllegalArgumentException("'" + value + "' is not a platform of the form os/arch or "
                    + "os/arch/variant (e.g. linux/arm64)");
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : "");
    }

    /**
     * Parses every value with {@link #parse}; the result is sorted and free of duplicates (two spellings of one
     * platform are one), so two lists naming the same platforms in any order give equal results.
     */
    public static List<Platform> parseAll(Collection<String> values) {
        TreeSet<Platform> set = new TreeSet<>();
        for (String v : values) {
            set.add(parse(v));
        }
        return List.copyOf(set);
    }

    /** The canonical forms, joined by {@code separator}. */
    public static String join(Collection<Platform> platforms, String separator) {
        return String.join(separator, platforms.stream().map(Platform::toString).toList());
    }

    /** The {@code unknown/unknown} platform buildx gives attestation manifests. */
    public boolean isUnknown() {
        return os.equals("unknown") && architecture.equals("unknown");
    }

    @Override
    public int compareTo(Platform o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }

    private static String lower(String s) {
        return Objects.requireNonNullElse(s, "").strip().toLowerCase(Locale.ROOT);
    }
}
