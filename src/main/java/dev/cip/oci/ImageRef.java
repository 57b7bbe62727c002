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
