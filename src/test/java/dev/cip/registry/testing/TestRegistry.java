package dev.cip.registry.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real registry (Debian's {@code docker-registry}, distribution 2.8) on a free loopback port with its own
 * config and temporary storage. Variants: open, htpasswd Basic auth, TLS, token auth. Stopped by PID on close.
 * A missing binary fails the test (never skips).
 */
public final class TestRegistry implements AutoCloseable {
    public static final String BINARY_HINT = "install docker-registry (run scripts/test-env.sh up)";

    private final Process process;
    private final Path dir;
    private final int port;
    private final boolean tls;

    private TestRegistry(Process process, Path dir, int port, boolean tls) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tls = tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An open registry: no auth, plain HTTP. */
    public static TestRegistry open() {
        return builder().start();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path directory() {
        return dir;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    public static Path binary() {
        return findBinary(System.getenv().getOrDefault("PATH", "") + ":/usr/bin");
    }

    /** Finds {@code docker-registry} on a PATH-like list; a missing binary fails (the tests never skip). */
    public static Path findBinary(String searchPath) {
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "docker-registry");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("docker-registry not found in " + searchPath + ": " + BINARY_HINT);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Options of the registry to start. */
    public static final class Builder {
        private String htpasswdUser;
        private String htpasswdPassword;
        private TestCa.ServerCert tlsCert;
        private String tokenRealm;
        private String tokenService;
        private String tokenIssuer;
        private Path tokenRootBundle;
        private Path storage;

        private Builder() {
        }

        /** htpasswd Basic auth with a bcrypt entry made by {@code htpasswd -Bbn}. */
        public Builder htpasswd(String user, String password) {
            this.htpasswdUser = user;
            this.htpasswdPassword = password;
            return this;
        }

        public Builder tls(TestCa.ServerCert cert) {
            this.tlsCert = cert;
            return this;
        }

        /** Token auth: {@code auth.token} with a realm, service, issuer and root certificate bundle. */
        public Builder token(String realm, String service, String issuer, Path rootCertBundle) {
            this.tokenRealm = realm;
            this.tokenService = service;
            this.tokenIssuer = issuer;
            this.tokenRootBundle = rootCertBundle;
            return this;
        }

        /** Shares storage with another registry (a directory that outlives this one). */
        public Builder storage(Path dir) {
            this.storage = dir;
            return this;
        }

        public TestRegistry start() {
            Path bin = binary();
            AssertionError last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startOnce(bin);
                } catch (AssertionError e) {
                    last = e;
                    if (!String.valueOf(e.getMessage()).contains("address already in use")) {
                        throw e;
                    }
                }
            }
            throw last;
        }

        private TestRegistry startOnce(Path bin) {
            Path dir;
            try {
                dir = Files.createTempDirectory("cip-test-registry-");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            int port = freePort();
            StringBuilder yml = new StringBuilder();
            yml.append("version: 0.1\n")
                    .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                    .append("storage:\n  filesystem:\n    rootdirectory: ")
                    .append(storage != null ? storage : dir.resolve("data")).append('\n')
                    .append("  delete:\n    enabled: true\n")
                    .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                    .append("  secret: ").append(UUID.randomUUID()).append('\n');
            if (tlsCert != null) {
                yml.append("  tls:\n    certificate: ").append(tlsCert.certificate()).append('\n')
                        .append("    key: ").append(tlsCert.key()).append('\n');
            }
            if (htpasswdUser != null) {
                String line = Commands.run(dir, "htpasswd", "-Bbn", htpasswdUser, htpasswdPassword).trim();
                try {
                    Files.writeString(dir.resolve("htpasswd"), line + "\n");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                yml.append("auth:\n  htpasswd:\n    realm: cip-test\n    path: ").append(dir.resolve("htpasswd"))
                        .append('\n');
            } else if (tokenRealm != null) {
                yml.append("auth:\n  token:\n    realm: ").append(tokenRealm).append('\n')
                        .append("    service: ").append(tokenService).append('\n')
                        .append("    issuer: ").append(tokenIssuer).append('\n')
                        .append("    rootcertbundle: ").append(tokenRootBundle).append('\n');
            }
            Path config = dir.resolve("config.yml");
            Path log = dir.resolve("registry.log");
            try {
                Files.writeString(config, yml.toString());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            ProcessBuilder pb = new ProcessBuilder(bin.toString(), "serve", config.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError("cannot start " + bin + ": " + e.getMessage() + "; " + BINARY_HINT, e);
            }
            TestRegistry r = new TestRegistry(p, dir, port, tlsCert != null);
            try {
                r.awaitReady();
            } catch (AssertionError e) {
                r.close();
                throw e;
            }
            return r;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited with " + process.exitValue() + " before it was ready: "
                        + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (tls) {
                    return;
                }
                HttpResponse<Void> resp = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (resp.statusCode() == 200 || resp.statusCode() == 401) {
                    return;
                }
            } catch (IOException ignored) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("docker-registry on " + address() + " not ready after 20 s: " + log());
    }

    @Override
    public String toString() {
        return "TestRegistry[" + address() + ", pid " + pid() + "]";
    }

    static List<String> lines(String s) {
        return List.of(s.split("\n"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
