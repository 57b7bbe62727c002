package dev.cip.registry;

import java.util.Optional;

/** Gives the credentials to use for one registry host ({@code host[:port]}, no path). */
@FunctionalInterface
public interface CredentialProvider {
    Optional<Credentials> forHost(String registryHost);

    /** Anonymous access everywhere. */
    static CredentialProvider none() {
        return host -> Optional.empty();
    }
}
