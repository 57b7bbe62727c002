package dev.cip.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Every registry error message is built here: the facts (which registry, repository, request, what it answered)
 * in one shape, and the advice from the {@link RegistryHints} the caller supplied. Text that came from the
 * registry goes through {@link ExternalText} first.
 */
final class RegistryErrors {

    private final RegistryOptions options;

    RegistryErrors(RegistryOptions options) {
        this.options = options;
    }

    RegistryHints hints() {
        return options.hints();
    }

    /** A failed exchange (no HTTP answer): certificate, plain-HTTP answer to TLS, DNS, refused, timed out. */
    RegistryException transportFailure(RegistryRequest r, URI uri, IOException e, boolean retried) {
        String host = r.registry().host();
        String badHeader = rejectedHeader(e);
        if (badHeader != null) {
            String answer = " in answer to " + r.method() + " " + r.display() + r.what()
                    + "; the registry or a proxy in front of it is broken or hostile";
            return new RegistryException(RegistryException.Kind.INVALID, host, r.repository(), 0,
                    badHeader.equalsIgnoreCase("WWW-Authenticate")
                            ? server(r, uri) + " sent an unparsable challenge (a WWW-Authenticate header with a "
                            + "character HTTP does not allow)" + answer
                            : server(r, uri) + " sent an invalid HTTP header " + ExternalText.clean(badHeader, 60)
                            + answer, e);
        }
        if (isCertificateProblem(e)) {
            return new RegistryException(RegistryException.Kind.TLS, host, r.repository(), 0,
                    "TLS handshake with " + uri.getRawAuthority() + " (registry " + host + ") failed: "
                            + ExternalText.clean(rootMessage(e)) + "; " + hints().trustCertificate(host), e);
        }
        if (isPlainHttpAnswer(e)) {
            return new RegistryException(RegistryException.Kind.TLS, host, r.repository(), 0,
                    "registry " + host + " answered in plain HTTP to an HTTPS request (to "
                            + uri.getRawAuthority() + "); " + hints().allowPlainHttp(host), e);
        }
        String target = server(r, uri);
        String tries = retried && r.retryable() && options.maxRetries() > 0
                ? " (tried " + (options.maxRetries() + 1) + " times)" : "";
        if (isUnresolved(e)) {
            return new RegistryException(RegistryException.Kind.UNREACHABLE, host, r.repository(), 0,
                    "the host name " + uri.getHost() + " of " + target + " could not be resolved (DNS lookup "
                            + "failed); check the spelling of the registry and the network's DNS" + tries, e);
        }
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "connection timed out after " + options.connectTimeout().toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + options.requestTimeout().toSeconds() + " s";
        } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + ExternalText.clean(e.getMessage()));
        }
        return new RegistryException(RegistryException.Kind.UNREACHABLE, host, r.repository(), 0,
                target + " is not reachable (" + why + "); is it running?" + tries, e);
    }

    /** A 401 whose challenge names no scheme cip can answer (Basic, Bearer), or cannot be parsed. */
    RegistryException unparsableChallenge(RegistryRequest r, List<String> challenges) {
        String host = r.registry().host();
        return new RegistryException(RegistryException.Kind.AUTH, host, r.repository(), 401,
                "registry " + host + " sent an unparsable challenge (WWW-Authenticate: "
                        + ExternalText.clean(String.join(", ", challenges), 120) + ") with HTTP 401 on " + r.method()
                        + " " + r.display() + r.what() + "; cip answers Basic and Bearer challenges; the registry "
                        + "or a proxy in front of it is misconfigured");
    }

    /** A 401 or 403 that could not be satisfied. */
    RegistryException auth(RegistryRequest r, int status, boolean haveCredentials) {
        String host = r.registry().host();
        String on = " (HTTP " + status + " on " + r.method() + " " + r.display() + ")";
        String msg;
        if (status == 403) {
            msg = "registry " + host + " denied access" + r.what() + on
                    + (haveCredentials ? "; the credentials for " + host + " lack permission: check them, "
                    + hints().fixCredentials(host)
                    : "; no credentials were found for " + host + ": " + hints().provideCredentials(host));
        } else if (haveCredentials) {
            msg = "registry " + host + " rejected the credentials" + r.what() + on + "; check them: "
                    + hints().fixCredentials(host);
        } else {
            msg = "registry " + host + " requires authentication" + r.what() + on + " and no credentials were found"
                    + " for " + host + "; " + hints().provideCredentials(host);
        }
        return new RegistryException(RegistryException.Kind.AUTH, host, r.repository(), status, msg);
    }

    /** The token service refused us. */
    RegistryException tokenRefused(RegistryRequest r, String service, int status, boolean withCredentials) {
        String host = r.registry().host();
        String repo = r.repository();
        String msg = withCredentials
                ? "the token service " + service + " of registry " + host + " rejected the credentials for " + host
                + " (HTTP " + status + "); check them: " + hints().fixCredentials(host)
                : "the token service " + service + " of registry " + host + " refused anonymous access"
                + (repo == null ? "" : " to " + repo) + " (HTTP " + status + "); " + hints().provideCredentials(host);
        return new RegistryException(RegistryException.Kind.AUTH, host, repo, status, msg);
    }

    /** An answer with a status the endpoint does not expect; {@code errorBody} is its start (may be empty). */
    RegistryException unexpected(RegistryRequest r, int status, int expected, byte[] errorBody) {
        return new RegistryException(RegistryException.Kind.HTTP, r.registry().host(), r.repository(), status,
                server(r, r.absolute()) + " answered HTTP " + status + " to " + r.method() + " "
                        + r.display() + r.what() + " (expected " + expected + ")" + redacted(r, errorDetail(errorBody)));
    }

    /** 5xx or 429 left after the retries. */
    RegistryException serverError(RegistryRequest r, int status, byte[] errorBody, int retries) {
        return new RegistryException(RegistryException.Kind.HTTP, r.registry().host(), r.repository(), status,
                server(r, r.absolute()) + " answered HTTP " + status + " to " + r.method() + " "
                        + r.display() + r.what() + redacted(r, errorDetail(errorBody))
                        + (r.retryable() ? " (after " + retries + " retries)" : "")
                        + "; check the registry's health and logs");
    }

    /** A retry would wait past the client's back-off budget. */
    RegistryException backoffSpent(RegistryRequest r, int status, long waitMillis, long waitedMillis,
                                   long budgetMillis) {
        String host = r.registry().host();
        return new RegistryException(RegistryException.Kind.HTTP, host, r.repository(), status,
                "registry " + host + " answered HTTP " + status + " to " + r.method() + " " + r.display() + r.what()
                        + "; another attempt would wait " + seconds(waitMillis) + ", and cip has already waited "
                        + seconds(waitedMillis) + " for registries in this run of the " + seconds(budgetMillis)
                        + " it waits in all, so it stops here; "
                        + (status == 429 ? "the registry limits the rate of requests: try again later"
                        : "check the registry's health and logs"));
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 || millis >= 10_000 ? (millis + 500) / 1000 + " s"
                : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** The registry sent something we cannot accept; {@code what} says what and why. */
    RegistryException invalid(RegistryRequest r, int status, String message) {
        return new RegistryException(RegistryException.Kind.INVALID, r.registry().host(), r.repository(), status,
                message);
    }

    /** A body larger than we read. */
    RegistryException tooLarge(RegistryRequest r, String what, long limit) {
        return invalid(r, 200, "registry " + r.registry().host() + " sent more than " + size(limit) + " for " + what
                + " (" + r.method() + " " + r.display() + "); cip reads at most that, so the registry or a proxy in "
                + "front of it is broken or hostile");
    }

    /** A body that did not arrive in time. */
    RegistryException tooSlow(RegistryRequest r, String what, IOException e) {
        return new RegistryException(RegistryException.Kind.UNREACHABLE, r.registry().host(), r.repository(), 0,
                "registry " + r.registry().host() + " did not send " + what + " in time (" + r.method() + " "
                        + r.display() + ": " + e.getMessage() + ", read timeout "
                        + options.requestTimeout().toSeconds() + " s); check the registry and the network", e);
    }

    /** A body that arrived more slowly than the minimum rate. */
    RegistryException tooSlowRate(RegistryRequest r, String what, long inWindow, long total, long declared) {
        RegistryOptions.Transfers t = options.transfers();
        return new RegistryException(RegistryException.Kind.UNREACHABLE, r.registry().host(), r.repository(), 0,
                "registry " + r.registry().host() + " sent " + what + " too slowly (" + r.method() + " "
                        + r.display() + "): " + inWindow + " bytes in the last " + t.rateWindow().toSeconds()
                        + " s, " + total + (declared >= 0 ? " of " + declared : "") + " bytes in all; cip needs at "
                        + "least " + size(t.minBytesPerWindow()) + " in every " + t.rateWindow().toSeconds()
                        + " s; check the registry and the network");
    }

    /** The connection broke while a body was read. */
    RegistryException broken(RegistryRequest r, String what, IOException e) {
        if (e instanceof DeadlineBody.BodyTimeoutException) {
            return tooSlow(r, what, e);
        }
        return new RegistryException(RegistryException.Kind.UNREACHABLE, r.registry().host(), r.repository(), 0,
                "connection to registry " + r.registry().host() + " broke while reading " + what + " ("
                        + r.display() + "): " + ExternalText.clean(String.valueOf(e.getMessage())), e);
    }

    RegistryException interrupted(RegistryRequest r) {
        return new RegistryException(RegistryException.Kind.LOCAL, r.registry().host(), r.repository(), 0,
                "interrupted while talking to registry " + r.registry().host());
    }

    private static final Pattern AUTH_VALUE = Pattern.compile(
            "(?i)\\b(basic|bearer)\\s+[A-Za-z0-9._~+/=-]+");

    /**
     * {@code text} (from the registry) without secrets a broken or hostile server may echo: any
     * {@code Basic …}/{@code Bearer …} value, and the password, identity token and Basic value of the registry's
     * credentials.
     */
    private String redacted(RegistryRequest r, String text) {
        if (text.isEmpty()) {
            return text;
        }
        String out = AUTH_VALUE.matcher(text).replaceAll("$1 ****");
        Optional<Credentials> c = options.credentials().forHost(r.registry().host());
        if (c.isPresent()) {
            List<String> secrets = new ArrayList<>();
            if (c.get().isIdentityToken()) {
                secrets.add(c.get().identityToken());
            } else {
                secrets.add(c.get().secret());
                String basic = c.get().basicHeader();
                secrets.add(basic.substring(basic.indexOf(' ') + 1));
            }
            for (String secret : secrets) {
                if (secret != null && secret.length() >= 4) {
                    out = out.replace(secret, "****");
                }
            }
        }
        return out;
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    /** The distribution error codes/messages of an error body, cleaned, as " (CODE: message)", or "". */
    static String errorDetail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode n = Json.mapper().readTree(body);
            if (n != null && n.has("errors")) {
                List<String> parts = new ArrayList<>();
                for (JsonNode e : n.get("errors")) {
                    parts.add(e.path("code").asText() + ": " + e.path("message").asText());
                }
                String text = ExternalText.clean(String.join("; ", parts));
                return text.isEmpty() ? "" : " (" + text + ")";
            }
        } catch (IOException ignored) {
            // not JSON
        }
        String text = ExternalText.clean(body);
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    /**
     * Who answered: the registry; for a token request, the token service at its URL (without query); for another
     * origin (a redirect, an upload location), the auth/storage server.
     */
    private static String server(RegistryRequest r, URI uri) {
        String host = r.registry().host();
        if (uri == null || uri.getRawAuthority() == null) {
            return "registry " + host;
        }
        if (r.anonymous() && r.absolute() != null) {
            return "the token service at " + ExternalText.clean(uri.getScheme() + "://" + uri.getRawAuthority()
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())) + " of registry " + host;
        }
        return uri.getRawAuthority().equalsIgnoreCase(host) ? "registry " + host
                : "the auth/storage server " + uri.getRawAuthority() + " of registry " + host;
    }

    /** The name of a response header the JDK refused ("Invalid header value \"Name: …\""), or null. */
    private static String rejectedHeader(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof ProtocolException && m != null && m.startsWith("Invalid header")) {
                int quote = m.indexOf('"');
                int colon = quote < 0 ? -1 : m.indexOf(':', quote);
                return quote < 0 || colon < 0 ? "" : m.substring(quote + 1, colon);
            }
        }
        return null;
    }

    private static boolean isCertificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t.getClass().getName().endsWith("CertPathBuilderException")) {
                return true;
            }
            if (t instanceof SSLHandshakeException && t.getMessage() != null
                    && (t.getMessage().contains("PKIX") || t.getMessage().contains("certificate")
                    || t.getMessage().contains("subject alternative"))) {
                return true;
            }
        }
        return false;
    }

    /** The JDK's "Unrecognized SSL message, plaintext connection?": the server answered TLS with plain HTTP. */
    private static boolean isPlainHttpAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null
                    && t.getMessage().contains("nrecognized SSL message")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
