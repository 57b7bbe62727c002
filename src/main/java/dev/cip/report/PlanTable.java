package dev.cip.report;

import dev.cip.oci.Platform;
import dev.cip.plan.ExternalBase;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The plan as a text table: image, version, decision, reason, platforms, external bases (short form). */
public final class PlanTable {
    /** The widest reason the table shows; a longer one ends in "…" (plan.json holds every reason whole). */
    public static final int REASON_WIDTH = 60;

    private PlanTable() {
    }

    public static List<String> render(Plan plan) {
        List<String[]> rows = new ArrayList<>();
        // the BASES column only when some image has an external base (a tree of FROM scratch images has none)
        boolean withBases = plan.images().stream().anyMatch(i -> !i.bases().isEmpty());
        rows.add(withBases ? new String[]{"IMAGE", "VERSION", "DECISION", "REASON", "PLATFORMS", "BASES"}
                : new String[]{"IMAGE", "VERSION", "DECISION", "REASON", "PLATFORMS"});
        for (ImagePlan i : plan.images()) {
            String[] row = {i.name(), i.version(), i.decision().label(), capped(i.decision().reason()),
                    platforms(i.platforms()), bases(i.bases())};
            rows.add(withBases ? row : Arrays.copyOf(row, row.length - 1));
        }
        return Tables.align(rows);
    }

    /** The distinct bases in their short form, e.g. {@code debian:12@sha256:ab12cd34ef56, alpine:3 unpinned}. */
    static String bases(List<ExternalBase> bases) {
        return bases.stream().map(ExternalBase::shortForm).distinct().collect(Collectors.joining(", "));
    }

    /** The bases for plan.json and report.json. */
    static List<PlanFile.Base> entries(List<ExternalBase> bases) {
        return bases.stream().map(b -> new PlanFile.Base(b.reference(), b.line(), b.state(), b.pin().orElse(null),
                b.current().orElse(null), note(b.upstream()))).toList();
    }

    private static String note(ExternalBase.Upstream upstream) {
        if (upstream instanceof ExternalBase.Skipped s) {
            return s.why();
        }
        return upstream instanceof ExternalBase.Failed f ? f.reason() : null;
    }

    private static String capped(String reason) {
        return reason.length() <= REASON_WIDTH ? reason : reason.substring(0, REASON_WIDTH - 1) + "…";
    }

    static String platforms(List<Platform> platforms) {
        return platforms.isEmpty() ? "local" : Platform.join(platforms, ",");
    }

    static String platformList(List<String> platforms) {
        return platforms == null || platforms.isEmpty() ? "local" : String.join(",", platforms);
    }
}
