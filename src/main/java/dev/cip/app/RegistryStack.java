package dev.cip.app;

import dev.cip.engine.DockerFactsCache;
import dev.cip.plan.ImageStore;
import dev.cip.report.Console;
import dev.cip.report.Durations;
import dev.cip.registry.CredentialResolver;
import dev.cip.registry.Credentials;
import dev.cip.registry.RegistryAddress;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryHints;
import dev.cip.registry.RegistryListener;
import dev.cip.registry.RegistryOptions;
import dev.cip.registry.TemporaryDockerConfig;
import dev.cip.sign.Cosign;
import dev.cip.sign.Signing;
import dev.cip.store.RegistryImageStore;
import dev.cip.store.SummaryCache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one run needs to reach registries: the registry client, the cache of what was read of published images and,
 * when the adapter supplies credentials, a private Docker config for the programs cip starts. Closing it saves the
 * cache, closes the client and deletes the Docker config.
 */
public final class RegistryStack implements AutoCloseable {
    /** The builder facts' file in cip's cache directory. */
    static final String DOCKER_FACTS = "builder-facts.json";

    /**
     * How to reach registries.
     *
     * @param credentials  credentials by registry host, from the adapter (e.g. Maven's settings.xml); the Docker config
     *                     and credential helpers are consulted too
     * @param insecure     hosts reached over plain HTTP besides loopback ones
     * @param extraCaPem   a PEM file of CA certificates trusted besides the JDK's
     * @param summaryCache the directory remembering what was read of published images (a file per registry), or
     *                     none
     * @param hints        how the adapter words advice in registry errors
     * @param console      where long waits for a registry and the progress of long blob copies are told
     * @param maxBlobSize  the largest single blob copied between registries, in bytes
     */
    public record Setup(Map<String, Credentials> credentials, Set<String> insecure, Optional<Path> extraCaPem,
                        Optional<Path> summaryCache, RegistryHints hints, Console console, long maxBlobSize) {
        public Setup {
            credentials = Map.copyOf(credentials);
            insecure = Set.copyOf(insecure);
            Objects.requireNonNull(console, "console");
        }

        /** Waits and progress told nowhere; blobs up to the default cap. */
        public Setup(Map<String, Credentials> credentials, Set<String> insecure, Optional<Path> extraCaPem,
                     Optional<Path> summaryCache, RegistryHints hints) {
            this(credentials, insecure, extraCaPem, summaryCache, hints, new Console() {
                @Override
                public void info(String line) {
                }

                @Override
                public void warn(String line) {
                }
            }, RegistryOptions.Transfers.DEFAULT.maxBlob());
        }
    }

    /**
     * The keys of cosign, when the run signs or verifies.
     *
     * @param cosign         the cosign executable
     * @param signKey        the private key (file, {@code env://}, KMS URI) to sign released images with
     * @param signPassword   its password, when not in the environment
     * @param verifyKey      the public key skipped images must be signed with
     */
    public record SigningKeys(String cosign, Optional<String> signKey, Optional<String> signPassword,
                              Optional<String> verifyKey) {
    }

    private final Setup setup;
    private final RegistryClient client;
    private final TemporaryDockerConfig dockerConfig;
    /** The summary cache of each registry a store was asked for, read from its own file. */
    private final Map<String, SummaryCache> caches = new ConcurrentHashMap<>();

    private RegistryStack(Setup setup, RegistryClient client, TemporaryDockerConfig dockerConfig) {
        this.setup = setup;
        this.client = client;
        this.dockerConfig = dockerConfig;
    }

    /**
     * Opens the client for a run against {@code registries}; the credentials given for their hosts go into a private
     * Docker config for {@code docker} and cosign. Private Docker configs that runs killed with SIGKILL left are
     * removed first ({@link TemporaryDockerConfig#sweepLeftovers()}).
     *
     * @throws IOException when the private Docker config cannot be written
     */
    public static RegistryStack open(Setup setup, List<String> registries) throws IOException {
        // The decrypted passwords a run killed with SIGKILL left behind go with the next run, credentials or not.
        TemporaryDockerConfig.sweepLeftovers();
        RegistryOptions options = RegistryOptions.defaults()
                .withInsecureRegistries(setup.insecure())
                .withCredentials(CredentialResolver.of(setup.credentials()))
                .withHints(setup.hints())
                .withExtraCaPem(setup.extraCaPem().orElse(null))
                .withTransfers(RegistryOptions.Transfers.DEFAULT.withMaxBlob(setup.maxBlobSize()))
                .withListener(listener(setup.console()));
        RegistryClient client = new RegistryClient(options);
        TemporaryDockerConfig dockerConfig = null;
        try {
            Map<String, Credentials> forDocker = new HashMap<>();
            for (String registry : registries) {
                String host = RegistryAddress.parse(registry).host();
                if (setup.credentials().containsKey(host)) {
                    forDocker.put(host, setup.credentials().get(host));
                }
            }
            if (!forDocker.isEmpty()) {
                dockerConfig = TemporaryDockerConfig.create(forDocker);
            }
        } catch (RuntimeException e) {
            client.close();
            throw new IOException("cannot prepare a private Docker config for the registry credentials: "
                    + e.getMessage(), e);
        }
        setup.summaryCache().ifPresent(SummaryCache::removeSharedFileBeside);
        RegistryStack stack = new RegistryStack(setup, client, dockerConfig);
        // Read from now on, beside the rest of the set-up and the scan: the first reader of JSON loads Jackson, some
        // hundred classes a cold JVM takes a while over, off the thread that reads the project.
        registries.forEach(stack::summaries);
        return stack;
    }

    /** The registry client's waits and progress, as console lines. */
    static RegistryListener listener(Console console) {
        return new RegistryListener() {
            @Override
            public void waiting(String registry, Duration wait, int status) {
                console.warn("registry " + registry + " asked to wait " + Durations.wholeSeconds(wait) + " (" + status
                        + "), waiting");
            }

            @Override
            public void progress(String registry, String what, long bytes, long total) {
                console.info("copying " + what + " from " + registry + ": " + Durations.bytes(bytes)
                        + (total >= 0 ? " of " + Durations.bytes(total) : ""));
            }
        };
    }

    public RegistryClient client() {
        return client;
    }

    /**
     * The published images of {@code registry}, read through its summary cache: a file of its own (one registry
     * namespace, one project's images), read in the background since the stack opened (or from now on, for a
     * registry it was not opened for), so a run never loads what other projects published.
     */
    public ImageStore store(String registry) {
        return new RegistryImageStore(client, registry, true, summaries(registry));
    }

    /** The summary cache of {@code registry}, its reading started on first ask. */
    private SummaryCache summaries(String registry) {
        return setup.summaryCache().map(dir -> caches.computeIfAbsent(registry,
                r -> SummaryCache.loading(dir.resolve(SummaryCache.fileName(r))))).orElseGet(SummaryCache::none);
    }

    /**
     * The builder facts of earlier runs, kept next to the summary caches (in cip's cache directory); none when runs
     * keep no cache.
     */
    public DockerFactsCache dockerFacts() {
        return setup.summaryCache().map(f -> DockerFactsCache.in(f.resolveSibling(DOCKER_FACTS)))
                .orElseGet(DockerFactsCache::none);
    }

    /** The environment of {@code docker} and cosign: the private Docker config, when there is one. */
    public Map<String, String> dockerEnvironment() {
        return dockerConfig == null ? Map.of() : dockerConfig.environment();
    }

    /** Whether {@code registry} is reached over plain HTTP: loopback, or one of the insecure hosts. */
    public boolean plainHttp(String registry) {
        RegistryAddress address = RegistryAddress.parse(registry.strip());
        return address.isLoopback() || setup.insecure().contains(address.host());
    }

    /** Who signs and who verifies in a run against {@code registry}. */
    public Signing signing(SigningKeys keys, String registry) {
        boolean plain = plainHttp(registry);
        Optional<Cosign> signer = keys.signKey().map(key -> new Cosign(new Cosign.Options(keys.cosign(), key,
                keys.signPassword(), plain, dockerEnvironment())));
        Optional<Cosign> verifier = keys.verifyKey().map(key -> new Cosign(new Cosign.Options(keys.cosign(), key,
                Optional.empty(), plain, dockerEnvironment())));
        return new Signing(signer, verifier);
    }

    @Override
    public void close() {
        try {
            caches.values().forEach(SummaryCache::save);
            client.close();
        } finally {
            if (dockerConfig != null) {
                dockerConfig.close();
            }
        }
    }
}
