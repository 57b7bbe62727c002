package dev.cip.registry;

import com.sun.net.httpserver.HttpServer;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTagsTest {
    private TestRegistry registry;
    private RegistryClient client;

    @BeforeAll
    void start() {
        registry = TestRegistry.open();
        client = TestImages.quickRetryClient();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void listsEveryTagOfARepository() {
        String name = TestImages.namespace("t") + "/app";
        TestImages.pushIndex(client, registry.address(), name, "1.0", List.of("linux/amd64"), Map.of(), false, 10);
        TestImages.pushIndex(client, registry.address(), name, "1.0__cip-linux-amd64", List.of("linux/amd64"),
                Map.of(), false, 10);
        TestImages.pushIndex(client, registry.address(), name, "latest", List.of("linux/amd64"), Map.of(), false, 10);
        assertEquals(List.of("1.0", "1.0__cip-linux-amd64", "latest"),
                new RegistryTags(client).list(registry.address(), name).stream().sorted().toList());
    }

    @Test
    void aRepositoryThatDoesNotExistHasNoTags() {
        assertEquals(List.of(), new RegistryTags(client).list(registry.address(),
                TestImages.namespace("t") + "/none"));
    }

    /** distribution 2.8 (the registry here) refuses to delete by tag: the tag stays, nothing else changes. */
    @Test
    void distribution28DoesNotDeleteByTag() {
        String name = TestImages.namespace("t") + "/app";
        TestImages.Pushed p = TestImages.pushIndex(client, registry.address(), name, "1.0__cip-linux-amd64",
                List.of("linux/amd64"), Map.of(), false, 10);
        client.putManifest(registry.address(), name, "1.0", MediaTypes.OCI_INDEX,
                client.manifest(registry.address(), name, p.digest()).orElseThrow().raw());
        assertEquals(RegistryTags.Deletion.UNSUPPORTED,
                new RegistryTags(client).delete(registry.address(), name, "1.0__cip-linux-amd64"));
        assertTrue(client.head(registry.address(), name, "1.0__cip-linux-amd64").isPresent());
        assertEquals(p.digest(), client.head(registry.address(), name, "1.0").orElseThrow().digest());
    }

    /**
     * Registries that page the tag list (distribution 2.8 does not) say where the next page is in {@code Link}; a
     * loopback server answering as such a registry does.
     */
    @Test
    void followsTheNextPageLinks() throws Exception {
        List<String> queries = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            queries.add(ex.getRequestURI().getRawPath() + "?" + q);
            String body;
            if (ex.getRequestURI().getRawPath().equals("/v2/")) {
                body = "{}";
            } else if (q.contains("last=b")) {
                body = "{\"name\":\"ns/app\",\"tags\":[\"c\"]}";
            } else if (q.contains("last=a")) {
                ex.getResponseHeaders().add("Link", "</v2/ns/app/tags/list?n=1&last=b>; rel=\"next\"");
                body = "{\"name\":\"ns/app\",\"tags\":[\"b\"]}";
            } else {
                ex.getResponseHeaders().add("Link", "</v2/ns/app/tags/list?n=1&last=a>; rel=\"next\"");
                body = "{\"name\":\"ns/app\",\"tags\":[\"a\"]}";
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String reg = "127.0.0.1:" + server.getAddress().getPort();
            assertEquals(List.of("a", "b", "c"), new RegistryTags(client).list(reg, "ns/app"));
            List<String> lists = new ArrayList<>(queries.stream().filter(s -> s.contains("/tags/list")).toList());
            assertEquals(List.of("/v2/ns/app/tags/list?n=" + RegistryTags.PAGE, "/v2/ns/app/tags/list?n=1&last=a",
                    "/v2/ns/app/tags/list?n=1&last=b"), lists);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void readsTheNextLink() {
        assertEquals("/v2/x/tags/list?n=2&last=b",
                RegistryTags.nextLink("</v2/x/tags/list?n=2&last=b>; rel=\"next\"").orElseThrow());
        assertTrue(RegistryTags.nextLink("</v2/x/tags/list?n=2&last=b>; rel=\"prev\"").isEmpty());
    }
}
