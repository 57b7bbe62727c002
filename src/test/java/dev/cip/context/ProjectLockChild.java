package dev.cip.context;

import java.nio.file.Path;

/**
 * Another process for {@link ProjectLockTest}: {@code hold <dir>} takes the project lock, prints {@code locked} and
 * waits to be killed; {@code try <dir>} prints {@code locked} or {@code refused: <message>} and ends.
 */
public final class ProjectLockChild {
    private ProjectLockChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        try (ProjectLock lock = ProjectLock.acquire(dir, "cip:child")) {
            System.out.println("locked");
            System.out.flush();
            if (args[0].equals("hold")) {
                Thread.sleep(120_000);
            }
        } catch (ProjectLock.LockedException e) {
            System.out.println("refused: " + e.getMessage().replace('\n', ' '));
        }
    }
}
