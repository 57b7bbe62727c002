package dev.cip.registry;

import java.nio.file.Path;
import java.util.Map;

/**
 * A JVM that creates a temporary Docker config under {@code args[0]}, prints its path and waits to be stopped: the
 * child process of {@link TemporaryDockerConfigTest}'s signal tests.
 */
public final class TemporaryDockerConfigChild {
    private TemporaryDockerConfigChild() {
    }

    public static void main(String[] args) throws Exception {
        TemporaryDockerConfig config = TemporaryDockerConfig.create(null,
                Map.of("localhost:5000", Credentials.basic("ci", "S3CRET")), Path.of(args[0]));
        System.out.println(config.directory());
        System.out.flush();
        Thread.sleep(120_000);
        config.close();
    }
}
