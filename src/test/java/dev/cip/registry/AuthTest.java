package dev.cip.registry;

import dev.cip.store.PublishedImageReader;
import dev.cip.maven.MavenHelpfulSuggestions;
import dev.cip.registry.testing.FaultProxy;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.registry.testing.TokenServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {
    private static final String USER = "cip-user";
    private static final String PASSWORD = "s3cr3t-Pa55";

    @TempDir
    Path tmp;
    private TestRegistry basic;
    private TokenServer tokens;
    private TestRegistry tokenRegistry;
    private Path classDir;

    @BeforeAll
    void start() throws IOException {
        basic = TestRegistry.builder().htpasswd(USER, PASSWORD).start();
        classDir = Files.createTempDirectory("cip-auth-test-");
        tokens = TokenServer.start(classDir.resolve("token"), "cip-test-registry", "cip-test-issuer");
        tokenRegistry = TestRegistry.builder().token(tokens.realm(), tokens.service(), tokens.issuer(),
                tokens.rootCertBundle()).start();
    }

    @AfterAll
    void stop() throws IOException {
        if (basic != null) {
            basic.close();
        }
        if (tokenRegistry != null) {
            tokenRegistry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        if (classDir != null) {
            try (var s = Files.walk(classDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String ns() {
        return TestImages.namespace("a");
    }

    private static RegistryClient client(CredentialProvider creds) {
        return new RegistryClient(RegistryOptions.defaults().withCredentials(creds)
                .withHints(MavenHelpfulSuggestions.INSTANCE)
                .withRetryDelays(Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private Path dockerConfig(String json) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "docker");
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private void pushAndRead(RegistryClient c, String registry) {
        String name = ns() + "/img";
        TestImages.Pushed p = TestImages.pushIndex(c, registry, name, "1.0", List.of("linux/amd64"),
                Map.of("dev.cip.fingerprint", "f"), true, 64);
        assertEquals(p.digest(), c.head(registry, name, "1.0").orElseThrow().digest());
        assertEquals("f", PublishedImageReader.inspect(c, registry, name, "1.0").orElseThrow().fingerprint());
    }

    // ------------------------------------------------------------------------------------------------ Basic

    @Test
    void basicWithoutCredentialsSaysWhatToDo() {
        try (RegistryClient c = client(CredentialProvider.none())) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.head(basic.address(), "x/app", "1.0"));
            assertEquals(RegistryException.Kind.AUTH, e.kind());
            assertEquals(401, e.status());
            assertEquals("x/app", e.repository());
            assertTrue(e.getMessage().contains("docker login " + basic.address()), e.getMessage());
            assertTrue(e.getMessage().contains("<server> whose id is " + basic.address()), e.getMessage());
            assertTrue(e.getMessage().contains("x/app"), e.getMessage());
        }
    }

    @Test
    void basicWithDockerConfigAuths() throws IOException {
        Path dir = dockerConfig("{\"auths\":{\"https://" + basic.address() + "/v1/\":{\"auth\":\""
                + b64(USER + ":" + PASSWORD) + "\"}}}");
        CredentialResolver r = CredentialResolver.builder().dockerConfigDir(dir).environment(Map.of()).build();
        assertEquals(Credentials.basic(USER, PASSWORD), r.resolve(basic.address()).orElseThrow());
        try (RegistryClient c = client(r)) {
            pushAndRead(c, basic.address());
        }
    }

    @Test
    void basicWithCredentialHelperOnInjectedPath() throws IOException {
        Path bin = Files.createTempDirectory(tmp, "bin");
        Path marker = bin.resolve("called");
        Path script = bin.resolve("docker-credential-test");
        Files.writeString(script, "#!/bin/sh\n"
                + "read host\n"
                + "echo \"$1 $host\" >> '" + marker + "'\n"
                + "if [ \"$1\" = get ] && [ \"$host\" = '" + basic.address() + "' ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD
                + "\"}' \"$host\"\n"
                + "else\n  echo 'credentials not found in native keychain'; exit 1\nfi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        // auths holds a wrong password: the helper must win
        Path dir = dockerConfig("{\"credHelpers\":{\"" + basic.address() + "\":\"test\"},\"auths\":{\""
                + basic.address() + "\":{\"auth\":\"" + b64(USER + ":wrong") + "\"}}}");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        CredentialResolver r = CredentialResolver.builder().dockerConfigDir(dir).environment(env).build();
        try (RegistryClient c = client(r)) {
            pushAndRead(c, basic.address());
        }
        assertEquals("get " + basic.address(), Files.readString(marker).trim());
        // credsStore with the same helper, for another host: "not found" falls through to auths
        Path dir2 = dockerConfig("{\"credsStore\":\"test\",\"auths\":{\"other.example:1\":{\"auth\":\""
                + b64("u:p") + "\"}}}");
        CredentialResolver r2 = CredentialResolver.builder().dockerConfigDir(dir2).environment(env).build();
        assertEquals(Credentials.basic(USER, PASSWORD), r2.resolve(basic.address()).orElseThrow());
        assertEquals(Credentials.basic("u", "p"), r2.resolve("other.example:1").orElseThrow());
        // a helper that is not on the PATH is a clear error
        CredentialResolver r3 = CredentialResolver.builder().dockerConfigDir(dir)
                .environment(Map.of("PATH", "/nonexistent")).build();
        RegistryException e = assertThrows(RegistryException.class, () -> r3.resolve(basic.address()));
        assertTrue(e.getMessage().contains("docker-credential-test is not on the PATH"), e.getMessage());
    }

    @Test
    void explicitSettingsCredentialsWinOverDockerConfig() throws IOException {
        Path dir = dockerConfig("{\"auths\":{\"" + basic.address() + "\":{\"auth\":\"" + b64(USER + ":wrong")
                + "\"}}}");
        CredentialResolver r = CredentialResolver.builder()
                .explicit(Map.of(basic.address(), Credentials.basic(USER, PASSWORD)))
                .dockerConfigDir(dir).environment(Map.of()).build();
        try (RegistryClient c = client(r)) {
            pushAndRead(c, basic.address());
        }
    }

    @Test
    void rejectedCredentialsAreReportedWithoutTheSecret() throws IOException {
        CredentialResolver r = CredentialResolver.builder()
                .explicit(Map.of(basic.address(), Credentials.basic(USER, "wrong-Secret-123")))
                .dockerConfigDir(tmp.resolve("none")).environment(Map.of()).build();
        try (RegistryClient c = client(r)) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.head(basic.address(), "x/app", "1.0"));
            assertEquals(RegistryException.Kind.AUTH, e.kind());
            assertTrue(e.getMessage().contains("rejected the credentials"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-Secret-123"));
            assertFalse(e.toString().contains("wrong-Secret-123"));
        }
        assertFalse(Credentials.basic(USER, "wrong-Secret-123").toString().contains("wrong-Secret-123"));
        assertFalse(Credentials.identityToken("tok-123").toString().contains("tok-123"));
    }

    // ------------------------------------------------------------------------------------------------ Bearer

    @Test
    void bearerTokensAreFetchedOncePerRepositoryAndScope() {
        try (RegistryClient seed = client(CredentialProvider.none())) {
            String name = ns() + "/app";
            TestImages.pushSingle(seed, tokenRegistry.address(), name, "1.0", "linux/amd64", Map.of(), 10);
            try (RegistryClient c = client(CredentialProvider.none())) {
                int before = tokens.requests();
                for (int i = 0; i < 5; i++) {
                    assertTrue(c.head(tokenRegistry.address(), name, "1.0").isPresent());
                }
                assertTrue(c.manifest(tokenRegistry.address(), name, "1.0").isPresent());
                assertEquals(before + 1, tokens.requests(), "one token for repository:" + name + ":pull");
                assertTrue(c.head(tokenRegistry.address(), ns() + "/other", "1.0").isEmpty());
                assertEquals(before + 2, tokens.requests(), "another repository needs another token");
                assertTrue(tokens.scopesRequested().contains("repository:" + name + ":pull"));
            }
        }
    }

    @Test
    void bearerPushAndInspectAndAccessTokenField() {
        tokens.useAccessTokenField(true);
        try (RegistryClient c = client(CredentialProvider.none())) {
            pushAndRead(c, tokenRegistry.address());
        } finally {
            tokens.useAccessTokenField(false);
        }
    }

    @Test
    void refusedCachedTokenIsRefreshedOnce() {
        try (FaultProxy proxy = FaultProxy.to(tokenRegistry.address());
             RegistryClient c = client(CredentialProvider.none())) {
            String name = ns() + "/app";
            TestImages.pushSingle(c, proxy.address(), name, "1.0", "linux/amd64", Map.of(), 10);
            assertTrue(c.head(proxy.address(), name, "1.0").isPresent());
            int before = tokens.requests();
            String challenge = "Bearer realm=\"" + tokens.realm() + "\",service=\"" + tokens.service()
                    + "\",scope=\"repository:" + name + ":pull\"";
            proxy.fail(401, Map.of("WWW-Authenticate", challenge));
            assertTrue(c.head(proxy.address(), name, "1.0").isPresent());
            assertEquals(before + 1, tokens.requests(), "the refused token was replaced once");
            assertTrue(c.head(proxy.address(), name, "1.0").isPresent());
            assertEquals(before + 1, tokens.requests(), "the new token is cached");
            // two refusals in a row: refreshed once, then a clear error
            proxy.fail(401, Map.of("WWW-Authenticate", challenge)).fail(401, Map.of("WWW-Authenticate", challenge));
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(proxy.address(), name, "1.0"));
            assertEquals(RegistryException.Kind.AUTH, e.kind());
            assertEquals(before + 2, tokens.requests());
        }
    }

    @Test
    void tokenServiceRequiringCredentials() throws IOException {
        TokenServer locked = TokenServer.start(classDir.resolve("locked"), "locked-registry", "locked-issuer");
        locked.requireCredentials(USER, PASSWORD);
        try (locked; TestRegistry reg = TestRegistry.builder().token(locked.realm(), locked.service(),
                locked.issuer(), locked.rootCertBundle()).start()) {
            try (RegistryClient anon = client(CredentialProvider.none())) {
                RegistryException e = assertThrows(RegistryException.class,
                        () -> anon.head(reg.address(), "x/app", "1.0"));
                assertEquals(RegistryException.Kind.AUTH, e.kind());
                assertTrue(e.getMessage().contains("refused anonymous access"), e.getMessage());
                assertTrue(e.getMessage().contains("docker login " + reg.address()), e.getMessage());
            }
            Path dir = dockerConfig("{\"auths\":{\"" + reg.address() + "\":{\"auth\":\"" + b64(USER + ":" + PASSWORD)
                    + "\"}}}");
            CredentialResolver r = CredentialResolver.builder().dockerConfigDir(dir).environment(Map.of()).build();
            try (RegistryClient c = client(r)) {
                pushAndRead(c, reg.address());
            }
            CredentialResolver wrong = CredentialResolver.builder()
                    .explicit(Map.of(reg.address(), Credentials.basic(USER, "nope")))
                    .environment(Map.of()).dockerConfigDir(dir).build();
            try (RegistryClient c = client(wrong)) {
                RegistryException e = assertThrows(RegistryException.class,
                        () -> c.head(reg.address(), "x/app", "1.0"));
                assertTrue(e.getMessage().contains("rejected the credentials"), e.getMessage());
            }
        }
    }

    /** An identity token ({@code auths[host].identitytoken}) is exchanged with a POST, never sent as Basic. */
    @Test
    void identityTokenIsExchangedForBearerTokens() throws IOException {
        TokenServer oauth = TokenServer.start(classDir.resolve("oauth"), "oauth-registry", "oauth-issuer");
        oauth.requireRefreshToken("refresh-T0KEN-123");
        try (oauth; TestRegistry reg = TestRegistry.builder().token(oauth.realm(), oauth.service(),
                oauth.issuer(), oauth.rootCertBundle()).start()) {
            Path dir = dockerConfig("{\"auths\":{\"" + reg.address() + "\":{\"identitytoken\":\"refresh-T0KEN-123\"}}}");
            CredentialResolver r = CredentialResolver.builder().dockerConfigDir(dir).environment(Map.of()).build();
            assertEquals(Credentials.identityToken("refresh-T0KEN-123"), r.resolve(reg.address()).orElseThrow());
            try (RegistryClient c = client(r)) {
                pushAndRead(c, reg.address());
            }
            assertFalse(oauth.methods().isEmpty());
            assertTrue(oauth.methods().stream().allMatch("POST"::equals), oauth.methods().toString());
            CredentialResolver wrong = CredentialResolver.builder()
                    .explicit(Map.of(reg.address(), Credentials.identityToken("expired")))
                    .environment(Map.of()).dockerConfigDir(dir).build();
            try (RegistryClient c = client(wrong)) {
                RegistryException e = assertThrows(RegistryException.class,
                        () -> c.head(reg.address(), "x/app", "1.0"));
                assertEquals(RegistryException.Kind.AUTH, e.kind());
                assertTrue(e.getMessage().contains("rejected the credentials for " + reg.address()), e.getMessage());
                assertFalse(e.getMessage().contains("expired"), e.getMessage());
            }
        }
    }

    @Test
    void challengeParsing() {
        List<AuthChallenge> cs = AuthChallenge.parseAll(List.of(
                "Bearer realm=\"https://auth.example/token\",service=\"reg, ok\",scope=\"repository:a/b:pull,push\"",
                "Basic realm=\"x\""));
        assertEquals(2, cs.size());
        assertTrue(cs.get(0).isBearer());
        assertEquals("reg, ok", cs.get(0).param("service"));
        assertEquals("repository:a/b:pull,push", cs.get(0).param("scope"));
        assertTrue(cs.get(1).isBasic());
        assertEquals("x", cs.get(1).param("realm"));
    }
}
