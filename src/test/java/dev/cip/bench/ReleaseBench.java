package dev.cip.bench;

import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryOptions;
import dev.cip.registry.testing.TestImages;
import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseMode;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.Releaser;
import dev.cip.release.StagingTag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times {@code cip:release}'s core (SPEC §11, issue #10: 50 staged images released in under 2 s) against a real
 * registry. It stages N images in a new namespace, a binary tree of parents, each by two shards (linux/amd64 and
 * linux/arm64 under their staging tags, with attestations; not timed), then times the first release (reads, checks,
 * writes a new index per image) and further releases of the same images (the idempotent path: reads and checks
 * only). Each run opens a new {@link RegistryClient}, as each goal execution does. Not a test: run it with
 * {@code bench/release.sh}.
 *
 * <p>Arguments: {@code <registry> [images=50] [runs=3] [concurrency=8]}.
 */
public final class ReleaseBench {
    private ReleaseBench() {
    }

    public static void main(String[] args) throws Exception {
        String registry = args[0] + "/" + TestImages.namespace("bench-release-");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        List<ReleaseImage> images = new ArrayList<>();
        long s0 = System.nanoTime();
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            for (int i = 0; i < n; i++) {
                String name = "img" + i;
                for (String p : List.of("linux/amd64", "linux/arm64")) {
                    TestImages.pushIndex(client, registry, name, StagingTag.of("1.0.0", List.of(p)).tag(), List.of(p),
                            Map.of(), true, 64);
                }
                Map<String, String> parents = new LinkedHashMap<>();
                if (i > 0) {
                    parents.put("img" + ((i - 1) / 2), "1.0.0");
                }
                images.add(new ReleaseImage(name, "1.0.0", List.of("linux/amd64", "linux/arm64"), parents));
            }
        }
        System.out.printf("staged %d images x 2 platforms in %s in %.1f s (not timed)%n", n, registry,
                (System.nanoTime() - s0) / 1e9);
        for (int run = 1; run <= runs; run++) {
            long t0 = System.nanoTime();
            ReleaseOutcome out;
            try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
                out = new Releaser(client, registry, concurrency).release(images, ReleaseMode.END, true, false);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("run %d: %.3f s, %d released, %d unchanged, %d not released%n", run, seconds,
                    out.with(ImageRelease.Status.RELEASED).size(), out.with(ImageRelease.Status.UNCHANGED).size(),
                    out.notReleased().size());
            if (!out.succeeded()) {
                System.out.println("  not released: " + out.notReleased());
            }
        }
    }
}
