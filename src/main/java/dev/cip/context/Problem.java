package dev.cip.context;

import dev.cip.oci.PrintableText;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One thing wrong (or worth a warning) in a project, pinned to a file and, where known, a line.
 *
 * @param file    the file or directory concerned; never null
 * @param line    1-based line number, or 0 when there is none
 * @param message what is wrong and what to do, naming no setting by a tool's name
 * @param fix     the setting to change to fix it, when a setting does; the adapter words it with the setting's name
 */
public record Problem(Path file, int line, String message, Optional<Fix> fix) {

    /**
     * Set {@code setting} {@code how}, e.g. {@code BUMP} and {@code "to patch or major"}: worded as
     * {@code "set <the setting's name> to patch or major"}.
     */
    public record Fix(Setting setting, String how) {
        public Fix {
            Objects.requireNonNull(setting, "setting");
            Objects.requireNonNull(how, "how");
        }
    }

    /** The longest message a problem shows when it had to be cleaned of control characters. */
    static final int MAX_CLEANED_LENGTH = 2_000;

    /** Project text quoted in a message (a tag, a directory name) cannot forge log lines or recolour a terminal. */
    public Problem {
        Objects.requireNonNull(fix, "fix");
        message = PrintableText.cleanIfNeeded(message, MAX_CLEANED_LENGTH);
    }

    public Problem(Path file, int line, String message) {
        this(file, line, message, Optional.empty());
    }

    public static Problem at(Path file, String message) {
        return new Problem(file, 0, message);
    }

    public static Problem at(Path file, int line, String message) {
        return new Problem(file, line, message);
    }

    /** This problem, fixed by setting {@code setting} {@code how}. */
    public Problem fixedBy(Setting setting, String how) {
        return new Problem(file, line, message, Optional.of(new Fix(setting, how)));
    }

    /**
     * {@code file[:line]: message}, then the fix, if any, as {@code " (set <name> <how>)"} with the setting named by
     * {@code names}.
     */
    public String describe(Function<Setting, String> names) {
        String where = PrintableText.cleanIfNeeded(file.toString(), MAX_CLEANED_LENGTH);
        return (line > 0 ? where + ":" + line + ": " : where + ": ") + message
                + fix.map(f -> " (set " + names.apply(f.setting()) + " " + f.how() + ")").orElse("");
    }

    /** {@link #describe} with each setting's {@link Setting#neutralName()}. */
    @Override
    public String toString() {
        return describe(Setting::neutralName);
    }
}
