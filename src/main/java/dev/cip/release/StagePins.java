package dev.cip.release;

import dev.cip.failure.IncompleteStaging;
import dev.cip.oci.Platform;
import dev.cip.plan.Observations;
import dev.cip.plan.RunParents;
import dev.cip.plan.StoredImage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The step that resolves, before the bake definition is written, the digest every {@link RunParents.Pin} is built on:
 * the published one the plan saw, or, for a parent staged by earlier runs and not released, a staged one holding every
 * platform the child needs. This is the step of a build run that writes to the registry before the solve: when the
 * shards staged those platforms under separate tags, it stages the index assembled from them
 * ({@link StagingReader#stagePin}), unless the run only plans.
 */
public final class StagePins {
    private final Optional<StagingReader> staging;
    private final boolean write;

    /**
     * @param staging where a pushing run finds what earlier runs staged; empty: only published parents are pinned
     * @param write   stage assembled indexes (false for a plan or dry run: their digests are only computed)
     */
    public StagePins(Optional<StagingReader> staging, boolean write) {
        this.staging = staging;
        this.write = write;
    }

    /**
     * The digest of each pin that has one, by pin.
     *
     * @param seen          what the plan observed in the store
     * @param localPlatform the platform of images built without {@code --platform}
     * @throws IncompleteStaging when a parent is staged, but not for every platform a child needs
     */
    public Map<RunParents.Pin, String> resolve(List<RunParents.Pin> pins, Observations seen,
                                               Optional<Platform> localPlatform) {
        Map<RunParents.Pin, String> digests = new LinkedHashMap<>();
        for (RunParents.Pin pin : pins) {
            Optional<String> digest = digest(seen, pin.parent(), pin.tag(), pin.platforms(), localPlatform);
            if (digest.isEmpty() && !pin.tag().equals(pin.wanted())) {
                digest = digest(seen, pin.parent(), pin.wanted(), pin.platforms(), localPlatform);
            }
            digest.ifPresent(d -> digests.put(pin, d));
        }
        return digests;
    }

    private Optional<String> digest(Observations seen, String name, String tag, List<Platform> platforms,
                                    Optional<Platform> localPlatform) {
        return seen.at(name, tag).flatMap(StoredImage::digest)
                .or(() -> stagedDigest(seen, name, tag, platforms, localPlatform));
    }

    /**
     * The digest of a staging tag of {@code name:version} holding every platform a child is built for, when the
     * parent is staged by earlier runs but not released: the child is built on exactly that (an index assembled from
     * the shards' tags when no one tag holds them all).
     */
    private Optional<String> stagedDigest(Observations seen, String name, String version, List<Platform> platforms,
                                          Optional<Platform> localPlatform) {
        if (staging.isEmpty() || seen.stagedAt(name, version).isEmpty()) {
            return Optional.empty();
        }
        List<Platform> wanted = platforms.isEmpty() ? localPlatform.map(List::of).orElse(List.of()) : platforms;
        Optional<String> digest = staging.get().stagePin(name, version, wanted, write)
                .map(StagingReader.Pinned::digest);
        if (digest.isEmpty()) {
            throw new IncompleteStaging(name + " " + version, wanted.stream().map(Platform::toString).toList(),
                    name + " " + version + " is staged, but not for every one of "
                    + Platform.join(wanted, ", ") + " (staged: " + String.join(", ",
                    seen.stagedAt(name, version).keySet()) + "), so its children cannot be built on it; stage the "
                    + "missing platforms first, then run again. Nothing was built.");
        }
        return digest;
    }
}
