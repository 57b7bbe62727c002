package dev.cip.engine;

import dev.cip.failure.InvalidSetting;
import dev.cip.oci.Platform;
import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The platform a build without {@code --platform} produces: the Docker engine's own. A pushing run needs it to name
 * the staging tag of a local-platform image before the build starts.
 */
public final class LocalPlatform {
    private LocalPlatform() {
    }

    /** Asks the engine ({@code docker version}) for its OS and architecture. */
    public static Platform of(String docker, Map<String, String> environment) throws IOException, InterruptedException {
        try (ProcessRunner runner = new ProcessRunner(environment)) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(List.of(docker, "version", "--format",
                    "{{.Server.Os}}/{{.Server.Arch}}")).capturing().timeout(Duration.ofSeconds(30)));
            String out = r.stdout().strip();
            if (!r.succeeded() || out.isEmpty()) {
                throw new IOException("could not ask the Docker engine for its platform ('" + docker
                        + " version' exited " + r.exitCode() + "): " + r.tailText());
            }
            try {
                return Platform.parse(out);
            } catch (InvalidSetting e) {
                throw new IOException("the Docker engine reported the platform '" + out + "', which is not "
                        + "os/arch: " + e.getMessage(), e);
            }
        }
    }
}
