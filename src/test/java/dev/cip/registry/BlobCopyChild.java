package dev.cip.registry;

import java.util.List;

/**
 * A JVM that copies {@code args[0]/app:1} to {@code args[1]/<args[2]>:1} through temporary files and waits to be
 * stopped while it copies: the child process of {@link BlobTransferTest}'s SIGTERM test.
 */
public final class BlobCopyChild {
    private BlobCopyChild() {
    }

    public static void main(String[] args) {
        try (RegistryClient c = new RegistryClient(RegistryOptions.defaults()
                .withRequestTimeout(java.time.Duration.ofSeconds(60)))) {
            new RegistryCopier(c, 0).copy(args[0], "app", "1", args[1], args[2], List.of("1"));
        }
    }
}
