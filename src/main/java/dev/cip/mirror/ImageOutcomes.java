package dev.cip.mirror;

import dev.cip.report.Console;

import java.util.List;
import java.util.Set;

/**
 * What a goal that moves finished images did to each of them, in the order they were handled.
 *
 * @param images   one outcome per image
 * @param failures the statuses that fail the goal
 * @param <S>      the statuses an image can end in
 * @param <O>      one image's outcome
 */
public record ImageOutcomes<S extends Enum<S>, O extends ImageOutcomes.Handled<S>>(List<O> images, Set<S> failures) {

    /** One image's outcome: its status and a human sentence saying what was done or why not. */
    public interface Handled<S> {
        ImageVersion image();

        S status();

        String detail();
    }

    public ImageOutcomes {
        images = List.copyOf(images);
        failures = Set.copyOf(failures);
    }

    /** The images that ended in {@code status}. */
    public List<O> with(S status) {
        return images.stream().filter(i -> i.status() == status).toList();
    }

    /** Whether no image ended in a status that fails the goal. */
    public boolean succeeded() {
        return images.stream().noneMatch(i -> failures.contains(i.status()));
    }

    /** Tells the console what happened to one image: a warning when its status fails the goal. */
    static <S> void tell(Console console, Handled<S> outcome, Set<S> failures) {
        String line = outcome.image() + ": " + outcome.detail();
        if (failures.contains(outcome.status())) {
            console.warn(line);
        } else {
            console.info(line);
        }
    }
}
