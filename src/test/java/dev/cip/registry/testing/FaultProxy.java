package dev.cip.registry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of a real registry: answers the next requests with queued faults (status and
 * headers), then passes requests through. Records when each request arrived.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "keep-alive", "upgrade", "expect", "te", "trailer", "proxy-connection");

    /** A canned answer. */
    public record Fault(int status, Map<String, String> headers) {
    }

    /** What reached the proxy. */
    public record Seen(String method, String path, long nanos, boolean faulted, String authorization) {
    }

    private final HttpServer server;
    private final HttpClient upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String upstream;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long delayMillis;
    private final List<Targeted> targeted = new CopyOnWriteArrayList<>();
    private volatile java.nio.file.Path faultLog;
    private volatile String publicAddress;

    /** A fault for requests of one method whose path contains a text, {@code times} times. */
    private static final class Targeted {
        final String method;
        final String pathPart;
        final int status;
        final java.util.concurrent.atomic.AtomicInteger left;

        Targeted(String method, String pathPart, int status, int times) {
            this.method = method;
            this.pathPart = pathPart;
            this.status = status;
            this.left = new java.util.concurrent.atomic.AtomicInteger(times);
        }
    }

    private FaultProxy(String upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Proxies to {@code http://<upstream>}. */
    public static FaultProxy to(String upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public FaultProxy fail(int status, Map<String, String> headers) {
        faults.add(new Fault(status, headers));
        return this;
    }

    /** Answers the next {@code times} {@code method} requests whose path contains {@code pathPart} with status. */
    public FaultProxy failMatching(String method, String pathPart, int status, int times) {
        targeted.add(new Targeted(method, pathPart, status, times));
        return this;
    }

    /**
     * Runs a proxy until killed, for integration tests: {@code FaultProxy <upstream> <address-file> <fault-log>
     * [METHOD:path-part:status:times]…}. Writes its address to the address file and appends one line per injected
     * fault to the fault log.
     */
    public static void main(String[] args) throws Exception {
        FaultProxy proxy = FaultProxy.to(args[0]);
        proxy.faultLog = java.nio.file.Path.of(args[2]);
        for (int i = 3; i < args.length; i++) {
            String[] f = args[i].split(":");
            proxy.failMatching(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]));
        }
        // Docker tries TLS first even on loopback, and falls back to plain HTTP only when the server answers the
        // handshake in HTTP: a front port does so and pipes the other connections to the HTTP server.
        java.net.ServerSocket front = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        proxy.publicAddress = "127.0.0.1:" + front.getLocalPort();
        int inner = proxy.server.getAddress().getPort();
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), proxy.publicAddress);
        while (true) {
            java.net.Socket client = front.accept();
            Thread t = new Thread(() -> pipe(client, inner));
            t.setDaemon(true);
            t.start();
        }
    }

    private static void pipe(java.net.Socket client, int port) {
        try (client) {
            java.io.InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0) {
                return;
            }
            if (first == 0x16) {
                // A TLS ClientHello: answer in plain HTTP, as a plain registry does, so the client falls back.
                client.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return;
            }
            try (java.net.Socket server = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                server.getOutputStream().write(first);
                Thread up = new Thread(() -> {
                    try {
                        in.transferTo(server.getOutputStream());
                        server.shutdownOutput();
                    } catch (IOException e) {
                        // the connection ended
                    }
                });
                up.setDaemon(true);
                up.start();
                server.getInputStream().transferTo(client.getOutputStream());
                up.join();
            }
        } catch (IOException e) {
            // the connection ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault targetedFault(String method, String path) {
        for (Targeted t : targeted) {
            if (t.method.equals(method) && path.contains(t.pathPart) && t.left.getAndDecrement() > 0) {
                java.nio.file.Path log = faultLog;
                if (log != null) {
                    try {
                        java.nio.file.Files.writeString(log, method + " " + path + " " + t.status + "\n",
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return new Fault(t.status, Map.of());
            }
        }
        return null;
    }

    /** Delays every passed-through request (to observe concurrency). */
    public FaultProxy delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** The most requests that were in the proxy at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Counts a request as in flight from its arrival until its answer starts (the client waits that long). */
    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean[] counted = {true};
        // (HttpExchange attributes are shared by the whole context in JDK 17: keep the state here)
        Runnable answered = () -> {
            if (counted[0]) {
                counted[0] = false;
                inFlight.decrementAndGet();
            }
        };
        try {
            handleCounted(ex, answered);
        } finally {
            answered.run();
        }
    }

    private void handleCounted(HttpExchange ex, Runnable answered) throws IOException {
        try (ex) {
            String authz = ex.getRequestHeaders().getFirst("Authorization");
            String path = ex.getRequestURI().getRawPath();
            Fault f = faults.poll();
            if (f == null) {
                f = targetedFault(ex.getRequestMethod(), path);
            }
            seen.add(new Seen(ex.getRequestMethod(), path, System.nanoTime(), f != null, authz));
            if (f != null) {
                f.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                byte[] body = ("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected " + f.status()
                        + "\"}]}").getBytes();
                if (ex.getRequestMethod().equals("HEAD")) {
                    answered.run();
                ex.sendResponseHeaders(f.status(), -1);
                } else {
                    answered.run();
                ex.sendResponseHeaders(f.status(), body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
                return;
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            byte[] reqBody = ex.getRequestBody().readAllBytes();
            String q = ex.getRequestURI().getRawQuery();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://" + upstream + path
                            + (q == null ? "" : "?" + q)))
                    .method(ex.getRequestMethod(), reqBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(reqBody));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> rb.header(k, v));
                }
            });
            HttpResponse<byte[]> resp = upstreamClient.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            resp.headers().map().forEach((k, vs) -> {
                String lk = k.toLowerCase(Locale.ROOT);
                if (lk.equals("location")) {
                    // a reverse proxy sends clients back to itself
                    String self = publicAddress != null ? publicAddress : address();
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v.replace("//" + upstream + "/",
                            "//" + self + "/")));
                } else if (!HOP.contains(lk)
                        || (lk.equals("content-length") && ex.getRequestMethod().equals("HEAD"))) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            byte[] body = resp.body();
            if (ex.getRequestMethod().equals("HEAD") || body.length == 0) {
                answered.run();
                ex.sendResponseHeaders(resp.statusCode(), -1);
            } else {
                answered.run();
                ex.sendResponseHeaders(resp.statusCode(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
