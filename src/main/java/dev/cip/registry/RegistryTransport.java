package dev.cip.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends registry requests: scheme choice, the per-host permit, credentials (only to the registry's own origin:
 * same scheme, host and port), one more attempt after a 401 the {@link Authorizer} can answer, retries with backoff
 * on connection errors, 5xx and 429 ({@code Retry-After}), redirects where a request allows them. Knows no
 * endpoint. Thread-safe.
 */
final class RegistryTransport implements Exchange {
    private static final int MAX_REDIRECTS = 5;

    private final RegistryOptions options;
    private final HttpClientHolder http;
    private final SchemeResolver schemes;
    private final Authorizer auth;
    private final RegistryErrors errors;
    private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();
    /** All this client has waited for retries and {@code Retry-After}: bounded by the back-off budget. */
    private final AtomicLong waitedMillis = new AtomicLong();

    RegistryTransport(RegistryOptions options, HttpClientHolder http, SchemeResolver schemes, Authorizer auth,
                      RegistryErrors errors) {
        this.options = options;
        this.http = http;
        this.schemes = schemes;
        this.auth = auth;
        this.errors = errors;
    }

    /**
     * Sends {@code request}; hands the final response to the reader while the permit is held. 401/403 that cannot
     * be satisfied, and 5xx/429 left after the retries, become exceptions; any other status goes to the reader.
     */
    @Override
    public <T> T send(RegistryRequest request, Reader<T> reader) {
        int retries = 0;
        int redirects = 0;
        boolean authRetried = false;
        RegistryRequest c = request;
        while (true) {
            URI uri = c.absolute() != null ? c.absolute()
                    : URI.create(schemes.schemeFor(c.registry()) + "://" + c.registry().host() + c.path());
            boolean mayAuthenticate = !c.anonymous() && (c.absolute() == null || sameOrigin(uri, c.registry()));
            String authz = mayAuthenticate ? auth.authorization(c.registry(), c.scopes()) : null;
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                    .timeout(options.requestTimeout())
                    .method(c.method(), c.body().get())
                    .header("User-Agent", options.userAgent());
            c.headers().forEach(rb::header);
            if (authz != null) {
                rb.header("Authorization", authz);
            }
            String permitKey = uri.getRawAuthority() == null ? c.registry().host()
                    : uri.getRawAuthority().toLowerCase(Locale.ROOT);
            Semaphore permit = permits.computeIfAbsent(permitKey,
                    k -> new Semaphore(options.maxConcurrentPerRegistry(), true));
            long sleepMillis = 0;
            Wait why = null;
            try {
                permit.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw errors.interrupted(c);
            }
            try {
                HttpResponse<InputStream> resp;
                try {
                    resp = http.get().send(rb.build(), DeadlineBody.handler(options.requestTimeout().toNanos()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw errors.interrupted(c);
                } catch (IOException e) {
                    RegistryException failure = errors.transportFailure(c, uri, e, retries > 0);
                    if (failure.kind() == RegistryException.Kind.TLS
                            || failure.kind() == RegistryException.Kind.INVALID || !c.retryable()
                            || retries >= options.maxRetries()) {
                        throw failure;
                    }
                    sleepMillis = backoff(retries++);
                    why = new Wait(0, false, failure);
                    resp = null;
                }
                if (resp != null) {
                    RegistryResponse r = new RegistryResponse(c, resp, errors, options);
                    int status = resp.statusCode();
                    if (status == 401 && mayAuthenticate) {
                        r.discard();
                        if (!authRetried && auth.onUnauthorized(c.registry(), c.scopes(), resp.headers(), authz)) {
                            authRetried = true;
                            continue;
                        }
                        List<String> challenges = resp.headers().allValues("WWW-Authenticate");
                        if (!challenges.isEmpty() && AuthChallenge.parseAll(challenges).stream()
                                .noneMatch(ch -> ch.isBasic() || ch.isBearer())) {
                            throw errors.unparsableChallenge(c, challenges);
                        }
                        throw errors.auth(c, 401, auth.hasCredentials(c.registry().host()));
                    }
                    if (status == 403 && mayAuthenticate) {
                        r.discard();
                        throw errors.auth(c, 403, auth.hasCredentials(c.registry().host()));
                    }
                    if ((status == 429 || status == 500 || status == 502 || status == 503 || status == 504)
                            && c.retryable() && retries < options.maxRetries()) {
                        long wait = status == 429 ? retryAfter(resp.headers()) : -1;
                        r.discard();
                        sleepMillis = wait >= 0 ? wait : backoff(retries);
                        why = new Wait(status, wait >= 0, null);
                        retries++;
                    } else if (c.followRedirects() && isRedirect(status) && redirects < MAX_REDIRECTS
                            && resp.headers().firstValue("Location").isPresent()) {
                        URI next = r.location();
                        r.discard();
                        c = c.redirectedTo(next);
                        redirects++;
                        continue;
                    } else if (status >= 500 || status == 429) {
                        throw errors.serverError(c, status, r.errorBody(), retries);
                    } else {
                        return reader.read(r);
                    }
                }
            } finally {
                permit.release();
            }
            pause(sleepMillis, c, why);
        }
    }

    /**
     * Why the transport is about to wait: an HTTP status ({@code asked} when the registry named the time with
     * {@code Retry-After}), or a connection failure to report when the budget is spent.
     */
    private record Wait(int status, boolean asked, RegistryException failure) {
    }

    /**
     * Waits {@code millis} before the next attempt, within the client's back-off budget: once the waits of all
     * requests would pass it, the request fails at once. A wait the registry asked for is told to the listener.
     */
    private void pause(long millis, RegistryRequest c, Wait why) {
        if (millis <= 0 || why == null) {
            return;
        }
        long budget = options.transfers().backoffBudget().toMillis();
        long before = waitedMillis.getAndAdd(millis);
        if (before + millis > budget) {
            if (why.failure() != null) {
                throw why.failure();
            }
            throw errors.backoffSpent(c, why.status(), millis, Math.min(before, budget), budget);
        }
        if (why.asked() && millis >= 1000) {
            options.listener().waiting(c.registry().host(), Duration.ofMillis(millis), why.status());
        }
        sleep(millis, c);
    }

    /**
     * True when {@code uri} is the registry's own origin: the scheme it is reached with, its host and its port.
     * Credentials go nowhere else (not to another host, not over plain HTTP from an HTTPS registry).
     */
    boolean sameOrigin(URI uri, RegistryAddress reg) {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) {
            return false;
        }
        String registryScheme = schemes.schemeFor(reg);
        if (!scheme.equalsIgnoreCase(registryScheme)) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.equalsIgnoreCase(reg.hostname())) {
            return false;
        }
        int defaultPort = registryScheme.equals("https") ? 443 : 80;
        int uriPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int regPort = reg.port() < 0 ? defaultPort : reg.port();
        return uriPort == regPort;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private long backoff(int retry) {
        return backoff(options, retry);
    }

    /** The delay before retry number {@code retry} (from 0): doubling from the base delay, capped, 10 % jitter. */
    static long backoff(RegistryOptions options, int retry) {
        long base = options.retryBaseDelay().toMillis();
        long d = base * (1L << Math.min(retry, 20));
        d = Math.min(d, options.retryMaxDelay().toMillis());
        return d + (d > 0 ? ThreadLocalRandom.current().nextLong(d / 10 + 1) : 0);
    }

    private long retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) {
            return -1;
        }
        long millis;
        String s = v.get().trim();
        try {
            millis = Long.parseLong(s) * 1000;
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
                millis = Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis();
            } catch (RuntimeException e2) {
                return -1;
            }
        }
        return Math.max(0, Math.min(millis, options.maxRetryAfter().toMillis()));
    }

    void sleep(long millis, RegistryRequest c) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.interrupted(c);
        }
    }
}
