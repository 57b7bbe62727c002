package dev.cip.registry;

/**
 * The "what to do" that ends a registry error message, in the words of the tool cip runs in (which settings,
 * which files). The core builds the facts of each message ({@link RegistryErrors}); the adapter supplies these.
 * Every method returns a clause that starts with a lower-case verb, e.g. {@code "run 'docker login host'"}.
 */
public interface RegistryHints {

    /** No credentials were found for {@code host} and it asks for some. */
    String provideCredentials(String host);

    /** The credentials for {@code host} were rejected or lack permission. */
    String fixCredentials(String host);

    /** {@code host} answered in plain HTTP where cip spoke TLS. */
    String allowPlainHttp(String host);

    /** The TLS certificate of {@code host} is not trusted. */
    String trustCertificate(String host);

    /** A blob is larger than the configured cap on a single blob. */
    default String raiseBlobLimit() {
        return "if the layer is genuine, raise the limit on a single blob";
    }

    /** Advice that names no build tool: the Docker CLI's own commands. */
    RegistryHints GENERIC = new RegistryHints() {
        @Override
        public String provideCredentials(String host) {
            return "run 'docker login " + host + "'";
        }

        @Override
        public String fixCredentials(String host) {
            return "run 'docker login " + host + "' again";
        }

        @Override
        public String allowPlainHttp(String host) {
            return "if it is meant to be reached over plain HTTP, list it as an insecure registry";
        }

        @Override
        public String trustCertificate(String host) {
            return "if it uses a private CA, give its PEM file as the extra CA or add it to the JDK trust store";
        }
    };
}
