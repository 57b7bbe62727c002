package dev.cip.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one {@code docker buildx build} needs; values are validated before they get here.
 *
 * @param image        image name
 * @param version      its version (the tag)
 * @param registry     registry the tags are under, {@code host[:port][/path]}
 * @param context      the context directory
 * @param buildArgs    build arguments besides {@code REGISTRY}, in order
 * @param labels       labels to record on the image
 * @param tagLatest    also tag {@code latest}
 * @param platforms    {@code --platform} values; empty means the builder's local platform
 * @param pull         pass {@code --pull}
 * @param output       push to the registry or load into the local store
 * @param provenance   {@code --provenance=…} when set
 * @param builder      {@code --builder} when set
 * @param metadataFile {@code --metadata-file} when set
 * @param extraArgs    passed verbatim before the context path
 */
public record BuildRequest(String image, String version, String registry, Path context,
                           Map<String, String> buildArgs, Map<String, String> labels, boolean tagLatest,
                           List<String> platforms, boolean pull, Output output, Optional<Boolean> provenance,
                           Optional<String> builder, Optional<Path> metadataFile, List<String> extraArgs) {

    public BuildRequest {
        buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        platforms = List.copyOf(platforms);
        extraArgs = List.copyOf(extraArgs);
    }

    /** Where the built image goes. */
    public enum Output {
        PUSH("--push"), LOAD("--load");

        private final String flag;

        Output(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    public String versionedTag() {
        return registry + "/" + image + ":" + version;
    }

    public String latestTag() {
        return registry + "/" + image + ":latest";
    }
}
