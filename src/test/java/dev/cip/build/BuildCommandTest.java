package dev.cip.build;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildCommandTest {
    private static final Path CTX = Path.of("/p/contexts/01-app");

    private static BuildRequest request(String version, Map<String, String> buildArgs, boolean tagLatest,
                                        List<String> platforms, boolean pull, BuildRequest.Output output,
                                        Optional<Boolean> provenance, Optional<String> builder,
                                        Optional<Path> metadata, List<String> extraArgs) {
        return new BuildRequest("app", version, "localhost:5000", CTX, buildArgs, Map.of(), tagLatest, platforms,
                pull, output, provenance, builder, metadata, extraArgs);
    }

    @Test
    void pushForAllPlatformsWithEverything() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("GOAL_ARG", "g"); // goal build args come first ...
        args.put("INFO_ARG", "i"); // ... then those of info.edn, in the order given
        BuildRequest r = request("1.4.0", args, true, List.of("linux/amd64", "linux/arm64"), true,
                BuildRequest.Output.PUSH, Optional.of(false), Optional.of("multi"),
                Optional.of(Path.of("/p/target/cip/meta/app.json")), List.of("--ssh", "default", "--no-cache"));
        assertEquals(List.of("docker", "buildx", "build",
                "--build-arg=REGISTRY=localhost:5000",
                "--build-arg=GOAL_ARG=g",
                "--build-arg=INFO_ARG=i",
                "--tag", "localhost:5000/app:1.4.0",
                "--tag", "localhost:5000/app:latest",
                "--platform=linux/amd64,linux/arm64",
                "--pull",
                "--push",
                "--provenance=false",
                "--builder", "multi",
                "--metadata-file", "/p/target/cip/meta/app.json",
                "--file=/p/contexts/01-app/Dockerfile",
                "--ssh", "default", "--no-cache",
                "/p/contexts/01-app"), BuildCommand.argv("docker", r));
    }

    @Test
    void loadLocallyWithTheMinimum() {
        BuildRequest r = request("1", Map.of(), false, List.of(), false, BuildRequest.Output.LOAD, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of());
        assertEquals(List.of("/usr/bin/docker", "buildx", "build",
                "--build-arg=REGISTRY=localhost:5000",
                "--tag", "localhost:5000/app:1",
                "--load",
                "--file=/p/contexts/01-app/Dockerfile",
                "/p/contexts/01-app"), BuildCommand.argv("/usr/bin/docker", r));
    }

    @Test
    void provenanceTrueFalseOrAbsent() {
        for (Optional<Boolean> p : List.of(Optional.of(true), Optional.of(false), Optional.<Boolean>empty())) {
            List<String> argv = BuildCommand.argv("docker", request("1", Map.of(), true, List.of(), false,
                    BuildRequest.Output.PUSH, p, Optional.empty(), Optional.empty(), List.of()));
            List<String> flags = argv.stream().filter(a -> a.startsWith("--provenance")).toList();
            assertEquals(p.map(v -> List.of("--provenance=" + v)).orElse(List.of()), flags);
            p.ifPresent(v -> assertEquals(argv.indexOf("--push") + 1, argv.indexOf("--provenance=" + v)));
        }
    }

    @Test
    void latestTagOnlyWhenAsked() {
        List<String> with = BuildCommand.argv("docker", request("1", Map.of(), true, List.of(), false,
                BuildRequest.Output.PUSH, Optional.empty(), Optional.empty(), Optional.empty(), List.of()));
        List<String> without = BuildCommand.argv("docker", request("1", Map.of(), false, List.of(), false,
                BuildRequest.Output.PUSH, Optional.empty(), Optional.empty(), Optional.empty(), List.of()));
        assertTrue(with.contains("localhost:5000/app:latest"));
        assertEquals(2, with.stream().filter("--tag"::equals).count());
        assertFalse(without.contains("localhost:5000/app:latest"));
        assertEquals(1, without.stream().filter("--tag"::equals).count());
    }

    @Test
    void extraArgsComeRightBeforeTheContextPath() {
        List<String> argv = BuildCommand.argv("docker", request("1", Map.of(), false, List.of(), false,
                BuildRequest.Output.LOAD, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("--target", "final")));
        int n = argv.size();
        assertEquals(List.of("--file=/p/contexts/01-app/Dockerfile", "--target", "final", "/p/contexts/01-app"),
                argv.subList(n - 4, n));
    }

    @Test
    void valuesThatLookLikeFlagsStayInsideTheirArgument() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("EVIL", "--output=x");
        args.put("SPACED", "a b --push");
        BuildRequest r = request("--output=x", args, true, List.of(), false, BuildRequest.Output.LOAD,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        List<String> argv = BuildCommand.argv("docker", r);
        assertFalse(argv.contains("--output=x"), argv.toString());
        assertEquals(1, argv.stream().filter("--push"::equals).count() + argv.stream()
                .filter("--load"::equals).count(), argv.toString());
        assertTrue(argv.contains("--build-arg=EVIL=--output=x"));
        assertTrue(argv.contains("--build-arg=SPACED=a b --push"));
        int tag = argv.indexOf("--tag");
        assertEquals("localhost:5000/app:--output=x", argv.get(tag + 1));
        assertTrue(argv.stream().noneMatch(a -> a.startsWith("--output")), argv.toString());
    }

    @Test
    void aRegistryWithAPathPrefixesBothTags() {
        BuildRequest r = new BuildRequest("app", "2", "registry.example.com/team", CTX, Map.of(), Map.of(), true,
                List.of(), false, BuildRequest.Output.PUSH, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of());
        List<String> argv = BuildCommand.argv("docker", r);
        assertEquals("--build-arg=REGISTRY=registry.example.com/team", argv.get(3));
        assertTrue(argv.contains("registry.example.com/team/app:2"));
        assertTrue(argv.contains("registry.example.com/team/app:latest"));
    }
}
