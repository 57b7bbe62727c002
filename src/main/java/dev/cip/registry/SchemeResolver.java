package dev.cip.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides per registry host whether to speak HTTPS or plain HTTP. HTTPS always, except for loopback hosts
 * ({@link RegistryAddress#isLoopback()}) and the configured insecure registries: there the server is probed once,
 * as the Docker engine tries HTTPS first, and the answer is remembered. Thread-safe.
 */
final class SchemeResolver {
    private final Set<String> insecureRegistries;
    private final RegistryOptions options;
    private final ConcurrentMap<String, String> schemes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> probeLocks = new ConcurrentHashMap<>();

    SchemeResolver(RegistryOptions options) {
        this.options = options;
        this.insecureRegistries = options.insecureRegistries();
    }

    /** True when plain HTTP may be used with this registry (loopback or configured insecure). */
    boolean allowsPlainHttp(RegistryAddress a) {
        return a.isLoopback() || insecureRegistries.contains(a.host()) || insecureRegistries.contains(a.hostname());
    }

    /** {@code https}, or {@code http} where that is allowed and the server does not speak TLS. */
    String schemeFor(RegistryAddress reg) {
        if (!allowsPlainHttp(reg)) {
            return "https";
        }
        String known = schemes.get(reg.host());
        if (known != null) {
            return known;
        }
        synchronized (probeLocks.computeIfAbsent(reg.host(), k -> new Object())) {
            known = schemes.get(reg.host());
            if (known != null) {
                return known;
            }
            String probed = probe(reg);
            if (probed == null) {
                return "http";
            }
            schemes.put(reg.host(), probed);
            return probed;
        }
    }

    /**
     * A plain {@code GET /v2/} is written to a raw socket: a plain HTTP answer means HTTP; a TLS alert, a closed
     * connection, silence, or the "plain HTTP request sent to an HTTPS port" 400 that Go and nginx send mean HTTPS.
     * A refused connection decides nothing (null). No TLS set-up is needed, so this is fast.
     */
    private String probe(RegistryAddress reg) {
        int port = reg.port() < 0 ? 443 : reg.port();
        int timeout = (int) Math.max(1, options.probeTimeout().toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(reg.hostname(), port),
                    (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            socket.setSoTimeout(timeout);
            socket.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + reg.host()
                    + "\r\nUser-Agent: " + options.userAgent() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buf = new byte[1024];
            int n = 0;
            InputStream in = socket.getInputStream();
            try {
                while (n < buf.length) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                    String sofar = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    if (sofar.contains("\r\n\r\n") && !sofar.startsWith("HTTP/1.0 400")
                            && !sofar.startsWith("HTTP/1.1 400")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // silence: decide on what came so far
            }
            String answer = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/")) {
                return "https";
            }
            if (answer.matches("(?s)HTTP/1\\.[01] 400.*") && answer.toUpperCase(Locale.ROOT).contains("HTTPS")) {
                return "https";
            }
            return "http";
        } catch (IOException e) {
            return null;
        }
    }
}
