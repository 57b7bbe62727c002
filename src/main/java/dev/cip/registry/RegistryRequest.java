package dev.cip.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request to a registry, as the endpoints describe it and the {@link RegistryTransport} sends it: a path under
 * the registry (the transport picks the scheme) or an absolute URI (an upload location, a redirect, a token realm).
 * Immutable; the {@code with…} methods return changed copies.
 *
 * @param method          the HTTP method
 * @param registry        the registry the request is for (credentials, permits and messages go by it)
 * @param repository      the repository, for messages; may be null
 * @param path            the path and query under the registry; null when {@code absolute} is set
 * @param absolute        an absolute URI; null when {@code path} is set
 * @param headers         extra headers
 * @param body            a fresh body publisher per attempt
 * @param scopes          the token scopes the request needs
 * @param retryable       whether connection errors, 5xx and 429 are retried
 * @param followRedirects whether 3xx answers are followed (blob reads)
 * @param anonymous       never attach the registry's credentials (token requests, other origins)
 */
record RegistryRequest(String method, RegistryAddress registry, String repository, String path, URI absolute,
                       Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body, List<String> scopes,
                       boolean retryable, boolean followRedirects, boolean anonymous) {

    RegistryRequest {
        headers = Map.copyOf(headers);
        scopes = List.copyOf(scopes);
    }

    static RegistryRequest to(String method, RegistryAddress registry, String repository, String path) {
        return new RegistryRequest(method, registry, repository, path, null, Map.of(),
                HttpRequest.BodyPublishers::noBody, List.of(), true, false, false);
    }

    static RegistryRequest toUri(String method, RegistryAddress registry, String repository, URI uri) {
        return new RegistryRequest(method, registry, repository, null, uri, Map.of(),
                HttpRequest.BodyPublishers::noBody, List.of(), true, false, false);
    }

    RegistryRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RegistryRequest(method, registry, repository, path, absolute, h, body, scopes, retryable,
                followRedirects, anonymous);
    }

    RegistryRequest withScopes(String... s) {
        return new RegistryRequest(method, registry, repository, path, absolute, headers, body, List.of(s),
                retryable, followRedirects, anonymous);
    }

    RegistryRequest withBody(Supplier<HttpRequest.BodyPublisher> b) {
        return new RegistryRequest(method, registry, repository, path, absolute, headers, b, scopes, retryable,
                followRedirects, anonymous);
    }

    RegistryRequest noRetry() {
        return new RegistryRequest(method, registry, repository, path, absolute, headers, body, scopes, false,
                followRedirects, anonymous);
    }

    RegistryRequest followingRedirects() {
        return new RegistryRequest(method, registry, repository, path, absolute, headers, body, scopes, retryable,
                true, anonymous);
    }

    RegistryRequest asAnonymous() {
        return new RegistryRequest(method, registry, repository, path, absolute, headers, body, scopes, retryable,
                followRedirects, true);
    }

    /** The same request sent to {@code uri} (a redirect): no body, same headers and scopes. */
    RegistryRequest redirectedTo(URI uri) {
        return new RegistryRequest(method, registry, repository, null, uri, headers,
                HttpRequest.BodyPublishers::noBody, scopes, retryable, followRedirects, anonymous);
    }

    /** The path for messages, without query (which may hold upload state). */
    String display() {
        if (absolute != null) {
            return absolute.getRawPath();
        }
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** " for repository x/y", or "" when there is no repository. */
    String what() {
        return repository == null ? "" : " for repository " + repository;
    }

    static String pull(String repo) {
        return "repository:" + repo + ":pull";
    }

    static String push(String repo) {
        return "repository:" + repo + ":pull,push";
    }

    static String delete(String repo) {
        return "repository:" + repo + ":delete";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
