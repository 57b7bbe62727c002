package dev.cip.registry;

import java.time.Duration;

/**
 * What the registry client tells the console while it works: long waits a registry asked for, and the progress of
 * long blob transfers. Called from the threads that do the work; implementations must be thread-safe and quick.
 */
public interface RegistryListener {

    /** Registry {@code registry} answered {@code status} and asked cip to wait {@code wait}; cip waits now. */
    void waiting(String registry, Duration wait, int status);

    /** {@code bytes} of {@code what} (of {@code total}, or -1 when unknown) have arrived from {@code registry}. */
    void progress(String registry, String what, long bytes, long total);

    /** Tells nobody. */
    RegistryListener NONE = new RegistryListener() {
        @Override
        public void waiting(String registry, Duration wait, int status) {
            // nobody to tell
        }

        @Override
        public void progress(String registry, String what, long bytes, long total) {
            // nobody to tell
        }
    };
}
