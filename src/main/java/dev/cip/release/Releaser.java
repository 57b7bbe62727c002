package dev.cip.release;

import dev.cip.registry.ImageSummary;
import dev.cip.registry.ManifestHead;
import dev.cip.concurrent.Parallel;
import dev.cip.oci.Platform;
import dev.cip.store.PublishedImageReader;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static dev.cip.oci.Names.shortDigest;
import static dev.cip.oci.Tags.LATEST;

/**
 * Releases staged images: for each image, reads what is staged for its version from the registry,
 * assembles the multi-platform index by digest, checks everything, then writes {@code <version>}, {@code latest} and
 * the image's extra tags in one last pass, parents before children. Staging tags of released images are removed where the registry deletes
 * tags, and listed otherwise. Releasing again writes nothing.
 */
public final class Releaser {
    /** How many images a release checks and tags at once, unless told otherwise. */
    public static final int CONCURRENCY = 8;

    /** The tag every release also gets when asked to. */

    private final RegistryClient client;
    private final String registry;
    private final StagingReader reader;
    private final int concurrency;

    /**
     * @param concurrency images read at once in the check phase
     */
    public Releaser(RegistryClient client, String registry, int concurrency) {
        this.client = Objects.requireNonNull(client, "client");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.reader = new StagingReader(client, registry);
        this.concurrency = Math.max(1, concurrency);
    }

    public String registry() {
        return registry;
    }

    /**
     * Checks every image, then (unless {@code dryRun}) writes the tags and removes staging tags.
     *
     * @param images    the selected images; parents are put before their children
     * @param tagLatest also write {@code latest}
     * @param dryRun    check only: statuses say what would be done, nothing is written or removed
     * @throws RegistryException when the registry cannot be reached or refuses the credentials
     */
    public ReleaseOutcome release(List<ReleaseImage> images, ReleaseMode mode, boolean tagLatest, boolean dryRun)
            throws InterruptedException {
        List<ReleaseImage> ordered = ReleaseImages.parentsFirst(images);
        Map<String, Checked> checked = checkAll(ordered, tagLatest);
        decideParents(ordered, checked);
        if (mode == ReleaseMode.ATOMIC) {
            List<String> blocking = ordered.stream().map(i -> checked.get(i.name()).result)
                    .filter(r -> !r.released() && r.status() != ImageRelease.Status.HELD)
                    .map(r -> r.name() + " (" + r.status().name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', ' ') + ")").toList();
            if (!blocking.isEmpty()) {
                for (ReleaseImage i : ordered) {
                    Checked c = checked.get(i.name());
                    if (c.result.status() == ImageRelease.Status.RELEASED) {
                        c.result = c.result.with(ImageRelease.Status.HELD, "releasable, but nothing is tagged: "
                                + "atomic release and " + String.join(", ", blocking) + " cannot be released");
                    }
                }
            }
        }
        List<String> deleted = new ArrayList<>();
        List<String> left = new ArrayList<>();
        if (!dryRun) {
            write(ordered, checked);
            removeStaging(ordered, checked, deleted, left);
        } else {
            for (ReleaseImage i : ordered) {
                Checked c = checked.get(i.name());
                if (c.result.released()) {
                    c.result.staging().forEach(t -> left.add(i.name() + ":" + t));
                }
            }
        }
        List<ImageRelease> results = images.stream().map(i -> checked.get(i.name()).result).toList();
        return new ReleaseOutcome(mode, results, deleted, left, dryRun);
    }

    // ------------------------------------------------------------------------------------------------ check

    /** One image's state between the phases. */
    private static final class Checked {
        final ReleaseImage image;
        ImageRelease result;
        IndexAssembler.Assembled assembled;
        boolean writeVersion;
        boolean writeLatest;
        final List<String> writeExtra = new ArrayList<>();
        final Map<String, Boolean> parentsReleased = new HashMap<>();

        Checked(ReleaseImage image) {
            this.image = image;
        }
    }

    private Map<String, Checked> checkAll(List<ReleaseImage> ordered, boolean tagLatest)
            throws InterruptedException {
        Set<String> names = new LinkedHashSet<>();
        ordered.forEach(i -> names.add(i.name()));
        Map<String, Checked> checked = new LinkedHashMap<>();
        ordered.forEach(i -> checked.put(i.name(), new Checked(i)));
        Parallel.forEach("cip-release", concurrency, checked.values(), c -> check(c, names, tagLatest), () -> { });
        return checked;
    }

    /** What the first reads of one image found; each field is written by one read. */
    private static final class FirstReads {
        final Map<String, Boolean> parentsReleased = new ConcurrentHashMap<>();
        volatile List<StagedManifest> staged = List.of();
        volatile Optional<ManifestHead> current = Optional.empty();
    }

    private void check(Checked c, Set<String> selected, boolean tagLatest) {
        ReleaseImage image = c.image;
        // The reads that do not depend on one another go side by side: the parents outside the release, what is
        // staged (the tag list, then each staging tag) and where <version> points now.
        FirstReads first = new FirstReads();
        List<Runnable> reads = new ArrayList<>();
        c.image.parents().forEach((parent, version) -> {
            if (!selected.contains(parent)) {
                reads.add(() -> first.parentsReleased.put(parent, client.head(registry, parent, version).isPresent()));
            }
        });
        if (image.notBuilt().isEmpty()) {
            reads.add(() -> first.staged = reader.read(image.name(), image.version()));
            reads.add(() -> first.current = client.head(registry, image.name(), image.version()));
        }
        SideBySide.run(registry, reads);
        c.parentsReleased.putAll(first.parentsReleased);
        if (image.notBuilt().isPresent()) {
            ReleaseImage.NotBuilt nb = image.notBuilt().get();
            c.result = result(image, nb.status(), nb.reason(), Optional.empty(), List.of(), List.of(), List.of());
            return;
        }
        List<StagedManifest> staged = first.staged;
        List<String> stagingTags = staged.stream().map(s -> s.tag().tag()).toList();
        Optional<ManifestHead> current = first.current;
        if (staged.isEmpty()) {
            if (current.isEmpty()) {
                List<String> missing = image.platforms().isEmpty() ? List.of("any platform")
                        : normalised(image.platforms());
                c.result = result(image, ImageRelease.Status.MISSING_PLATFORMS, "nothing is staged for "
                        + image.version() + " and it is not released", Optional.empty(), List.of(), missing,
                        List.of());
                return;
            }
            String digest = current.get().digest();
            List<String> has = platformsOf(image.name(), digest);
            List<String> missing = normalised(image.platforms()).stream().filter(p -> !has.contains(p)).toList();
            if (!missing.isEmpty()) {
                c.result = result(image, ImageRelease.Status.MISSING_PLATFORMS, "released as " + shortDigest(digest)
                        + " without " + String.join(", ", missing) + ", and nothing is staged for them",
                        Optional.of(digest), has, missing, List.of());
                return;
            }
            c.result = result(image, ImageRelease.Status.UNCHANGED, "already released (" + shortDigest(digest)
                    + ")", Optional.of(digest), has, List.of(), List.of());
            return;
        }
        IndexAssembler.Assembly assembled = IndexAssembler.assemble(image.platforms(), staged);
        if (assembled instanceof IndexAssembler.Missing m) {
            c.result = result(image, ImageRelease.Status.MISSING_PLATFORMS, String.join(", ", m.missing())
                            + " not staged; staged: " + String.join(", ", m.staged()) + " under "
                            + String.join(", ", stagingTags),
                    Optional.empty(), m.staged(), m.missing(), stagingTags);
            return;
        }
        IndexAssembler.Assembled a = (IndexAssembler.Assembled) assembled;
        c.assembled = a;
        if (current.isPresent() && !current.get().digest().equals(a.digest())) {
            List<String> has = platformsOf(image.name(), current.get().digest());
            if (has.containsAll(a.platforms())) {
                c.result = result(image, ImageRelease.Status.CONFLICT, image.version() + " is already released as "
                        + shortDigest(current.get().digest()) + " with " + String.join(", ", has)
                        + "; the staged " + shortDigest(a.digest()) + " differs: a released version is never "
                        + "replaced, bump the version", Optional.of(current.get().digest()), has, List.of(),
                        stagingTags);
                return;
            }
        }
        c.writeVersion = current.isEmpty() || !current.get().digest().equals(a.digest());
        if (c.writeVersion) {
            // Every manifest the index refers to must be in the repository, as staged; when <version> already
            // points at this index, the registry checked that when it was written.
            Map<String, Optional<ManifestHead>> heads = new ConcurrentHashMap<>();
            SideBySide.run(registry, a.manifests().keySet().stream().<Runnable>map(d -> () -> heads.put(d,
                    client.head(registry, image.name(), d))).toList());
            for (Map.Entry<String, Long> m : a.manifests().entrySet()) {
                Optional<ManifestHead> h = heads.get(m.getKey());
                if (h.isEmpty() || !h.get().digest().equals(m.getKey())
                        || (m.getValue() >= 0 && h.get().size() >= 0 && h.get().size() != m.getValue())) {
                    c.result = result(image, ImageRelease.Status.FAILED, "staged manifest " + m.getKey()
                            + " (from " + String.join(", ", a.fromTags()) + ") is " + (h.isEmpty() ? "missing from"
                            : "different in") + " registry " + registry + "; stage the image again",
                            Optional.empty(), a.platforms(), List.of(), stagingTags);
                    c.writeVersion = false;
                    return;
                }
            }
            Optional<String> mixed = OneContent.mixed(reader, image.name(), a);
            if (mixed.isPresent()) {
                c.result = result(image, ImageRelease.Status.MIXED_CONTENT, mixed.get(), Optional.empty(),
                        a.platforms(), List.of(), stagingTags);
                c.writeVersion = false;
                return;
            }
        }
        // A version tagged now moves latest to it (writing it again if it is there already changes nothing): only
        // a version released before needs to know where latest is.
        c.writeLatest = tagLatest && (c.writeVersion || client.head(registry, image.name(), LATEST)
                .map(h -> !h.digest().equals(a.digest())).orElse(true));
        for (String extra : image.extraTags()) {
            Optional<ManifestHead> there = client.head(registry, image.name(), extra);
            Optional<String> moves = there.flatMap(h -> ReleasedVersions.wouldMove(client, registry, image.name(),
                    extra, h.digest(), a.digest()));
            if (moves.isPresent()) {
                c.result = result(image, ImageRelease.Status.CONFLICT, moves.get(), Optional.empty(), a.platforms(),
                        List.of(), stagingTags);
                return;
            }
            if (there.map(h -> !h.digest().equals(a.digest())).orElse(true)) {
                c.writeExtra.add(extra);
            }
        }
        List<String> written = new ArrayList<>();
        if (c.writeVersion) {
            written.add(image.version());
        }
        if (c.writeLatest) {
            written.add(LATEST);
        }
        written.addAll(c.writeExtra);
        String from = (a.reused() ? "" : "new index ") + shortDigest(a.digest()) + " (" + String.join(", ",
                a.platforms()) + ") from " + String.join(", ", a.fromTags());
        c.result = written.isEmpty()
                ? result(image, ImageRelease.Status.UNCHANGED, "already released: " + from, Optional.of(a.digest()),
                a.platforms(), List.of(), stagingTags)
                : new ImageRelease(image.name(), image.version(), ImageRelease.Status.RELEASED,
                from + ": " + String.join(", ", written), Optional.of(a.digest()), a.platforms(), List.of(),
                stagingTags, written);
    }

    /** In parents-first order: an image whose parent is not released (or not releasable) is blocked. */
    private void decideParents(List<ReleaseImage> ordered, Map<String, Checked> checked) {
        for (ReleaseImage image : ordered) {
            Checked c = checked.get(image.name());
            if (c.result.status() == ImageRelease.Status.FAILED) {
                continue;
            }
            List<String> why = new ArrayList<>();
            for (Map.Entry<String, String> p : new java.util.TreeMap<>(image.parents()).entrySet()) {
                Checked parent = checked.get(p.getKey());
                if (parent != null) {
                    if (!parent.result.released()) {
                        why.add("parent " + p.getKey() + " is not released ("
                                + parent.result.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                                + ")");
                    }
                } else if (!c.parentsReleased.getOrDefault(p.getKey(), false)) {
                    why.add("parent " + p.getKey() + " " + p.getValue() + " is not released in " + registry
                            + " and not selected");
                }
            }
            if (why.isEmpty()) {
                continue;
            }
            if (c.result.status() == ImageRelease.Status.RELEASED) {
                c.result = c.result.with(ImageRelease.Status.BLOCKED, String.join("; ", why));
            } else if (c.result.status() == ImageRelease.Status.MISSING_PLATFORMS) {
                c.result = c.result.with(c.result.status(), c.result.reason() + "; " + String.join("; ", why));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ write

    /**
     * Writes the tags in waves: an image's tags are written once every parent of it in the release is tagged; the
     * images of one wave are written at once.
     */
    private void write(List<ReleaseImage> ordered, Map<String, Checked> checked) throws InterruptedException {
        Map<String, Integer> depth = new HashMap<>();
        java.util.TreeMap<Integer, List<ReleaseImage>> waves = new java.util.TreeMap<>();
        for (ReleaseImage image : ordered) {
            int d = 0;
            for (String p : image.parents().keySet()) {
                if (depth.containsKey(p)) {
                    d = Math.max(d, depth.get(p) + 1);
                }
            }
            depth.put(image.name(), d);
            waves.computeIfAbsent(d, k -> new ArrayList<>()).add(image);
        }
        Set<String> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (List<ReleaseImage> wave : waves.values()) {
            List<Checked> toWrite = new ArrayList<>();
            for (ReleaseImage image : wave) {
                Checked c = checked.get(image.name());
                if (c.result.status() != ImageRelease.Status.RELEASED) {
                    continue;
                }
                Optional<String> failedParent = image.parents().keySet().stream().filter(failed::contains)
                        .findFirst();
                if (failedParent.isPresent()) {
                    c.result = c.result.with(ImageRelease.Status.BLOCKED, "parent " + failedParent.get()
                            + " could not be tagged");
                    failed.add(image.name());
                    continue;
                }
                toWrite.add(c);
            }
            Parallel.forEach("cip-release", concurrency, toWrite, c -> writeOne(c, failed), () -> { });
        }
    }

    private void writeOne(Checked c, Set<String> failed) {
        ReleaseImage image = c.image;
        IndexAssembler.Assembled a = c.assembled;
        try {
            if (c.writeVersion) {
                client.putManifest(registry, image.name(), image.version(), a.mediaType(), a.bytes());
            }
            if (c.writeLatest) {
                client.putManifest(registry, image.name(), LATEST, a.mediaType(), a.bytes());
            }
            for (String extra : c.writeExtra) {
                client.putManifest(registry, image.name(), extra, a.mediaType(), a.bytes());
            }
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.UNREACHABLE || e.kind() == RegistryException.Kind.TLS
                    || e.kind() == RegistryException.Kind.AUTH) {
                throw e;
            }
            c.result = c.result.with(ImageRelease.Status.FAILED, "writing its tags failed: " + e.getMessage());
            failed.add(image.name());
        }
    }

    /**
     * Removes the staging tags of released images. The first refusal (a registry without tag deletion) stops the
     * removal: the rest are listed. A registry that dropped {@code <version>} with a staging tag gets it back.
     */
    private void removeStaging(List<ReleaseImage> ordered, Map<String, Checked> checked, List<String> deleted,
                               List<String> left) {
        boolean supported = true;
        for (ReleaseImage image : ordered) {
            Checked c = checked.get(image.name());
            if (!c.result.released() || c.result.staging().isEmpty()) {
                continue;
            }
            boolean removedHere = false;
            for (String tag : c.result.staging()) {
                if (supported) {
                    if (!deleteTag(image.name(), tag)) {
                        supported = false;
                    } else {
                        deleted.add(image.name() + ":" + tag);
                        removedHere = true;
                        continue;
                    }
                }
                left.add(image.name() + ":" + tag);
            }
            if (removedHere && c.assembled != null
                    && client.head(registry, image.name(), image.version()).isEmpty()) {
                client.putManifest(registry, image.name(), image.version(), c.assembled.mediaType(),
                        c.assembled.bytes());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Deletes one tag (never a manifest: OCI distribution 1.1 tag deletion).
     *
     * @return false when the registry does not delete tags (distribution 2.x answers 400; others 405 or 404
     *         UNSUPPORTED)
     */
    private boolean deleteTag(String name, String tag) {
        try {
            client.deleteManifest(registry, name, tag);
            return true;
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.HTTP && (e.status() == 400 || e.status() == 404
                    || e.status() == 405 || e.status() == 501)) {
                return false;
            }
            throw e;
        }
    }

    private List<String> platformsOf(String name, String digest) {
        return PublishedImageReader.inspect(client, registry, name, digest).map(ImageSummary::platforms).map(List::copyOf)
                .orElse(List.of());
    }

    private static List<String> normalised(List<String> platforms) {
        TreeSet<String> out = new TreeSet<>();
        platforms.forEach(p -> out.add(Platform.parse(p).toString()));
        return List.copyOf(out);
    }

    private static ImageRelease result(ReleaseImage image, ImageRelease.Status status, String reason,
                                       Optional<String> digest, List<String> platforms, List<String> missing,
                                       List<String> staging) {
        return new ImageRelease(image.name(), image.version(), status, reason, digest, platforms, missing, staging,
                List.of());
    }
}
