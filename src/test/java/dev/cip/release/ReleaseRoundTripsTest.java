package dev.cip.release;

import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.FaultProxy;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What releasing one image costs in round trips to a real registry (distribution on loopback, behind a proxy that
 * records each request and delays it): the everyday run releases one image, and its release is on the run's critical
 * path. Requests that arrive within half the delay of one another were sent at once: one round trip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseRoundTripsTest {
    private static final long DELAY_MILLIS = 400;

    @Started
    private TestRegistry registry;
    @Started(quickRetries = true)
    private RegistryClient client;

    /** The requests after the client's first ping, grouped by round trip, each group sorted. */
    private static List<List<String>> roundTrips(FaultProxy proxy) {
        List<FaultProxy.Seen> seen = new ArrayList<>(proxy.seen().stream().filter(s -> !s.path().equals("/v2/"))
                .toList());
        seen.sort(Comparator.comparingLong(FaultProxy.Seen::nanos));
        List<List<String>> trips = new ArrayList<>();
        long groupStart = Long.MIN_VALUE;
        for (FaultProxy.Seen s : seen) {
            if (trips.isEmpty() || s.nanos() - groupStart > DELAY_MILLIS * 1_000_000 / 2) {
                trips.add(new ArrayList<>());
                groupStart = s.nanos();
            }
            trips.get(trips.size() - 1).add(s.method() + " " + s.path().replaceAll("sha256:[0-9a-f]{64}", "<digest>")
                    .replaceAll("/v2/[^/]+/app/", ""));
        }
        trips.forEach(Collections::sort);
        return trips;
    }

    @Test
    void oneImageIsReadInThreeRoundTripsThenTaggedWithOneRequestPerTag() throws Exception {
        String name = TestImages.namespace("rt") + "/app";
        TestImages.pushIndex(client, registry.address(), name, StagingTag.of("1.0", List.of("linux/amd64")).tag(),
                List.of("linux/amd64"), Map.of("dev.cip.fingerprint", "fp"), true, 300);
        try (FaultProxy proxy = FaultProxy.to(registry.address()).delay(DELAY_MILLIS)) {
            ReleaseOutcome out = new Releaser(client, proxy.address(), 4).release(List.of(new ReleaseImage(name,
                    "1.0", List.of("linux/amd64"), Map.of())), ReleaseMode.END, true, false);
            ImageRelease r = out.images().get(0);
            assertEquals(ImageRelease.Status.RELEASED, r.status(), r.reason());
            assertEquals(List.of(
                    List.of("GET tags/list", "HEAD manifests/1.0"),          // what is staged | where 1.0 is
                    List.of("GET manifests/1.0__cip-linux-amd64"),           // the staged index
                    List.of("HEAD manifests/<digest>", "HEAD manifests/<digest>"), // its image and attestation
                    List.of("PUT manifests/1.0"),
                    List.of("PUT manifests/latest"),
                    List.of("DELETE manifests/1.0__cip-linux-amd64")),       // distribution 2.8 refuses: listed
                    roundTrips(proxy));
        }
        assertEquals(client.head(registry.address(), name, "1.0").map(h -> h.digest()),
                client.head(registry.address(), name, "latest").map(h -> h.digest()));
    }

    @Test
    void releasingAgainReadsWhereLatestIsAndWritesNothing() throws Exception {
        String name = TestImages.namespace("rt") + "/app";
        TestImages.pushIndex(client, registry.address(), name, StagingTag.of("2.0", List.of("linux/amd64")).tag(),
                List.of("linux/amd64"), Map.of("dev.cip.fingerprint", "fp"), true, 300);
        ReleaseImage image = new ReleaseImage(name, "2.0", List.of("linux/amd64"), Map.of());
        new Releaser(client, registry.address(), 4).release(List.of(image), ReleaseMode.END, true, false);
        // latest moved elsewhere meanwhile (another version released later): releasing 2.0 again puts it back,
        // as before, because it reads where latest is
        Optional<String> released = client.head(registry.address(), name, "2.0").map(h -> h.digest());
        TestImages.pushIndex(client, registry.address(), name, "latest", List.of("linux/arm64"), Map.of(), false, 100);
        try (FaultProxy proxy = FaultProxy.to(registry.address())) {
            ImageRelease r = new Releaser(client, proxy.address(), 4).release(List.of(image), ReleaseMode.END, true,
                    false).images().get(0);
            assertEquals(ImageRelease.Status.RELEASED, r.status(), r.reason());
            assertEquals(List.of("latest"), r.written());
            assertEquals(1, proxy.seen().stream().filter(s -> s.method().equals("HEAD")
                    && s.path().endsWith("/manifests/latest")).count());
        }
        assertEquals(released, client.head(registry.address(), name, "latest").map(h -> h.digest()));
    }
}
