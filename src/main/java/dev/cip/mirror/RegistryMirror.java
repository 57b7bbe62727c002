package dev.cip.mirror;

import dev.cip.oci.ImageName;
import dev.cip.report.Console;
import dev.cip.registry.CopyResult;
import dev.cip.registry.ManifestHead;
import dev.cip.registry.RegistryAddress;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryCopier;
import dev.cip.registry.RegistryException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.cip.oci.Names.shortDigest;
import static dev.cip.oci.Tags.LATEST;

/**
 * Copies project images, each at its version, from one registry to another with all platforms (index, every
 * manifest including attestations, configs and layers), tagged {@code <version>} and {@code latest}.
 * <ul>
 *   <li>An image whose {@code <version>} already has the source's digest in the target is skipped (its
 *       {@code latest} is moved to it when it points elsewhere).</li>
 *   <li>An image missing from the source is recorded and the others are still copied.</li>
 *   <li>Both registries are checked first: one that is down or refuses the credentials stops the run before
 *       anything is copied. Such a failure of the environment during the run also stops it; any other failure of
 *       one image is recorded and the others are still copied.</li>
 * </ul>
 */
public final class RegistryMirror {
    /** What happened to one image. */
    public enum CopyStatus {
        /** Copied (or, in a dry run, would be). */
        COPIED,
        /** Already complete in the target. */
        SKIPPED,
        /** Not in the source registry at its version. */
        MISSING,
        /** The copy failed; see {@link ImageCopy#detail()}. */
        FAILED
    }

    /**
     * One image's outcome.
     *
     * @param digest the source's digest (null when missing or failed before it was known)
     * @param copy   what the copier did (null unless copied for real)
     * @param detail a human sentence: what was done or why not
     */
    public record ImageCopy(ImageVersion image, CopyStatus status, String digest, CopyResult copy, String detail)
            implements ImageOutcomes.Handled<CopyStatus> {
    }

    /** An image missing from the source fails the goal, as a failed copy does. */
    private static final Set<CopyStatus> FAILURES = EnumSet.of(CopyStatus.MISSING, CopyStatus.FAILED);

    private final RegistryClient client;
    private final RegistryCopier copier;
    private final Console console;

    public RegistryMirror(RegistryClient client, Console console) {
        this.client = Objects.requireNonNull(client, "client");
        this.copier = new RegistryCopier(client);
        this.console = Objects.requireNonNull(console, "console");
    }

    /**
     * Copies {@code images} (in the given order) from {@code from} to {@code to}.
     *
     * @param dryRun only decide and log what would be copied; nothing is written
     * @throws RegistryException when a registry is unreachable, refuses TLS or the credentials (nothing more is
     *                           copied then)
     */
    public ImageOutcomes<CopyStatus, ImageCopy> upload(String from, String to, List<ImageVersion> images,
                                                       boolean dryRun) {
        RegistryAddress source = RegistryAddress.parse(from);
        RegistryAddress target = RegistryAddress.parse(to);
        client.ping(from);
        if (!source.host().equals(target.host())) {
            client.ping(to);
        }
        List<ImageCopy> outcomes = new ArrayList<>();
        for (ImageVersion image : images) {
            ImageCopy outcome;
            try {
                outcome = one(from, to, image, dryRun);
            } catch (RegistryException e) {
                if (stopsTheRun(e)) {
                    throw e;
                }
                outcome = new ImageCopy(image, CopyStatus.FAILED, null, null, e.getMessage());
            }
            outcomes.add(outcome);
            ImageOutcomes.tell(console, outcome, FAILURES);
        }
        return new ImageOutcomes<>(outcomes, FAILURES);
    }

    private ImageCopy one(String from, String to, ImageVersion image, boolean dryRun) {
        String name = image.name();
        String version = image.version();
        Optional<ManifestHead> src = client.head(from, name, version);
        if (src.isEmpty()) {
            return new ImageCopy(image, CopyStatus.MISSING, null, null,
                    "missing from " + ref(from, image) + "; not copied");
        }
        String digest = src.get().digest();
        Optional<ManifestHead> dst = client.head(to, name, version);
        if (dst.isPresent() && dst.get().digest().equals(digest)) {
            Optional<ManifestHead> latest = client.head(to, name, LATEST);
            if (latest.isPresent() && latest.get().digest().equals(digest)) {
                return new ImageCopy(image, CopyStatus.SKIPPED, digest, null, "skipped, already in " + to + " ("
                        + shortDigest(digest) + ")");
            }
            if (!dryRun) {
                // same content under <version>: only latest has to move; put the exact bytes, no blob is sent
                client.putManifest(to, name, LATEST, dst.get().mediaType(),
                        client.manifest(to, name, digest).orElseThrow().raw());
            }
            return new ImageCopy(image, CopyStatus.SKIPPED, digest, null, "skipped, already in " + to + " ("
                    + shortDigest(digest) + "); " + (dryRun ? "would tag" : "tagged") + " latest");
        }
        String why = dst.isPresent() ? "replacing " + shortDigest(dst.get().digest()) + " in " + to
                : "not in " + to;
        if (dryRun) {
            return new ImageCopy(image, CopyStatus.COPIED, digest, null, "would copy " + shortDigest(digest)
                    + " from " + from + " (" + why + ")");
        }
        CopyResult r = copier.copy(from, name, version, to, name, List.of(version, LATEST), image.ancestors());
        return new ImageCopy(image, CopyStatus.COPIED, digest, r, "copied " + shortDigest(digest) + " from " + from
                + ": " + r.blobsSent() + " blobs sent (" + r.bytesSent() + " bytes), " + r.blobsSkipped()
                + " already there, " + r.blobsMounted() + " mounted, " + r.manifestsPushed() + " manifests");
    }

    /** Failures of the environment that would hit every other image too. */
    static boolean stopsTheRun(RegistryException e) {
        return e.kind() == RegistryException.Kind.UNREACHABLE || e.kind() == RegistryException.Kind.TLS
                || e.kind() == RegistryException.Kind.AUTH && e.status() == 401;
    }

    static String ref(String registry, ImageVersion image) {
        return dockerReference(registry, image.name(), image.version());
    }

    /** {@code host[/prefix]/name:tag}, normalised (no scheme, no trailing slash). */
    public static String dockerReference(String registry, String name, String tag) {
        RegistryAddress a = RegistryAddress.parse(registry);
        String canonical = a.pathPrefix().isEmpty() ? a.host() : a.host() + "/" + a.pathPrefix();
        return new ImageName(canonical, name, tag).toString();
    }
}
