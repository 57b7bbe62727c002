package dev.cip.cascade;

import dev.cip.context.Problem;
import dev.cip.context.Setting;
import dev.cip.dockerfile.ImageReference;
import dev.cip.graph.ImageNode;
import dev.cip.oci.ImageRef;

import java.util.List;
import java.util.Optional;

/**
 * The two cases where a reference's literal is the default of a global {@code ARG} and editing it would be wrong:
 * the same default also makes a reference to another image (moving one would move both), or the build arguments set
 * the {@code ARG} (the default is not what builds use). Both are refused naming both places.
 */
public final class ArgDefaults {
    private ArgDefaults() {
    }

    /** Why {@code ref}'s literal cannot be edited, when it is an ARG default that cannot; {@code what} is the edit. */
    public static Optional<Problem> refusal(ImageNode node, ImageReference ref, String what) {
        Optional<ImageReference.Site> site = ref.site().filter(s -> s.arg().isPresent());
        if (site.isEmpty()) {
            return Optional.empty();
        }
        String arg = site.get().arg().get();
        var file = node.context().dockerfilePath();
        if (site.get().overridden()) {
            boolean inInfo = node.context().info().buildArgs().containsKey(arg);
            Problem p = Problem.at(file, site.get().line(), what + " would edit the default of ARG " + arg
                    + " (used by '" + ref.raw() + "' on line " + ref.line() + "), but " + arg + " is also set by "
                    + (inInfo ? ":build-args in " + node.context().infoPath() : "the build arguments of the run")
                    + ", so the default is not what builds use; set it in one place only");
            return Optional.of(inInfo ? p : p.fixedBy(Setting.BUILD_ARGS, "without " + arg));
        }
        String repository = ImageRef.parse(ref.resolved()).repository();
        List<ImageReference> others = node.allReferences().stream()
                .filter(o -> o.site().flatMap(ImageReference.Site::arg).equals(Optional.of(arg)))
                .filter(o -> !ImageRef.parse(o.resolved()).repository().equals(repository))
                .toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        ImageReference other = others.get(0);
        return Optional.of(Problem.at(file, site.get().line(), what + " would edit the default of ARG " + arg
                + ", but it is used by references to different images: '" + ref.raw() + "' (" + ref.resolved()
                + ", line " + ref.line() + ") and '" + other.raw() + "' (" + other.resolved() + ", line "
                + other.line() + "); moving one would move the other. Give each reference its own ARG"));
    }
}
