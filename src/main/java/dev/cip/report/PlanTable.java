package dev.cip.report;

import dev.cip.oci.Platform;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;

import java.util.ArrayList;
import java.util.List;

/** The plan as a text table: image, version, decision, reason, platforms. */
public final class PlanTable {
    /** The widest reason the table shows; a longer one ends in "…" (plan.json holds every reason whole). */
    public static final int REASON_WIDTH = 60;

    private PlanTable() {
    }

    public static List<String> render(Plan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"IMAGE", "VERSION", "DECISION", "REASON", "PLATFORMS"});
        for (ImagePlan i : plan.images()) {
            rows.add(new String[]{i.name(), i.version(), i.decision().label(), capped(i.decision().reason()),
                    platforms(i.platforms())});
        }
        return Tables.align(rows);
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
