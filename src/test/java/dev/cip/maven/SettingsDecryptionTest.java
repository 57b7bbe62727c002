package dev.cip.maven;

import dev.cip.registry.Credentials;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passwords in settings.xml encrypted as {@code mvn --encrypt-password} does, read through Maven's own decrypter: both
 * the registry {@code <server>}s and the signing key's server are decrypted, and a password that cannot be decrypted
 * fails the goal naming the server.
 */
class SettingsDecryptionTest {
    private static final String MASTER = "master-password";

    private final DefaultPlexusCipher cipher = new DefaultPlexusCipher();

    private ReleaseMojo mojo(Path dir, Server... servers) throws Exception {
        Path security = dir.resolve("settings-security.xml");
        Files.writeString(security, "<settingsSecurity><master>"
                + cipher.encryptAndDecorate(MASTER, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION)
                + "</master></settingsSecurity>");
        ReleaseMojo mojo = new ReleaseMojo(new DefaultSettingsDecrypter(
                new DefaultSecDispatcher(cipher, Map.of(), security.toString())));
        mojo.settings = new Settings();
        for (Server server : servers) {
            mojo.settings.addServer(server);
        }
        return mojo;
    }

    private static Server server(String id, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername("user-" + id);
        server.setPassword(password);
        return server;
    }

    @Test
    void registryPasswordsAreDecrypted(@TempDir Path dir) throws Exception {
        ReleaseMojo mojo = mojo(dir, server("registry.test:5000", cipher.encryptAndDecorate("s3cret", MASTER)),
                server("plain.test", "as-written"));

        Map<String, Credentials> credentials = mojo.settingsCredentials();

        assertEquals(Credentials.basic("user-registry.test:5000", "s3cret"), credentials.get("registry.test:5000"));
        assertEquals(Credentials.basic("user-plain.test", "as-written"), credentials.get("plain.test"));
    }

    @Test
    void theSigningKeysPasswordIsDecrypted(@TempDir Path dir) throws Exception {
        Server signer = server("signer", null);
        signer.setPrivateKey("cosign.key");
        signer.setPassphrase(cipher.encryptAndDecorate("key-password", MASTER));
        ReleaseMojo mojo = mojo(dir, signer);
        mojo.sign = "cosign";
        mojo.signServer = "signer";

        var keys = mojo.signingKeys();

        assertEquals(Optional.of("cosign.key"), keys.signKey());
        assertEquals(Optional.of("key-password"), keys.signPassword());
    }

    @Test
    void aPasswordThatCannotBeDecryptedFailsNamingItsServer(@TempDir Path dir) throws Exception {
        String brokenSecret = "{" + "not-base64-!!" + "}";
        Server signer = server("signer", null);
        signer.setPrivateKey("cosign.key");
        signer.setPassphrase(brokenSecret);
        ReleaseMojo mojo = mojo(dir, server("registry.test", brokenSecret), signer);
        mojo.sign = "cosign";
        mojo.signServer = "signer";

        MojoExecutionException registry = assertThrows(MojoExecutionException.class, mojo::settingsCredentials);
        MojoExecutionException signing = assertThrows(MojoExecutionException.class, mojo::signingKeys);

        assertTrue(registry.getMessage().startsWith("cannot decrypt the password of <server> registry.test in "
                + "settings.xml: "), registry.getMessage());
        assertTrue(signing.getMessage().startsWith("cannot decrypt the signing key's password of <server> signer in "
                + "settings.xml: "), signing.getMessage());
    }
}
