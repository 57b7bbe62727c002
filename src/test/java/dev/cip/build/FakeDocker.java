package dev.cip.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A {@code docker} stand-in: a POSIX shell script in a test directory. Its behaviour depends on the image name (the
 * repository of the first {@code --tag}):
 * <ul>
 *   <li>every call appends its argv (one argument a line, then {@code ----}) to {@code argv-<image>.txt};</li>
 *   <li>{@code flaky}: the first attempt fails with a registry 500 on push, later ones succeed;</li>
 *   <li>{@code always500}: every attempt fails with a registry 500;</li>
 *   <li>{@code broken}: fails in a RUN step;</li>
 *   <li>{@code sleepy}: starts {@code sleep 300} as a child, writes its pid to {@code sleepy.pid}, prints
 *       {@code sleeping} and waits;</li>
 *   <li>anything else succeeds, writing {@code --metadata-file} with {@link #DIGEST}.</li>
 * </ul>
 */
final class FakeDocker {
    static final String DIGEST = "sha256:4f2e7a0c9b8d1e3f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

    private static final String SCRIPT = """
            #!/bin/sh
            dir="$(dirname "$0")"
            tag=""; meta=""; prev=""
            for a in "$@"; do
              if [ "$prev" = "--tag" ] && [ -z "$tag" ]; then tag="$a"; fi
              if [ "$prev" = "--metadata-file" ]; then meta="$a"; fi
              prev="$a"
            done
            name="${tag##*/}"; name="${name%%:*}"
            for a in "$@"; do printf '%s\\n' "$a"; done >> "$dir/argv-$name.txt"
            echo "----" >> "$dir/argv-$name.txt"
            n=$(cat "$dir/count-$name" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$dir/count-$name"
            echo "#1 [internal] load build definition from Dockerfile (attempt $n)"
            case "$name" in
              flaky|always500)
                if [ "$name" = always500 ] || [ "$n" -eq 1 ]; then
                  echo "#9 pushing layers"
                  echo "ERROR: failed to solve: failed to push $tag: unexpected status from HEAD request to http://localhost:5000/v2/$name/blobs/sha256:3f4e8a2b9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f: 500 Internal Server Error" >&2
                  exit 1
                fi ;;
              broken)
                echo '#6 [2/2] RUN false'
                echo 'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1' >&2
                exit 1 ;;
              sleepy)
                sleep 300 &
                echo "$!" > "$dir/sleepy.pid"
                echo sleeping
                wait "$!"
                echo "woke up" > "$dir/sleepy.woke"
                exit 0 ;;
            esac
            if [ -n "$meta" ]; then
              printf '{\\n  "buildx.build.ref": "default/default/x",\\n  "containerimage.digest": "%s"\\n}\\n' "DIGEST" > "$meta"
            fi
            echo "#12 DONE 0.1s"
            echo "built $name"
            """.replace("DIGEST", DIGEST);

    private final Path dir;
    private final Path executable;

    private FakeDocker(Path dir, Path executable) {
        this.dir = dir;
        this.executable = executable;
    }

    static FakeDocker in(Path dir) {
        return script(dir, "docker", SCRIPT);
    }

    /** Any script as the docker executable. */
    static FakeDocker script(Path dir, String fileName, String script) {
        try {
            Files.createDirectories(dir);
            Path exe = dir.resolve(fileName);
            Files.writeString(exe, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new FakeDocker(dir, exe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String executable() {
        return executable.toString();
    }

    /** The argv of each call for {@code image}, without the executable. */
    List<List<String>> calls(String image) throws IOException {
        Path file = dir.resolve("argv-" + image + ".txt");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<List<String>> calls = new java.util.ArrayList<>();
        List<String> current = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.equals("----")) {
                calls.add(List.copyOf(current));
                current.clear();
            } else {
                current.add(line);
            }
        }
        return calls;
    }

    Optional<Long> sleepyPid() throws IOException {
        Path f = dir.resolve("sleepy.pid");
        return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).strip())) : Optional.empty();
    }

    boolean sleepyWoke() {
        return Files.exists(dir.resolve("sleepy.woke"));
    }

    /** Whether {@code pid} is a live (not zombie) process; Linux. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
