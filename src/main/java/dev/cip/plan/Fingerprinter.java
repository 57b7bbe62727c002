package dev.cip.plan;

import dev.cip.failure.InvalidProjectInput;
import dev.cip.oci.Labels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The content fingerprint of an image: {@code sha256:<hex>} over, in this order,
 * <ol>
 *   <li>every regular file and symbolic link of the context not excluded by its {@code .dockerignore} (the Dockerfile
 *       always), sorted by relative path: the path with {@code /}, the owner-executable bit and the SHA-256 of the
 *       content (a symlink: its target text, never followed);</li>
 *   <li>the build args, sorted by key;</li>
 *   <li>the parents' fingerprints, sorted by parent name.</li>
 * </ol>
 * The platforms a run builds do not count: the same content built for fewer platforms (a run with
 * {@code cip.platforms}, or after an upload of the remote image) is the same content; whether the published image
 * has every platform is the plan's other check.
 * Every string is length-prefixed, every section starts with a tag and a count, and the whole starts with a version
 * tag, so different inputs cannot produce the same byte stream. Directories themselves (e.g. empty ones), sockets and
 * other special files do not count. Modification times, owners and other permission bits do not count either.
 *
 * <p>Instances hold no mutable state and may be shared between threads.
 */
public final class Fingerprinter {

    /** The label (and annotation) under which cip records the fingerprint on the images it pushes. */
    public static final String LABEL = Labels.FINGERPRINT;

    /** The prefix of a fingerprint. */
    public static final String PREFIX = "sha256:";

    /** Always part of the fingerprint, even if {@code .dockerignore} excludes it (Docker always sends it). */
    public static final String DOCKERFILE = "Dockerfile";

    /** Identifies the encoding; change it whenever the byte stream below changes. */
    private static final String FORMAT = "cip-fingerprint/2";

    private static final int BUFFER_SIZE = 32 * 1024;
    private static final byte KIND_FILE = 'f';
    private static final byte KIND_LINK = 'l';

    /** Opens files for reading; a seam for tests. */
    interface Opener {
        InputStream open(Path file) throws IOException;
    }

    private final Opener opener;

    public Fingerprinter() {
        this(Files::newInputStream);
    }

    Fingerprinter(Opener opener) {
        this.opener = opener;
    }

    /**
     * Computes the fingerprint of one image.
     *
     * @param contextDir         the build context (a directory)
     * @param buildArgs          the build args passed to the build (null = none)
     * @param parentFingerprints the fingerprints of the image's internal parents, by parent image name (null = none)
     * @return {@code sha256:} and 64 lowercase hex digits
     * @throws InvalidProjectInput when the context, its {@code .dockerignore} or one of its files cannot be read
     */
    public String fingerprint(Path contextDir, Map<String, String> buildArgs, Map<String, String> parentFingerprints) {
        Path root = realDirectory(contextDir);
        DockerIgnore ignore = readIgnore(contextDir, root);

        List<Entry> entries = collect(contextDir, root, ignore);
        entries.sort(Comparator.comparing(Entry::path));

        Hasher h = new Hasher();
        h.string(FORMAT);

        h.tag('F', entries.size());
        byte[] buffer = new byte[BUFFER_SIZE];
        MessageDigest content = sha256();
        byte[] contentDigest = new byte[32];
        for (Entry e : entries) {
            h.md.update(e.kind);
            h.string(e.path);
            if (e.kind == KIND_LINK) {
                h.string(e.linkTarget);
            } else {
                h.md.update((byte) (e.executable ? 1 : 0));
                hashContent(contextDir, e, content, buffer, contentDigest);
                h.md.update(contentDigest);
            }
        }

        TreeMap<String, String> args = sortedCopy(buildArgs, "build arg");
        h.tag('A', args.size());
        args.forEach((k, v) -> {
            h.string(k);
            h.string(v);
        });

        TreeMap<String, String> parents = sortedCopy(parentFingerprints, "parent fingerprint");
        h.tag('R', parents.size());
        parents.forEach((k, v) -> {
            h.string(k);
            h.string(v);
        });

        return PREFIX + HexFormat.of().formatHex(h.md.digest());
    }

    /**
     * As {@link #fingerprint(Path, Map, Map)}; the platforms are ignored (they are no content).
     *
     * @deprecated for callers not yet moved to the three-argument form; remove once none is left
     */
    @Deprecated(forRemoval = true)
    public String fingerprint(Path contextDir, Map<String, String> buildArgs, List<String> platforms,
                              Map<String, String> parentFingerprints) {
        return fingerprint(contextDir, buildArgs, parentFingerprints);
    }

    /**
     * The context's files that count in the fingerprint (relative paths with {@code /}, sorted), e.g. to explain a
     * changed fingerprint.
     *
     * @throws InvalidProjectInput when the context or its {@code .dockerignore} cannot be read
     */
    public List<String> files(Path contextDir) {
        Path root = realDirectory(contextDir);
        List<String> paths = new ArrayList<>();
        for (Entry e : collect(contextDir, root, readIgnore(contextDir, root))) {
            paths.add(e.path);
        }
        paths.sort(null);
        return paths;
    }

    private static Path realDirectory(Path contextDir) {
        Objects.requireNonNull(contextDir, "contextDir");
        Path root;
        try {
            root = contextDir.toRealPath();
        } catch (IOException e) {
            throw new InvalidProjectInput(contextDir, "Cannot read build context " + contextDir + ": " + e, e);
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidProjectInput(contextDir, "Build context " + contextDir + " is not a directory", null);
        }
        return root;
    }

    private static DockerIgnore readIgnore(Path contextDir, Path root) {
        try {
            return DockerIgnore.read(root);
        } catch (IOException e) {
            Path file = contextDir.resolve(DockerIgnore.FILE_NAME);
            throw new InvalidProjectInput(file, "Cannot use " + file + ": " + e.getMessage(), e);
        } catch (InvalidProjectInput e) {
            Path file = contextDir.resolve(DockerIgnore.FILE_NAME);
            throw new InvalidProjectInput(file, e.line().orElse(0), "Cannot use " + file + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Entry(String path, Path file, byte kind, boolean executable, String linkTarget) {
    }

    private List<Entry> collect(Path contextDir, Path root, DockerIgnore ignore) {
        List<Entry> entries = new ArrayList<>();
        try {
            // The state of each directory on the way down, so that each path is matched once (as BuildKit does).
            ArrayDeque<DockerIgnore.Match> states = new ArrayDeque<>();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        states.push(ignore.root());
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(root, dir);
                    DockerIgnore.Match state = ignore.match(rel, states.peek());
                    if (ignore.excludesEverythingUnder(rel, state)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    states.push(state);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    states.pop();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(root, file);
                    if (!rel.equals(DOCKERFILE) && !ignore.isEmpty() && ignore.match(rel, states.peek()).excluded()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        String target = Files.readSymbolicLink(file).toString();
                        entries.add(new Entry(rel, file, KIND_LINK, false, target));
                    } else {
                        entries.add(new Entry(rel, file, KIND_FILE, isExecutable(file, attrs), null));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    // Something that cannot even be listed is fine as long as .dockerignore excludes all of it.
                    if (!file.equals(root) && !states.isEmpty()) {
                        String rel = relative(root, file);
                        if (ignore.excludesEverythingUnder(rel, ignore.match(rel, states.peek()))) {
                            return FileVisitResult.CONTINUE;
                        }
                    }
                    throw exc;
                }
            });
        } catch (IOException e) {
            Path file = e instanceof FileSystemException fse && fse.getFile() != null
                    ? Path.of(fse.getFile()) : contextDir;
            throw new InvalidProjectInput(file,
                    "Cannot read " + file + " in build context " + contextDir + ": " + e, e);
        }
        return entries;
    }

    private void hashContent(Path contextDir, Entry e, MessageDigest md, byte[] buffer, byte[] out) {
        md.reset();
        try (InputStream in = opener.open(e.file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            md.digest(out, 0, out.length);
        } catch (IOException ex) {
            throw new InvalidProjectInput(e.file,
                    "Cannot read " + e.file + " in build context " + contextDir + ": " + ex, ex);
        } catch (DigestException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean isExecutable(Path file, BasicFileAttributes attrs) throws IOException {
        // On Unix the attributes the walk already read are POSIX ones: no extra stat.
        if (attrs instanceof PosixFileAttributes posix) {
            return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        }
        try {
            PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return false; // no executable bit on this file system (Windows): same answer everywhere
        }
    }

    private static String relative(Path root, Path p) {
        String rel = root.relativize(p).toString();
        return p.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(p.getFileSystem().getSeparator(), "/");
    }

    private static TreeMap<String, String> sortedCopy(Map<String, String> map, String what) {
        TreeMap<String, String> sorted = new TreeMap<>();
        if (map != null) {
            map.forEach((k, v) -> sorted.put(Objects.requireNonNull(k, what + " name"),
                    Objects.requireNonNull(v, () -> what + " " + k + " has no value")));
        }
        return sorted;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Feeds an unambiguous encoding into one digest. */
    private static final class Hasher {
        final MessageDigest md = sha256();
        private final byte[] intBytes = new byte[4];

        void tag(char tag, int count) {
            md.update((byte) tag);
            integer(count);
        }

        void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            integer(bytes.length);
            md.update(bytes);
        }

        void integer(int v) {
            intBytes[0] = (byte) (v >>> 24);
            intBytes[1] = (byte) (v >>> 16);
            intBytes[2] = (byte) (v >>> 8);
            intBytes[3] = (byte) v;
            md.update(intBytes);
        }
    }
}
