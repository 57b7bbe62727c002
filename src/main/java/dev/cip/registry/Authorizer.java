package dev.cip.registry;

import java.net.http.HttpHeaders;
import java.util.List;

/** What the transport asks of authentication: the header to send, and what to do on a 401. */
interface Authorizer {
    /** The {@code Authorization} header for a request to {@code registry} needing {@code scopes}, or null. */
    String authorization(RegistryAddress registry, List<String> scopes);

    /** Learns the challenge of a 401; true when one more attempt can succeed. */
    boolean onUnauthorized(RegistryAddress registry, List<String> scopes, HttpHeaders headers, String sent);

    /** Whether there are credentials for {@code host} (for messages). */
    boolean hasCredentials(String host);
}
