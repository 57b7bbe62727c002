package dev.cip.oci;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageRefTest {

    private static void parses(String ref, String repository, String tag, String digest) {
        ImageRef r = ImageRef.parse(ref);
        assertEquals(repository, r.repository(), ref);
        assertEquals(Optional.ofNullable(tag), r.tag(), ref);
        assertEquals(Optional.ofNullable(digest), r.digest(), ref);
        assertEquals(ref, r.toString());
    }

    @Test
    void parse() {
        parses("debian", "debian", null, null);
        parses("debian:12", "debian", "12", null);
        parses("library/debian:12-slim", "library/debian", "12-slim", null);
        parses("localhost:5000/app:1", "localhost:5000/app", "1", null);
        parses("host:5000/app", "host:5000/app", null, null);
        parses("host:5000/team/app", "host:5000/team/app", null, null);
        parses("registry.example.com/team/app:1.2.3", "registry.example.com/team/app", "1.2.3", null);
        parses("app@sha256:abc", "app", null, "sha256:abc");
        parses("localhost:5000/app:1@sha256:abc", "localhost:5000/app", "1", "sha256:abc");
        parses("host:5000/app@sha256:abc", "host:5000/app", null, "sha256:abc");
        parses("[::1]:5000/app:2", "[::1]:5000/app", "2", null);
    }

    @Test
    void registryHostAndRepositoryPathFollowDocker() {
        resolves("debian:bookworm-slim", "registry-1.docker.io", "library/debian");
        resolves("user/app", "registry-1.docker.io", "user/app");
        resolves("docker.io/library/debian:12", "registry-1.docker.io", "library/debian");
        resolves("docker.io/debian", "registry-1.docker.io", "library/debian");
        resolves("Index.Docker.IO/user/app", "registry-1.docker.io", "user/app");
        resolves("ghcr.io/owner/app:1", "ghcr.io", "owner/app");
        resolves("quay.io/app", "quay.io", "app");
        resolves("localhost/app", "localhost", "app");
        resolves("LocalHost:5000/team/app@sha256:abc", "localhost:5000", "team/app");
        resolves("[::1]:5000/app:2", "[::1]:5000", "app");
        resolves("127.0.0.1:5000/a/b/c:1", "127.0.0.1:5000", "a/b/c");
    }

    private static void resolves(String ref, String host, String path) {
        ImageRef r = ImageRef.parse(ref);
        assertEquals(host, r.registryHost(), ref);
        assertEquals(path, r.repositoryPath(), ref);
    }

    @Test
    void nameUnderARegistry() {
        assertEquals(Optional.of("app"), ImageRef.parse("localhost:5000/app:1").nameUnder("localhost:5000"));
        assertEquals(Optional.of("app"), ImageRef.parse("localhost:5000/app").nameUnder("localhost:5000"));
        assertEquals(Optional.of("app"), ImageRef.parse("localhost:5000/app@sha256:abc").nameUnder("localhost:5000"));
        assertEquals(Optional.empty(), ImageRef.parse("localhost:5001/app:1").nameUnder("localhost:5000"));
        assertEquals(Optional.empty(), ImageRef.parse("localhost/app:1").nameUnder("localhost:5000"));
        assertEquals(Optional.empty(), ImageRef.parse("localhost:5000/team/app:1").nameUnder("localhost:5000"),
                "a deeper path is not a project image");
        assertEquals(Optional.empty(), ImageRef.parse("localhost:5000:1").nameUnder("localhost:5000"));
        assertEquals(Optional.empty(), ImageRef.parse("debian:12").nameUnder("localhost:5000"));
    }

    @Test
    void nameUnderARegistryWithAPath() {
        String reg = "registry.example.com/team";
        assertEquals(Optional.of("app"), ImageRef.parse("registry.example.com/team/app:1").nameUnder(reg));
        assertEquals(Optional.of("app"), ImageRef.parse("Registry.EXAMPLE.com/team/app:1").nameUnder(reg),
                "host names are case-insensitive");
        assertEquals(Optional.of("app"), ImageRef.parse("registry.example.com/team/app:1")
                .nameUnder("REGISTRY.example.com/team"));
        assertEquals(Optional.empty(), ImageRef.parse("registry.example.com/Team/app:1").nameUnder(reg),
                "the path is case-sensitive");
        assertEquals(Optional.empty(), ImageRef.parse("registry.example.com/app:1").nameUnder(reg));
        assertEquals(Optional.empty(), ImageRef.parse("registry.example.com/teamapp:1").nameUnder(reg));
        assertEquals(Optional.empty(), ImageRef.parse("registry.example.com/team/sub/app:1").nameUnder(reg));
        assertEquals(Optional.empty(), ImageRef.parse("registry.example.com/team").nameUnder(reg));
        assertEquals(Optional.of("app"), ImageRef.parse("registry.example.com/team/images/app:1")
                .nameUnder("registry.example.com/team/images"));
    }
}
