package dev.cip.maven;

import dev.cip.registry.RegistryHints;

/** The end of registry error messages in Maven's words: settings.xml servers and {@code cip.*} properties. */
public final class MavenHelpfulSuggestions implements RegistryHints {
    public static final MavenHelpfulSuggestions INSTANCE = new MavenHelpfulSuggestions();

    private MavenHelpfulSuggestions() {
    }

    @Override
    public String provideCredentials(String host) {
        return "run 'docker login " + host + "' or add a Maven <server> whose id is " + host + " to settings.xml";
    }

    @Override
    public String fixCredentials(String host) {
        return "run 'docker login " + host + "' again or fix the Maven <server> whose id is " + host;
    }

    @Override
    public String allowPlainHttp(String host) {
        return "if it is meant to be reached over plain HTTP, add it to cip.insecureRegistries (-Dcip.insecureRegistries="
                + host + ")";
    }

    @Override
    public String trustCertificate(String host) {
        return "if it uses a private CA, give its PEM file as cip.caFile or add it to the JDK trust store";
    }
}
