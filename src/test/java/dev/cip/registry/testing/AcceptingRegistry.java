package dev.cip.registry.testing;

import dev.cip.registry.Digests;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A registry that accepts every upload without checking a byte (as a careless or hostile target might): empty at
 * first, every blob and manifest put is answered 201. A test that copies into it sees cip's own refusals only: what
 * cip refuses never reaches it, and what cip does not refuse is accepted.
 */
public final class AcceptingRegistry {
    private AcceptingRegistry() {
    }

    /** The handler to {@link HostileRegistry#start(HostileRegistry.Handler)} it with. */
    public static HostileRegistry.Handler handler() {
        return r -> {
            String path = r.path();
            if (path.equals("/v2/") || path.equals("/v2")) {
                return HostileRegistry.Response.of(200, "{}");
            }
            if (r.method().equals("HEAD") || r.method().equals("GET")) {
                return HostileRegistry.Response.status(404);
            }
            if (path.contains("/blobs/uploads")) {
                String digest = query(r.target(), "digest");
                if (r.method().equals("PUT") || (r.method().equals("POST") && digest != null)) {
                    return HostileRegistry.Response.status(201).header("Docker-Content-Digest", digest);
                }
                String repo = path.substring("/v2/".length(), path.indexOf("/blobs/"));
                return HostileRegistry.Response.status(202)
                        .header("Location", "/v2/" + repo + "/blobs/uploads/u-" + System.nanoTime())
                        .header("Range", "0-0");
            }
            if (path.contains("/manifests/") && r.method().equals("PUT")) {
                return HostileRegistry.Response.status(201).header("Docker-Content-Digest", Digests.sha256(r.body()));
            }
            return HostileRegistry.Response.status(404);
        };
    }

    /** Whether any request to {@code registry} carried {@code bytes} as (part of) its body. */
    public static boolean received(HostileRegistry registry, byte[] bytes) {
        return registry.requests().stream().anyMatch(r -> r.body() != null && r.body().length >= bytes.length
                && indexOf(r.body(), bytes) >= 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static String query(String target, String name) {
        int q = target.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String p : target.substring(q + 1).split("&")) {
            if (p.startsWith(name + "=")) {
                return URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
