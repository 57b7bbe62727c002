package dev.cip.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings of a {@link RegistryClient}. Start from {@link #defaults()} and change what differs with the
 * {@code with…} methods.
 *
 * @param insecureRegistries       hosts ({@code host[:port]} or host name) where plain HTTP is allowed, besides
 *                                 loopback
 * @param extraCaPem               a PEM file of extra trusted CA certificates (added to the JDK's); may be null
 * @param connectTimeout           TCP/TLS connect timeout
 * @param requestTimeout           time to the response headers of one request; also the longest pause inside a
 *                                 body and the whole time a small body (manifest, token, error) may take
 * @param maxRetries               retries after the first attempt on connection errors, 5xx and 429
 * @param retryBaseDelay           first backoff delay; doubles each retry
 * @param retryMaxDelay            the largest backoff delay
 * @param maxRetryAfter            the longest {@code Retry-After} honoured
 * @param maxConcurrentPerRegistry requests in flight at once per registry host
 * @param credentials              where credentials come from
 * @param chunkSize                blobs larger than this are uploaded in chunks of this size
 * @param userAgent                the {@code User-Agent}
 * @param probeTimeout             how long the HTTPS probe of a loopback/insecure registry may take
 * @param hints                    the advice that ends error messages (the build tool's words)
 * @param limits                   size caps on what registries send
 * @param transfers                rates, back-off budget and progress of transfers
 * @param listener                 told of long waits and of the progress of long transfers
 */
public record RegistryOptions(Set<String> insecureRegistries, Path extraCaPem, Duration connectTimeout,
                              Duration requestTimeout, int maxRetries, Duration retryBaseDelay,
                              Duration retryMaxDelay, Duration maxRetryAfter, int maxConcurrentPerRegistry,
                              CredentialProvider credentials, long chunkSize, String userAgent,
                              Duration probeTimeout, RegistryHints hints, Limits limits, Transfers transfers,
                              RegistryListener listener) {

    /**
     * The most cip reads of each kind of body; a registry sending more gets a clear error naming it.
     *
     * @param manifest   a manifest or index (4 MiB)
     * @param token      a token-service answer (1 MiB)
     * @param errorBody  an error body (64 KiB; only its start is shown)
     * @param config     an image config read whole into memory (the descriptor's size, and at most this)
     * @param minBlobBytesPerSecond a streamed blob may take {@code requestTimeout} plus its size at this rate
     */
    public record Limits(long manifest, long token, long errorBody, long config, long minBlobBytesPerSecond) {
        public static final Limits DEFAULT = new Limits(4L << 20, 1L << 20, 64L << 10, 4L << 20, 64L << 10);

        public Limits {
            if (manifest < 1 || token < 1 || errorBody < 1 || config < 1 || minBlobBytesPerSecond < 1) {
                throw new IllegalArgumentException("invalid registry limits");
            }
        }
    }

    /**
     * How slow and how large transfers may be, and how long cip waits for registries in all.
     *
     * @param rateWindow        a body that brings fewer than {@code minBytesPerWindow} bytes in this time is refused
     * @param minBytesPerWindow see {@code rateWindow} (16 KiB in 30 s)
     * @param maxBlob           the largest single blob cip copies (10 GiB)
     * @param backoffBudget     the most one client waits in all for retries and {@code Retry-After} (120 s); after
     *                          that, a request that would wait again fails at once
     * @param progressEvery     how often a long blob transfer reports its progress (10 s)
     */
    public record Transfers(Duration rateWindow, long minBytesPerWindow, long maxBlob, Duration backoffBudget,
                            Duration progressEvery) {
        public static final Transfers DEFAULT = new Transfers(Duration.ofSeconds(30), 16L << 10, 10L << 30,
                Duration.ofSeconds(120), Duration.ofSeconds(10));

        public Transfers {
            Objects.requireNonNull(rateWindow, "rateWindow");
            Objects.requireNonNull(backoffBudget, "backoffBudget");
            Objects.requireNonNull(progressEvery, "progressEvery");
            if (rateWindow.isNegative() || rateWindow.isZero() || minBytesPerWindow < 0 || maxBlob < 1
                    || backoffBudget.isNegative() || progressEvery.isNegative() || progressEvery.isZero()) {
                throw new IllegalArgumentException("invalid registry transfer settings");
            }
        }

        public Transfers withRateWindow(Duration window, long minBytes) {
            return new Transfers(window, minBytes, maxBlob, backoffBudget, progressEvery);
        }

        public Transfers withMaxBlob(long bytes) {
            return new Transfers(rateWindow, minBytesPerWindow, bytes, backoffBudget, progressEvery);
        }

        public Transfers withBackoffBudget(Duration d) {
            return new Transfers(rateWindow, minBytesPerWindow, maxBlob, d, progressEvery);
        }

        public Transfers withProgressEvery(Duration d) {
            return new Transfers(rateWindow, minBytesPerWindow, maxBlob, backoffBudget, d);
        }
    }

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(hints, "hints");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(transfers, "transfers");
        Objects.requireNonNull(listener, "listener");
        if (maxRetries < 0 || maxConcurrentPerRegistry < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("invalid registry client options");
        }
    }

    /** 5 s connect, 60 s request, 3 retries from 250 ms to 5 s, 8 requests at once per registry, anonymous. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(Set.of(), null, Duration.ofSeconds(5), Duration.ofSeconds(60), 3,
                Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(60), 8, CredentialProvider.none(),
                16L * 1024 * 1024, "cip-maven-plugin", Duration.ofSeconds(2), RegistryHints.GENERIC, Limits.DEFAULT,
                Transfers.DEFAULT, RegistryListener.NONE);
    }

    public RegistryOptions withInsecureRegistries(Set<String> hosts) {
        return with(c -> c.insecureRegistries = hosts);
    }

    public RegistryOptions withExtraCaPem(Path pemFile) {
        return with(c -> c.extraCaPem = pemFile);
    }

    public RegistryOptions withConnectTimeout(Duration d) {
        return with(c -> c.connectTimeout = d);
    }

    public RegistryOptions withRequestTimeout(Duration d) {
        return with(c -> c.requestTimeout = d);
    }

    public RegistryOptions withMaxRetries(int n) {
        return with(c -> c.maxRetries = n);
    }

    public RegistryOptions withRetryDelays(Duration base, Duration max) {
        return with(c -> {
            c.retryBaseDelay = base;
            c.retryMaxDelay = max;
        });
    }

    public RegistryOptions withMaxRetryAfter(Duration d) {
        return with(c -> c.maxRetryAfter = d);
    }

    public RegistryOptions withMaxConcurrentPerRegistry(int n) {
        return with(c -> c.maxConcurrentPerRegistry = n);
    }

    public RegistryOptions withCredentials(CredentialProvider provider) {
        return with(c -> c.credentials = provider);
    }

    public RegistryOptions withChunkSize(long bytes) {
        return with(c -> c.chunkSize = bytes);
    }

    public RegistryOptions withUserAgent(String ua) {
        return with(c -> c.userAgent = ua);
    }

    public RegistryOptions withProbeTimeout(Duration d) {
        return with(c -> c.probeTimeout = d);
    }

    public RegistryOptions withHints(RegistryHints h) {
        return with(c -> c.hints = h);
    }

    public RegistryOptions withLimits(Limits l) {
        return with(c -> c.limits = l);
    }

    public RegistryOptions withTransfers(Transfers t) {
        return with(c -> c.transfers = t);
    }

    public RegistryOptions withListener(RegistryListener l) {
        return with(c -> c.listener = l);
    }

    /** A copy with what {@code change} sets; the constructor checks the result as it checks any options. */
    private RegistryOptions with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The components of a copy while it is changed; lives only inside {@link #with}. */
    private static final class Draft {
        private Set<String> insecureRegistries;
        private Path extraCaPem;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private int maxRetries;
        private Duration retryBaseDelay;
        private Duration retryMaxDelay;
        private Duration maxRetryAfter;
        private int maxConcurrentPerRegistry;
        private CredentialProvider credentials;
        private long chunkSize;
        private String userAgent;
        private Duration probeTimeout;
        private RegistryHints hints;
        private Limits limits;
        private Transfers transfers;
        private RegistryListener listener;

        private Draft(RegistryOptions o) {
            insecureRegistries = o.insecureRegistries;
            extraCaPem = o.extraCaPem;
            connectTimeout = o.connectTimeout;
            requestTimeout = o.requestTimeout;
            maxRetries = o.maxRetries;
            retryBaseDelay = o.retryBaseDelay;
            retryMaxDelay = o.retryMaxDelay;
            maxRetryAfter = o.maxRetryAfter;
            maxConcurrentPerRegistry = o.maxConcurrentPerRegistry;
            credentials = o.credentials;
            chunkSize = o.chunkSize;
            userAgent = o.userAgent;
            probeTimeout = o.probeTimeout;
            hints = o.hints;
            limits = o.limits;
            transfers = o.transfers;
            listener = o.listener;
        }

        private RegistryOptions build() {
            return new RegistryOptions(insecureRegistries, extraCaPem, connectTimeout, requestTimeout, maxRetries,
                    retryBaseDelay, retryMaxDelay, maxRetryAfter, maxConcurrentPerRegistry, credentials, chunkSize,
                    userAgent, probeTimeout, hints, limits, transfers, listener);
        }
    }
}
