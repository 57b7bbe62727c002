package dev.cip.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cip.json.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cip.files.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code docker buildx bake} definition in its JSON form: one target per image and a {@code default} group holding
 * them all.
 */
@JsonPropertyOrder({"group", "target"})
public record BakeFile(Map<String, Group> group, Map<String, Target> target) {
    

    public BakeFile {
        group = Collections.unmodifiableMap(new LinkedHashMap<>(group));
        target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
    }

    /** A group of targets. */
    public record Group(List<String> targets) {
        public Group {
            targets = List.copyOf(targets);
        }
    }

    /**
     * One image. Field names are bake's.
     *
     * @param contexts named contexts: every internal reference of the Dockerfile, to {@code target:<parent>} or to a
     *                 {@code docker-image://…@sha256:…} pinned to the digest the plan saw
     * @param secret   {@code id=…,env=…} or {@code id=…,src=…}: only names and paths, never values
     * @param annotations {@code manifest:<key>=<value>}: OCI annotations on each pushed image manifest
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"context", "dockerfile", "platforms", "args", "contexts", "labels", "annotations", "tags", "pull",
            "attest", "secret", "cache-from", "cache-to", "output"})
    public record Target(String context, String dockerfile, List<String> platforms, Map<String, String> args,
                         Map<String, String> contexts, Map<String, String> labels, List<String> annotations,
                         List<String> tags,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean pull, List<String> attest,
                         List<String> secret, @JsonProperty("cache-from") List<String> cacheFrom,
                         @JsonProperty("cache-to") List<String> cacheTo, List<String> output) {
        public Target {
            platforms = List.copyOf(platforms);
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
            contexts = Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            annotations = List.copyOf(annotations);
            tags = List.copyOf(tags);
            attest = List.copyOf(attest);
            secret = List.copyOf(secret);
            cacheFrom = List.copyOf(cacheFrom);
            cacheTo = List.copyOf(cacheTo);
            output = List.copyOf(output);
        }
    }

    public String toJson() {
        try {
            return Json.pretty(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the bake definition", e);
        }
    }

    /**
     * Writes the definition to {@code file}, readable by its owner only (build arguments may be sensitive), replacing
     * it atomically.
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeOwnerOnly(file, toJson());
    }
}
