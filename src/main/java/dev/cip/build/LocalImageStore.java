package dev.cip.build;

import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
        return tags().contains(registry + "/" + name + ":" + tag) ? Optional.of(StoredImage.present())
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
        try {
            Process p = new ProcessBuilder(docker, "image", "ls", "--format", "{{.Repository}}:{{.Tag}}")
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new DockerUnavailableException("'" + docker + " image ls' failed: " + err.strip()
                        + " (is the Docker daemon running? set cip.docker if docker is elsewhere)");
            }
            return new HashSet<>(out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        } catch (IOException e) {
            throw new DockerUnavailableException("cannot run '" + docker + "': " + e.getMessage()
                    + " (install Docker with buildx, or set cip.docker to its path)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted listing images"));
        }
    }
}
