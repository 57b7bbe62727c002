package dev.cip.report;

import dev.cip.oci.Platform;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;

import java.util.ArrayList;
import java.util.List;

/** The plan as a text table: image, version, decision, reason, platforms. */
public final class PlanTable {
    private PlanTable() {
    }

    public static List<String> render(Plan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"IMAGE", "VERSION", "DECISION", "REASON", "PLATFORMS"});
        for (ImagePlan i : plan.images()) {
            rows.add(new String[]{i.name(), i.version(), i.decision().label(), i.decision().reason(),
                    platforms(i.platforms())});
        }
        return Tables.align(rows);
    }

    static String platforms(List<Platform> platforms) {
        return platforms.isEmpty() ? "local" : Platform.join(platforms, ",");
    }

    static String platformList(List<String> platforms) {
        return platforms == null || platforms.isEmpty() ? "local" : String.join(",", platforms);
    }
}
