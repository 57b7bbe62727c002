package dev.cip.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cip.build.BuildResult;
import dev.cip.graph.ImageGraph;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes what a run decided and did: {@code plan.json}, {@code report.json}, {@code summary.md}, {@code graph.dot}
 * and {@code graph.mmd}. Each file is written to a temporary file and renamed, so no reader sees half of one.
 */
public final class RunReport {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void writePlan(Path dir, Plan plan, ImageGraph graph) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = json.createObjectNode();
        root.put("goal", plan.goal().id());
        root.put("registry", plan.registry());
        root.put("store", plan.store());
        ArrayNode images = root.putArray("images");
        for (ImagePlan i : plan.images()) {
            ObjectNode n = images.addObject();
            n.put("name", i.name());
            n.put("version", i.version());
            n.put("decision", i.decision().label());
            n.put("reason", i.decision().reason());
            ArrayNode platforms = n.putArray("platforms");
            i.platforms().forEach(p -> platforms.add(p.toString()));
            ArrayNode parents = n.putArray("parents");
            graph.parents(i.name()).forEach(parents::add);
            i.fingerprint().ifPresent(f -> n.put("fingerprint", f));
        }
        ArrayNode warnings = root.putArray("warnings");
        plan.warnings().forEach(warnings::add);
        write(dir.resolve("plan.json"), json.writeValueAsString(root) + "\n");
        write(dir.resolve("graph.dot"), GraphRenderer.dot(graph, Optional.of(plan)));
        write(dir.resolve("graph.mmd"), GraphRenderer.mermaid(graph, Optional.of(plan)));
    }

    /** Writes {@code report.json} and {@code summary.md} after a run. */
    public void writeRun(Path dir, Plan plan, Map<String, BuildResult> results) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = json.createObjectNode();
        root.put("goal", plan.goal().id());
        root.put("registry", plan.registry());
        ArrayNode images = root.putArray("images");
        List<String[]> md = new ArrayList<>();
        for (ImagePlan i : plan.images()) {
            ObjectNode n = images.addObject();
            BuildResult r = results.get(i.name());
            String decision = outcome(i, r);
            String reason = r != null && r.blockedBy().isPresent() ? "parent " + r.blockedBy().get() + " failed"
                    : i.decision().reason();
            n.put("name", i.name());
            n.put("version", i.version());
            n.put("decision", decision);
            n.put("planned", i.decision().label());
            n.put("reason", reason);
            ArrayNode platforms = n.putArray("platforms");
            i.platforms().forEach(p -> platforms.add(p.toString()));
            i.fingerprint().ifPresent(f -> n.put("fingerprint", f));
            String duration = "";
            if (r != null) {
                r.digest().ifPresent(d -> n.put("digest", d));
                r.start().ifPresent(s -> n.put("start", s.toString()));
                r.end().ifPresent(e -> n.put("end", e.toString()));
                Optional<Duration> d = r.start().flatMap(s -> r.end().map(e -> Duration.between(s, e)));
                d.ifPresent(x -> n.put("durationMillis", x.toMillis()));
                duration = d.map(x -> String.format(java.util.Locale.ROOT, "%.1f s", x.toMillis() / 1000.0))
                        .orElse("");
                n.put("attempts", r.attempts());
                r.exitCode().ifPresent(c -> n.put("exitCode", c));
                n.put("log", r.log().toString());
            }
            md.add(new String[]{i.name(), i.version(), decision, Tables.cell(reason),
                    PlanTable.platforms(i.platforms()), r == null ? "" : r.digest().orElse(""), duration});
        }
        ArrayNode warnings = root.putArray("warnings");
        plan.warnings().forEach(warnings::add);
        write(dir.resolve("report.json"), json.writeValueAsString(root) + "\n");
        write(dir.resolve("summary.md"), summary(plan, md));
    }

    /** The final state of an image: DONE, FAILED, BLOCKED, SKIP or NOT_STARTED. */
    public static String outcome(ImagePlan plan, BuildResult result) {
        if (result == null) {
            return plan.decision().label();
        }
        return switch (result.status()) {
            case DONE -> "DONE";
            case FAILED -> "FAILED";
            case BLOCKED -> "BLOCKED";
            case NOT_STARTED -> "NOT_STARTED";
        };
    }

    private static String summary(Plan plan, List<String[]> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("## cip ").append(plan.goal().id()).append(" → `").append(plan.registry()).append("`\n\n");
        sb.append("| Image | Version | Result | Reason | Platforms | Digest | Duration |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (!plan.warnings().isEmpty()) {
            sb.append("\n### Warnings\n\n");
            plan.warnings().forEach(w -> sb.append("- ").append(Tables.cell(w)).append('\n'));
        }
        return sb.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
