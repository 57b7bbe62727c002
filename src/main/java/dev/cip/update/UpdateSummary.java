package dev.cip.update;

import dev.cip.cascade.CascadePlan;
import dev.cip.cascade.ImageBump;
import dev.cip.cascade.ParentChange;

import java.util.ArrayList;
import java.util.List;

/** {@code update.md}: per image, old → new version and why, fit for the body of a merge request. */
public final class UpdateSummary {
    private UpdateSummary() {
    }

    /** One line per raised image, as the console shows it: {@code base 1.2.3 → 1.2.4 (why; why)}. */
    public static List<String> lines(CascadePlan plan, StaleImages stale) {
        return plan.bumps().stream()
                .map(b -> b.image() + " " + b.oldVersion() + " → " + b.newVersion() + " (" + String.join("; ",
                        reasons(b, stale)) + ")")
                .toList();
    }

    /** The Markdown text. */
    public static String markdown(CascadePlan plan, StaleImages stale, PinRewrite.Rewrite pins) {
        StringBuilder md = new StringBuilder("# cip:update\n\n");
        if (plan.isEmpty()) {
            return md.append("Nothing to update: every pin is current and every published version matches its"
                    + " content.\n").toString();
        }
        if (!plan.bumps().isEmpty()) {
            md.append("| Image | Version | Why |\n|---|---|---|\n");
            for (ImageBump b : plan.bumps()) {
                md.append("| ").append(b.image()).append(" | ").append(b.oldVersion()).append(" → ")
                        .append(b.newVersion()).append(" | ").append(String.join("<br>", reasons(b, stale)))
                        .append(" |\n");
            }
        }
        if (!stale.unpublished().isEmpty()) {
            md.append("\nNot published yet, so their versions are new already and were kept:\n\n");
            for (String image : stale.unpublished()) {
                List<String> why = pins.reasons().getOrDefault(image, List.of(StaleImages.CONTENT_CHANGED));
                md.append("- ").append(image).append(": ").append(String.join("; ", why)).append('\n');
            }
        }
        md.append("\n").append(plan.changes().size()).append(plan.changes().size() == 1 ? " file" : " files")
                .append(" changed. The publish that follows builds exactly the images above.\n");
        return md.toString();
    }

    private static List<String> reasons(ImageBump bump, StaleImages stale) {
        List<String> why = new ArrayList<>(stale.raise().getOrDefault(bump.image(), List.of()));
        for (ParentChange p : bump.parents()) {
            why.add("parent " + p);
        }
        return why;
    }
}
