package dev.cip.registry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test tool (openssl, htpasswd) without a shell and fails clearly when it is missing or fails. */
public final class Commands {
    private Commands() {
    }

    public static String run(Path dir, String... argv) {
        ProcessBuilder pb = new ProcessBuilder(List.of(argv)).directory(dir.toFile()).redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(argv[0] + " did not finish in 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", argv) + " failed (exit " + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv[0] + " (" + e.getMessage() + "); install it "
                    + "(run scripts/test-env.sh up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
