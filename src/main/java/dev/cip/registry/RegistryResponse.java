package dev.cip.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A registry's answer as the endpoints see it: status, headers, and a body that is only ever read with a size cap
 * and a deadline. Every failure here names the registry.
 */
final class RegistryResponse {
    private final RegistryRequest request;
    private final HttpResponse<InputStream> http;
    private final RegistryErrors errors;
    private final RegistryOptions options;

    RegistryResponse(RegistryRequest request, HttpResponse<InputStream> http, RegistryErrors errors,
                     RegistryOptions options) {
        this.request = request;
        this.http = http;
        this.errors = errors;
        this.options = options;
    }

    RegistryRequest request() {
        return request;
    }

    int status() {
        return http.statusCode();
    }

    HttpHeaders headers() {
        return http.headers();
    }

    Optional<String> header(String name) {
        return http.headers().firstValue(name);
    }

    /** {@code Content-Type} without parameters, or null. */
    String contentType() {
        String ct = header("Content-Type").orElse(null);
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim();
    }

    RegistryErrors errors() {
        return errors;
    }

    /** Throws the registry's error unless the status is {@code expected}. */
    void expect(int expected) {
        if (status() != expected) {
            throw errors.unexpected(request, status(), expected, errorBody());
        }
    }

    /**
     * Whether the registry has what was asked for: {@code false} on 404 (its body dropped), {@code true} on 200, and
     * the registry's error for any other status.
     */
    boolean found() {
        if (status() == 404) {
            discard();
            return false;
        }
        expect(200);
        return true;
    }

    /** The whole body, at most {@code limit} bytes, within the request timeout; {@code what} names it in errors. */
    byte[] bytes(long limit, String what) {
        long declared = header("Content-Length").map(RegistryResponse::parseLong).orElse(-1L);
        if (declared > limit) {
            close();
            throw errors.tooLarge(request, what, limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, limit)));
        copy(out, limit, null, options.requestTimeout().toNanos(), what, false);
        return out.toByteArray();
    }

    /**
     * Streams the body to {@code out}, updating {@code digest}; at most {@code limit} bytes, within the request
     * timeout plus the time {@code limit} bytes take at the minimum rate.
     *
     * @return the number of bytes written
     */
    long stream(OutputStream out, long limit, MessageDigest digest, String what) {
        long declared = header("Content-Length").map(RegistryResponse::parseLong).orElse(-1L);
        if (declared > limit) {
            close();
            throw errors.tooLarge(request, what, limit);
        }
        long seconds = Math.min(Math.max(0, limit) / options.limits().minBlobBytesPerSecond(), 86_400L * 365);
        long budget = saturatedAdd(options.requestTimeout().toNanos(), seconds * 1_000_000_000L);
        return copy(out, limit, digest, budget, what, true);
    }

    /**
     * Copies the body within {@code budgetNanos}, and at no less than the minimum rate: in every rate window at
     * least the minimum bytes arrive (or the body ends), else the transfer is refused when the window closes.
     * With {@code progress}, a long copy tells the listener how far it got every few seconds.
     */
    private long copy(OutputStream out, long limit, MessageDigest digest, long budgetNanos, String what,
                      boolean progress) {
        InputStream in = http.body();
        DeadlineBody.Stream timed = in instanceof DeadlineBody.Stream s ? s : null;
        long start = System.nanoTime();
        long deadline = start + budgetNanos;
        long windowNanos = options.transfers().rateWindow().toNanos();
        long minBytes = options.transfers().minBytesPerWindow();
        long progressNanos = options.transfers().progressEvery().toNanos();
        long windowStart = start;
        long windowBytes = 0;
        long lastProgress = start;
        long declared = header("Content-Length").map(RegistryResponse::parseLong).orElse(-1L);
        long total = 0;
        try (in) {
            byte[] buf = new byte[64 * 1024];
            while (true) {
                long room = limit - total;
                int want = room >= buf.length ? buf.length : (int) room + 1;
                boolean windowOpen = total - windowBytes < minBytes;
                if (timed != null) {
                    // a read waits no longer than the window that still lacks its bytes
                    timed.deadline(windowOpen && windowStart + windowNanos - deadline < 0
                            ? windowStart + windowNanos : deadline);
                }
                int r;
                try {
                    r = in.read(buf, 0, want);
                } catch (DeadlineBody.BodyTimeoutException e) {
                    if (windowOpen && System.nanoTime() - (windowStart + windowNanos) >= 0) {
                        throw errors.tooSlowRate(request, what, total - windowBytes, total, declared);
                    }
                    throw e;
                }
                long now = System.nanoTime();
                if (r < 0) {
                    return total;
                }
                total += r;
                if (now - (windowStart + windowNanos) >= 0) {
                    if (total - windowBytes < minBytes) {
                        throw errors.tooSlowRate(request, what, total - windowBytes, total, declared);
                    }
                    windowStart = now;
                    windowBytes = total;
                }
                if (progress && now - lastProgress >= progressNanos) {
                    lastProgress = now;
                    options.listener().progress(request.registry().host(), what, total, declared);
                }
                if (total > limit) {
                    throw errors.tooLarge(request, what, limit);
                }
                if (digest != null) {
                    digest.update(buf, 0, r);
                }
                write(out, buf, r);
            }
        } catch (IOException e) {
            throw errors.broken(request, what, e);
        }
    }

    private static void write(OutputStream out, byte[] buf, int n) {
        try {
            out.write(buf, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and drops a small body (keeps the connection reusable), or closes the connection if it is large. */
    void discard() {
        try {
            copy(OutputStream.nullOutputStream(), options.limits().errorBody(), null,
                    options.requestTimeout().toNanos(), "a response body", false);
        } catch (RuntimeException ignored) {
            close();
        }
    }

    /** The start of an error body (at most the error-body cap), then the connection is closed. */
    byte[] errorBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = http.body();
        if (in instanceof DeadlineBody.Stream s) {
            s.deadline(System.nanoTime() + options.requestTimeout().toNanos());
        }
        try (in) {
            byte[] buf = new byte[8192];
            int r;
            while (out.size() < options.limits().errorBody()
                    && (r = in.read(buf, 0, (int) Math.min(buf.length,
                    options.limits().errorBody() - out.size()))) >= 0) {
                out.write(buf, 0, r);
            }
        } catch (IOException e) {
            // what came so far is all there is
        }
        return out.toByteArray();
    }

    void close() {
        try {
            http.body().close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** The {@code Location} header resolved against the request URI. */
    URI location() {
        String loc = header("Location").orElseThrow(() -> errors.invalid(request, status(),
                "registry " + request.registry().host() + " sent no Location for " + request.method() + " "
                        + request.display()));
        try {
            return http.request().uri().resolve(loc);
        } catch (IllegalArgumentException e) {
            throw errors.invalid(request, status(), "registry " + request.registry().host()
                    + " sent an invalid Location for " + request.method() + " " + request.display());
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
