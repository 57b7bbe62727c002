package dev.cip.registry;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one {@link HttpClient} of a registry client, built on first use (its TLS set-up, the JDK trust store, costs
 * ~100 ms of a cold JVM), and the executor its work runs on. {@link #close()} ends every thread it started.
 */
final class HttpClientHolder implements AutoCloseable {
    private final RegistryOptions options;
    private final ExecutorService executor;
    /** Every thread the executor made, so that close() can wait until each has ended, not only its tasks. */
    private final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile HttpClient http;

    HttpClientHolder(RegistryOptions options) {
        this.options = options;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cip-registry-http-" + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
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
                        b.sslContext(TrustStores.withExtraCa(options.extraCaPem()));
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
        executor.shutdownNow();
        try {
            long wait = options.connectTimeout().plus(options.probeTimeout()).toMillis() + 1000;
            long deadline = System.nanoTime() + wait * 1_000_000L;
            executor.awaitTermination(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            // a pool thread is still alive for a moment after its last task: wait for the thread itself
            for (Thread t : threads) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                t.join(left);
            }
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
