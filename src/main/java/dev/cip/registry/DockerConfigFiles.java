package dev.cip.registry;

import java.nio.file.Path;
import java.util.Map;

/** Where the Docker CLI keeps its config. */
final class DockerConfigFiles {
    private DockerConfigFiles() {
    }

    /** {@code $DOCKER_CONFIG}, else {@code $HOME/.docker}, else {@code ${user.home}/.docker}. */
    static Path defaultDir(Map<String, String> env) {
        String dc = env.get("DOCKER_CONFIG");
        if (dc != null && !dc.isBlank()) {
            return Path.of(dc);
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".docker");
    }

    /** The keys under which {@code auths} may hold a host: {@code host}, {@code https://host}, … */
    static String[] authKeys(String host) {
        return new String[] {host, "https://" + host, "https://" + host + "/", "https://" + host + "/v1/",
                "https://" + host + "/v2/", "http://" + host, "http://" + host + "/"};
    }
}
