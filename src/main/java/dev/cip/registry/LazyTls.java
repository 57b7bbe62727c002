package dev.cip.registry;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The JDK's default TLS context, set up on the first TLS connection instead of when the HTTP client is built: the
 * JDK's HTTP client asks for its context at once, and reading the JDK's trust store costs ~0.2 s of CPU in a cold JVM,
 * which a run reaching only plain-HTTP registries (a registry on loopback) never needs. Every TLS connection gets the
 * default context itself, so verification is the JDK's.
 */
final class LazyTls extends SSLContextSpi {
    private volatile SSLContext real;

    private LazyTls() {
    }

    /** A context that becomes {@link SSLContext#getDefault()} on first use. */
    static SSLContext context() {
        return new SSLContext(new LazyTls(), null, "TLS") {
        };
    }

    /**
     * The parameters to build the client with: none set, so that building it does not read the context (each
     * connection's engine starts from the default context's own defaults; the client adds host name verification).
     */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private SSLContext real() {
        SSLContext r = real;
        if (r == null) {
            synchronized (this) {
                if (real == null) {
                    try {
                        real = SSLContext.getDefault();
                    } catch (NoSuchAlgorithmException e) {
                        throw new IllegalStateException("this Java runtime has no default TLS context", e);
                    }
                }
                r = real;
            }
        }
        return r;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
        // the default context is initialised by the JDK
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return real().getSupportedSSLParameters();
    }
}
