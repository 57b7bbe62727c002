package dev.cip.registry;

/**
 * A failure talking to a container registry. The message always names the registry (and the repository, where
 * there is one) and says what to do. It never contains credentials.
 */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is, so callers can tell the environment's fault from the user's. */
    public enum Kind {
        /** Connection refused, timed out, reset: the registry could not be reached (retries exhausted). */
        UNREACHABLE,
        /** TLS handshake failed (e.g. untrusted certificate). */
        TLS,
        /** 401/403 we could not satisfy: missing or rejected credentials, or access denied. */
        AUTH,
        /** The registry answered with a status we do not expect (including 5xx after retries). */
        HTTP,
        /** The registry sent something invalid: digest mismatch, unparsable manifest. */
        INVALID,
        /** A problem on this side: credential helper failed, local file unreadable. */
        LOCAL
    }

    private final Kind kind;
    private final String registry;
    private final String repository;
    private final int status;

    public RegistryException(Kind kind, String registry, String repository, int status, String message,
                             Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.registry = registry;
        this.repository = repository;
        this.status = status;
    }

    public RegistryException(Kind kind, String registry, String repository, int status, String message) {
        this(kind, registry, repository, status, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The registry host (host[:port]). */
    public String registry() {
        return registry;
    }

    /** The repository path (may be null when the failure is not about one repository). */
    public String repository() {
        return repository;
    }

    /** The HTTP status, or 0 when there was none. */
    public int status() {
        return status;
    }

    /** True for failures that a later attempt may not see: unreachable, 5xx, 429. */
    public boolean isTransient() {
        return kind == Kind.UNREACHABLE || (kind == Kind.HTTP && (status >= 500 || status == 429));
    }
}
