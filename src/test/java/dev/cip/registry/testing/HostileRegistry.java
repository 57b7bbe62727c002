package dev.cip.registry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scriptable misbehaving registry on loopback, for tests of what cip does when a registry (or whatever answers
 * in its name) is broken or hostile. Raw sockets and a minimal HTTP/1.1, so that anything can be sent: redirects
 * to plain HTTP, endless or trickling bodies, oversized manifests and tokens, escape sequences in error bodies,
 * blobs with the wrong content, silence.
 *
 * <p>With a server certificate it speaks TLS and plain HTTP <em>on the same port</em> (it looks at the first byte),
 * so an {@code https://localhost:P} registry can send a client to {@code http://localhost:P} and the test can see
 * what arrived in clear text. Plain-HTTP requests then get the {@link #plainHandler} (by default the
 * "HTTP request to an HTTPS server" 400 that Go servers send, which cip's scheme probe reads as "speaks TLS").
 *
 * <p>Every request is recorded ({@link #requests()}), with the transport it came over. One connection per
 * request ({@code Connection: close}). {@link #close()} stops every thread it started.
 */
public final class HostileRegistry implements AutoCloseable {

    /** What reached the server. Header names lower case. */
    public record Request(boolean tls, String method, String target, Map<String, String> headers, byte[] body) {
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers a request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request);
    }

    /** What to send back. */
    public static final class Response {
        private final int status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private boolean endless;
        private long trickleMillis;
        private boolean silent;
        private boolean omitLength;

        private Response(int status) {
            this.status = status;
        }

        /** A status with an empty body. */
        public static Response status(int status) {
            return new Response(status);
        }

        /** A status and a body with its {@code Content-Length}. */
        public static Response of(int status, byte[] body) {
            Response r = new Response(status);
            r.body = body.clone();
            return r;
        }

        public static Response of(int status, String body) {
            return of(status, body.getBytes(StandardCharsets.UTF_8));
        }

        /** A 200 body that never ends (no {@code Content-Length}): 64 KiB after 64 KiB until the client goes. */
        public static Response endless(int status) {
            Response r = new Response(status);
            r.endless = true;
            r.omitLength = true;
            return r;
        }

        /** Never answers; the connection stays open until the client gives up or the server closes. */
        public static Response silence() {
            Response r = new Response(0);
            r.silent = true;
            return r;
        }

        public Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Sends the body one byte every {@code millis} (headers, with the full {@code Content-Length}, at once). */
        public Response trickle(long millis) {
            this.trickleMillis = millis;
            return this;
        }

        /** Leaves out {@code Content-Length} (the body ends when the connection closes). */
        public Response withoutLength() {
            this.omitLength = true;
            return this;
        }
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final Handler handler;
    private volatile Handler plainHandler = r -> Response.of(400,
            "Client sent an HTTP request to an HTTPS server.\n");
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-registry");
        t.setDaemon(true);
        return t;
    });

    private HostileRegistry(TestCa.ServerCert cert, Handler handler) throws Exception {
        this.handler = handler;
        this.tls = cert == null ? null : sslContext(cert);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        threads.execute(this::acceptLoop);
    }

    /** A plain-HTTP hostile registry on 127.0.0.1. */
    public static HostileRegistry start(Handler handler) {
        return start(null, handler);
    }

    /** With {@code cert}, TLS and plain HTTP on one port; without, plain HTTP only. */
    public static HostileRegistry start(TestCa.ServerCert cert, Handler handler) {
        try {
            return new HostileRegistry(cert, handler);
        } catch (Exception e) {
            throw new AssertionError("cannot start the hostile registry: " + e, e);
        }
    }

    /** What plain-HTTP requests get when the server speaks TLS. */
    public HostileRegistry plainHandler(Handler h) {
        this.plainHandler = h;
        return this;
    }

    /** {@code localhost:<port>} (matches the test certificates). */
    public String address() {
        return "localhost:" + port();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Wraps {@code inner}: requests without these Basic credentials get a 401 Basic challenge. */
    public static Handler basicAuth(String user, String password, Handler inner) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return r -> expected.equals(r.header("Authorization")) ? inner.handle(r)
                : Response.status(401).header("WWW-Authenticate", "Basic realm=\"hostile\"");
    }

    /** An error body in the distribution format with the given message. */
    public static byte[] errorBody(String code, String message) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = json.createObjectNode();
        root.putArray("errors").addObject().put("code", code).put("message", message);
        try {
            return json.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void serve(Socket raw) {
        try (Socket closing = raw) {
            raw.setSoTimeout(30_000);
            PushbackInputStream in = new PushbackInputStream(raw.getInputStream(), 1);
            int first = in.read();
            if (first < 0) {
                return;
            }
            in.unread(first);
            if (tls == null && first == 0x16) {
                // a TLS ClientHello to a plain-HTTP server: answer as one would
                requests.add(new Request(true, "TLS-HELLO", "", Map.of(), new byte[0]));
                raw.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                raw.getOutputStream().flush();
                return;
            }
            boolean isTls = tls != null && first == 0x16;
            Socket s = raw;
            InputStream input = in;
            if (isTls) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, in, true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                open.add(ssl);
                s = ssl;
                input = ssl.getInputStream();
            }
            Request req = readRequest(input, isTls);
            if (req == null) {
                return;
            }
            requests.add(req);
            Response resp = (tls != null && !isTls ? plainHandler : handler).handle(req);
            write(s.getOutputStream(), req, resp);
        } catch (IOException | InterruptedException e) {
            // the client went away, or we are closing
        } finally {
            open.remove(raw);
        }
    }

    private static Request readRequest(InputStream in, boolean tls) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? (b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1
                    : 0)) : 0;
            if (head.size() > 64 * 1024) {
                throw new IOException("request head too long");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length < 2) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = new byte[0];
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        }
        return new Request(tls, requestLine[0], requestLine[1], Map.copyOf(headers), body);
    }

    private void write(OutputStream out, Request req, Response r) throws IOException, InterruptedException {
        if (r.silent) {
            while (!server.isClosed()) {
                Thread.sleep(50);
            }
            return;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status + " " + reason(r.status) + "\r\n");
        r.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (!r.omitLength) {
            head.append("Content-Length: ").append(r.body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (req.method().equals("HEAD")) {
            return;
        }
        if (r.endless) {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (long sent = 0; sent < (2L << 30) && !server.isClosed(); sent += chunk.length) {
                out.write(chunk);
            }
        } else if (r.trickleMillis > 0) {
            for (byte b : r.body) {
                out.write(b);
                out.flush();
                Thread.sleep(r.trickleMillis);
            }
        } else {
            out.write(r.body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            default -> "Status";
        };
    }

    private static SSLContext sslContext(TestCa.ServerCert cert) throws Exception {
        String pem = Files.readString(cert.key());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        Certificate c;
        try (InputStream in = Files.newInputStream(cert.certificate())) {
            c = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pass = "hostile".toCharArray();
        ks.setKeyEntry("server", key, pass, new Certificate[] {c});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
