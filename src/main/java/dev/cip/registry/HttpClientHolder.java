package dev.cip.registry;

import dev.cip.concurrent.OwnedThreads;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one {@link HttpClient} of a registry client, built on first use (its TLS set-up, the JDK trust store, costs
 * ~100 ms of a cold JVM), and the executor its work runs on. {@link #close()} ends every thread it started.
 */
final class HttpClientHolder implements AutoCloseable {
    private final RegistryOptions options;
    private final ExecutorService executor;
    private final OwnedThreads threads = new OwnedThreads("cip-registry-http-worker");
    private volatile HttpClient http;

    HttpClientHolder(RegistryOptions options) {
        this.options = options;
        this.executor = Executors.newCachedThreadPool(threads);
    }

    HttpClient get() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder b = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(options.connectTimeout())
                            .executor(executor);
                    if (options.extraCaPem() != null) {
                        b.sslContext(TrustStores.withExtraCa(options.extraCaPem())); // a bad file fails here
                    } else {
                        b.sslContext(LazyTls.context()).sslParameters(LazyTls.parameters());
                    }
                    http = b.build();
                }
                h = http;
            }
        }
        return h;
    }

    /** Runs {@code task} in the background; nothing when closed. */
    void background(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            // closed meanwhile
        }
    }

    /**
     * Stops the work in flight (a warm-up, say) and waits for it to end, so that no thread of this client outlives
     * the goal: a thread still running when Maven closes the plugin's class realm dies with NoClassDefFoundError.
     * Every blocking step is interruptible or bounded (the scheme probe by its timeouts).
     */
    @Override
    public void close() {
        try {
            // every blocking step is interruptible or bounded: the scheme probe by its timeouts
            threads.stop(executor, options.connectTimeout().plus(options.probeTimeout()).plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopSelectorThread();
    }

    /**
     * JDK 17's {@code HttpClient} cannot be closed, and its selector thread, idle in native code, holds up the JVM's
     * exit by 300 ms (the VM waits that long for threads in native). Interrupting that thread ends it; its name is
     * derived from the client's id, which {@code toString()} ends with for exactly this purpose.
     */
    private void stopSelectorThread() {
        HttpClient h = http;
        if (h == null) {
            return;
        }
        Matcher id = Pattern.compile("\\((\\d+)\\)$").matcher(h.toString());
        if (!id.find()) {
            return;
        }
        String name = "HttpClient-" + id.group(1) + "-SelectorManager";
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .forEach(Thread::interrupt);
    }
}
