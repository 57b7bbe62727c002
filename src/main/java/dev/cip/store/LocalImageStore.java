package dev.cip.store;

import dev.cip.oci.ImageName;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.process.DockerUnavailableException;
import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The local Docker image store, for {@code cip:build}. Listing images costs about a second with hundreds of them,
 * so the list is read once, on first use, and shared.
 */
public final class LocalImageStore implements ImageStore {
    private final String docker;
    private final String registry;
    private volatile Set<String> tags;

    public LocalImageStore(String docker, String registry) {
        this.docker = docker;
        this.registry = registry;
    }

    @Override
    public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
        return tags().contains(new ImageName(registry, name, tag).toString()) ? Optional.of(StoredImage.present())
                : Optional.empty();
    }

    @Override
    public String describe() {
        return "the local Docker store";
    }

    private Set<String> tags() {
        Set<String> t = tags;
        if (t == null) {
            synchronized (this) {
                if (tags == null) {
                    tags = list();
                }
                t = tags;
            }
        }
        return t;
    }

    private Set<String> list() {
        List<String> argv = List.of(docker, "image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(argv).capturing()
                    .timeout(Duration.ofMinutes(2)));
            if (!r.succeeded()) {
                throw DockerUnavailableException.failed("'" + docker + " image ls' failed: " + r.tailText().strip());
            }
            return new HashSet<>(r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        } catch (IOException e) {
            throw DockerUnavailableException.cannotStart(docker, e.getMessage(), "Docker with buildx");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted listing images"));
        }
    }
}
