package dev.cip.maven;

import dev.cip.registry.RegistryException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/** Maps registry errors to Maven's two kinds: the user's to fix (credentials, names) or the environment's. */
final class RegistryFailures {
    private RegistryFailures() {
    }

    static MojoExecutionException rethrow(RegistryException e) throws MojoFailureException {
        if (e.kind() == RegistryException.Kind.AUTH || e.kind() == RegistryException.Kind.INVALID) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        return new MojoExecutionException(e.getMessage(), e);
    }
}
