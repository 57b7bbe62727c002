package dev.cip.registry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throw-away certificate authority made with openssl, and server certificates for 127.0.0.1/localhost. */
public final class TestCa {
    private final Path dir;
    private final Path cert;
    private final Path key;

    private TestCa(Path dir) {
        this.dir = dir;
        this.cert = dir.resolve("ca.pem");
        this.key = dir.resolve("ca.key");
    }

    public static TestCa create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        TestCa ca = new TestCa(dir);
        Commands.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=cip test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** The CA certificate (PEM). */
    public Path certificate() {
        return cert;
    }

    /** A server key and certificate for {@code 127.0.0.1} and {@code localhost}, signed by this CA. */
    public ServerCert issueServerCert(String name) {
        Path k = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path c = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        try {
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                    + "extendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Commands.run(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", k.toString(), "-out", csr.toString(), "-subj", "/CN=localhost");
        Commands.run(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", cert.toString(), "-CAkey",
                key.toString(), "-CAcreateserial", "-out", c.toString(), "-days", "2", "-extfile", ext.toString());
        return new ServerCert(c, k);
    }

    public record ServerCert(Path certificate, Path key) {
    }
}
