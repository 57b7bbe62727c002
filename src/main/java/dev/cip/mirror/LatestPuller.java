package dev.cip.mirror;

import dev.cip.oci.Tags;
import dev.cip.report.Console;
import dev.cip.process.DockerUnavailableException;
import dev.cip.process.ProcessRunner;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pull goals kept from the original tool: for each image present in a registry at its version, {@code docker pull} it and
 * {@code docker tag} it {@code latest} in the local Docker store. An image missing from the registry is logged and
 * skipped (not an error); a failed {@code docker} command is recorded and the others still run. Existence is
 * checked with the registry client (no {@code docker manifest inspect}); docker runs without a shell.
 */
public final class LatestPuller {

    /** What happened to one image. */
    public enum PullStatus {
        /** Pulled and tagged latest (or, in a dry run, would be). */
        PULLED,
        /** Not in the registry at its version; logged only. */
        MISSING,
        /** {@code docker pull} or {@code docker tag} failed. */
        FAILED
    }

    /**
     * @param reference the pulled reference ({@code <reg>/<name>:<version>})
     * @param detail    a human sentence; for a failure, the command and the tail of its output
     */
    public record ImagePull(ImageVersion image, PullStatus status, String reference, String detail)
            implements ImageOutcomes.Handled<PullStatus> {
    }

    /** An image missing from the registry is only logged; a failed docker command fails the goal. */
    private static final Set<PullStatus> FAILURES = EnumSet.of(PullStatus.FAILED);

    private final RegistryClient client;
    private final String docker;
    private final Map<String, String> environment;
    private final Path logDir;
    private final Console console;

    /**
     * @param docker      the docker CLI executable
     * @param environment added to docker's environment (e.g. a temporary {@code DOCKER_CONFIG})
     * @param logDir      where {@code pull-<image>.log} files go
     */
    public LatestPuller(RegistryClient client, String docker, Map<String, String> environment, Path logDir,
                        Console console) {
        this.client = Objects.requireNonNull(client, "client");
        this.docker = Objects.requireNonNull(docker, "docker");
        this.environment = Map.copyOf(environment);
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        this.console = Objects.requireNonNull(console, "console");
    }

    /**
     * Pulls every image of {@code images} that {@code registry} has at its version and tags it latest.
     *
     * @throws RegistryException         when the registry cannot be reached or refuses the credentials
     * @throws DockerUnavailableException when the docker CLI cannot be started
     */
    public ImageOutcomes<PullStatus, ImagePull> pull(String registry, List<ImageVersion> images, boolean dryRun)
            throws InterruptedException {
        client.ping(registry);
        List<ImagePull> outcomes = new ArrayList<>();
        try (ProcessRunner runner = new ProcessRunner(environment)) {
            for (ImageVersion image : images) {
                ImagePull outcome = pullOne(registry, image, dryRun, runner);
                ImageOutcomes.tell(console, outcome, FAILURES);
                outcomes.add(outcome);
            }
        }
        return new ImageOutcomes<>(outcomes, FAILURES);
    }

    private ImagePull pullOne(String registry, ImageVersion image, boolean dryRun, ProcessRunner runner)
            throws InterruptedException {
        String ref = RegistryMirror.dockerReference(registry, image.name(), image.version());
        String latest = RegistryMirror.dockerReference(registry, image.name(), Tags.LATEST);
        if (client.head(registry, image.name(), image.version()).isEmpty()) {
            return new ImagePull(image, PullStatus.MISSING, ref, "missing from " + registry + " (" + ref
                    + "); not pulled");
        }
        if (dryRun) {
            return new ImagePull(image, PullStatus.PULLED, ref, "would pull " + ref + " and tag it " + latest);
        }
        return pullAndTag(image, ref, latest, runner);
    }

    private ImagePull pullAndTag(ImageVersion image, String ref, String latest, ProcessRunner runner)
            throws InterruptedException {
        Path log = logDir.resolve("pull-" + image.name() + ".log");
        List<String> pull = List.of(docker, "pull", ref);
        ProcessRunner.Result r = run(runner, pull, log);
        if (!r.succeeded()) {
            return failure(image, ref, pull, r, log);
        }
        List<String> tag = List.of(docker, "tag", ref, latest);
        r = run(runner, tag, log);
        if (!r.succeeded()) {
            return failure(image, ref, tag, r, log);
        }
        return new ImagePull(image, PullStatus.PULLED, ref, "pulled " + ref + ", tagged " + latest);
    }

    private ProcessRunner.Result run(ProcessRunner runner, List<String> argv, Path log) throws InterruptedException {
        try {
            return runner.run(ProcessRunner.Request.of(argv).logTo(log));
        } catch (IOException e) {
            throw DockerUnavailableException.cannotStart(docker, e.getMessage(), "the docker CLI");
        }
    }

    private static ImagePull failure(ImageVersion image, String ref, List<String> argv, ProcessRunner.Result r,
                                        Path log) {
        List<String> tail = r.tail();
        List<String> last = tail.subList(Math.max(0, tail.size() - 10), tail.size());
        return new ImagePull(image, PullStatus.FAILED, ref, String.join(" ", argv)
                + " exited " + r.exitCode() + (last.isEmpty() ? "" : ":\n      | " + String.join("\n      | ", last))
                + "\n      full log: " + log);
    }
}
