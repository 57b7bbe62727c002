package dev.cip.sign;

import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs and verifies images by digest with the {@code cosign} CLI and a key pair, offline: nothing is uploaded to a
 * transparency log and none is consulted ({@code --tlog-upload=false}, {@code --insecure-ignore-tlog}). The key's
 * password reaches cosign only through its environment ({@code COSIGN_PASSWORD}), never its command line.
 */
public final class Cosign {

    /**
     * @param executable  the cosign CLI
     * @param key         what cosign's {@code --key} takes: a private key file, {@code env://VARIABLE}, or a KMS URI
     *                    (signing); a public key file or {@code env://VARIABLE} (verifying)
     * @param password    the private key's password; empty: cosign reads {@code COSIGN_PASSWORD} from the
     *                    environment it inherits
     * @param plainHttp   the registry is reached over plain HTTP (loopback or an allowed insecure registry)
     * @param environment added to cosign's environment ({@code DOCKER_CONFIG} with the run's credentials)
     */
    public record Options(String executable, String key, Optional<String> password, boolean plainHttp,
                           Map<String, String> environment) {
        public Options {
            Objects.requireNonNull(executable, "executable");
            Objects.requireNonNull(key, "key");
            environment = Map.copyOf(environment);
        }

        @Override
        public String toString() {
            return "Cosign.Options[" + executable + ", key " + key + (password.isPresent() ? ", password set" : "")
                    + "]";
        }
    }

    /** One image that could not be signed or verified, with cosign's reason (its last lines). */
    public record Failure(String reference, String reason) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Options options;

    public Cosign(Options options) {
        this.options = options;
    }

    /**
     * Signs each {@code <registry>/<name>@<digest>}; the signature is pushed to the image's repository.
     *
     * @return the images that could not be signed (empty when all were)
     */
    public List<Failure> sign(List<String> references) throws IOException, InterruptedException {
        List<Failure> failures = new ArrayList<>();
        for (String ref : references) {
            List<String> argv = new ArrayList<>(List.of(options.executable(), "sign", "--yes", "--key",
                    options.key(), "--tlog-upload=false"));
            registryFlags(argv);
            argv.add(ref);
            run(argv).ifPresent(reason -> failures.add(new Failure(ref, reason)));
        }
        return failures;
    }

    /**
     * Verifies each {@code <registry>/<name>@<digest>} against the public key of {@link Options#key()}.
     *
     * @return the images without a valid signature by that key
     */
    public List<Failure> verify(List<String> references) throws IOException, InterruptedException {
        List<Failure> failures = new ArrayList<>();
        for (String ref : references) {
            List<String> argv = new ArrayList<>(List.of(options.executable(), "verify", "--key", options.key(),
                    "--insecure-ignore-tlog=true"));
            registryFlags(argv);
            argv.add(ref);
            run(argv).ifPresent(reason -> failures.add(new Failure(ref, reason)));
        }
        return failures;
    }

    private void registryFlags(List<String> argv) {
        if (options.plainHttp()) {
            argv.add("--allow-http-registry");
            argv.add("--allow-insecure-registry");
        }
    }

    /** Runs cosign; empty when it succeeded, else why not. */
    private Optional<String> run(List<String> argv) throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>(options.environment());
        options.password().ifPresent(p -> env.put("COSIGN_PASSWORD", p));
        try (ProcessRunner runner = new ProcessRunner(env)) {
            ProcessRunner.Result r;
            try {
                r = runner.run(ProcessRunner.Request.of(argv).timeout(TIMEOUT));
            } catch (IOException e) {
                throw new IOException("cannot run '" + options.executable() + "' (cosign): " + e.getMessage()
                        + "; install cosign (Debian: apt-get install cosign) or set its path", e);
            }
            if (r.succeeded()) {
                return Optional.empty();
            }
            List<String> tail = r.tail();
            String last = String.join(" | ", tail.subList(Math.max(0, tail.size() - 3), tail.size()));
            return Optional.of(r.timedOut() ? "cosign did not finish within " + TIMEOUT.toSeconds() + " s"
                    : "cosign exited " + r.exitCode() + (last.isBlank() ? "" : ": " + last));
        }
    }
}
