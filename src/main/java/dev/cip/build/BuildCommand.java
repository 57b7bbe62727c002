package dev.cip.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The argv of one build, in compat's argument order (SPEC §6). Never passes through a shell. */
public final class BuildCommand {
    private BuildCommand() {
    }

    public static List<String> argv(String docker, BuildRequest r) {
        List<String> argv = new ArrayList<>();
        argv.add(docker);
        argv.add("buildx");
        argv.add("build");
        argv.add("--build-arg=REGISTRY=" + r.registry());
        for (Map.Entry<String, String> e : r.buildArgs().entrySet()) {
            argv.add("--build-arg=" + e.getKey() + "=" + e.getValue());
        }
        argv.add("--tag");
        argv.add(r.versionedTag());
        if (r.tagLatest()) {
            argv.add("--tag");
            argv.add(r.latestTag());
        }
        for (Map.Entry<String, String> e : r.labels().entrySet()) {
            argv.add("--label=" + e.getKey() + "=" + e.getValue());
        }
        if (!r.platforms().isEmpty()) {
            argv.add("--platform=" + String.join(",", r.platforms()));
        }
        if (r.pull()) {
            argv.add("--pull");
        }
        argv.add(r.output().flag());
        r.provenance().ifPresent(p -> argv.add("--provenance=" + p));
        r.builder().ifPresent(b -> {
            argv.add("--builder");
            argv.add(b);
        });
        r.metadataFile().ifPresent(f -> {
            argv.add("--metadata-file");
            argv.add(f.toString());
        });
        argv.add("--file=" + r.context().resolve("Dockerfile"));
        argv.addAll(r.extraArgs());
        argv.add(r.context().toString());
        return argv;
    }
}
