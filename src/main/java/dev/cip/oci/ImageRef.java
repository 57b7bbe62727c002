package dev.cip.oci;

import java.util.Locale;
import java.util.Optional;

/**
 * A parsed image reference {@code [domain/]path[:tag][@digest]}, following the Docker reference grammar: the first
 * path component is a domain when it contains {@code .} or {@code :} or is {@code localhost}.
 *
 * @param repository the repository with its domain, as written ({@code localhost:5000/team/app}); Docker Hub
 *                   short names are kept short ({@code debian})
 * @param tag        the tag, when written
 * @param digest     the digest, when written
 */
public record ImageRef(String repository, Optional<String> tag, Optional<String> digest) {
    /** Where Docker pulls Docker Hub images from. */
    public static final String DOCKER_HUB_HOST = "registry-1.docker.io";
    private static final String DOCKER_IO = "docker.io";
    private static final String INDEX_DOCKER_IO = "index.docker.io";

    public static ImageRef parse(String reference) {
        String rest = reference;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        return new ImageRef(rest, tag, digest);
    }

    /** The image name under {@code registry} ({@code host[:port][/path]}) this reference points at, if any. */
    public Optional<String> nameUnder(String registry) {
        String prefix = normalize(registry) + "/";
        String repo = normalize(repository);
        if (!repo.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = repo.substring(prefix.length());
        return name.isEmpty() || name.contains("/") ? Optional.empty() : Optional.of(name);
    }

    /**
     * The registry host this reference is pulled from, as Docker resolves it: {@code registry-1.docker.io} for a
     * Docker Hub short name ({@code debian}, {@code user/app}) and for {@code docker.io} / {@code index.docker.io},
     * else the domain as written (lower case).
     */
    public String registryHost() {
        return domain().map(d -> {
            String host = d.toLowerCase(Locale.ROOT);
            return host.equals(DOCKER_IO) || host.equals(INDEX_DOCKER_IO) ? DOCKER_HUB_HOST : host;
        }).orElse(DOCKER_HUB_HOST);
    }

    /**
     * The repository path in its registry: {@code library/debian} for {@code debian} (Docker Hub's official images),
     * {@code user/app} for {@code user/app}, {@code team/app} for {@code host:5000/team/app}.
     */
    public String repositoryPath() {
        Optional<String> domain = domain();
        String path = domain.map(d -> repository.substring(d.length() + 1)).orElse(repository);
        boolean dockerHub = registryHost().equals(DOCKER_HUB_HOST);
        return dockerHub && !path.contains("/") ? "library/" + path : path;
    }

    /** The domain, when the first path component is one ({@code .} or {@code :} in it, or {@code localhost}). */
    private Optional<String> domain() {
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String first = repository.substring(0, slash);
        boolean isDomain = first.contains(".") || first.contains(":") || first.equals("localhost")
                || first.startsWith("[");
        return isDomain ? Optional.of(first) : Optional.empty();
    }

    /** Lower-cases the domain (host names are case-insensitive), keeps the path as written. */
    private static String normalize(String repository) {
        int slash = repository.indexOf('/');
        String first = slash < 0 ? repository : repository.substring(0, slash);
        String rest = slash < 0 ? "" : repository.substring(slash);
        return first.toLowerCase(Locale.ROOT) + rest;
    }

    @Override
    public String toString() {
        return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
