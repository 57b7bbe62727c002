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
            Fault f = faults.poll();
            String path = ex.getRequestURI().getRawPath();
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
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v.replace("//" + upstream + "/",
                            "//" + address() + "/")));
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
