package dev.cip.plan;

import dev.cip.dockerfile.ImageReference;
import dev.cip.failure.UnpinnedBases;
import dev.cip.graph.ImageGraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The external bases of the planned images, and, when asked, where their tags point upstream now: one question per
 * distinct tag, through the {@link UpstreamTags} port.
 */
public final class ExternalBases {
    private ExternalBases() {
    }

    /** Whether, and how, the upstream registries are asked. */
    public sealed interface Check permits Off, Skip, Ask {
    }

    /** Not asked (the default: it costs requests to upstream registries). */
    public record Off() implements Check {
    }

    /** Asked for but not done, e.g. offline; {@code why} is shown. */
    public record Skip(String why) implements Check {
    }

    /** Asked through {@code tags}. */
    public record Ask(UpstreamTags tags) implements Check {
    }

    public static final Check OFF = new Off();

    /** Each image's external bases in Dockerfile order, images in the order given. */
    public static Map<String, List<ExternalBase>> of(ImageGraph graph, Collection<String> images, Check check) {
        Map<String, List<ExternalBase>> bases = new LinkedHashMap<>();
        Set<String> toAsk = new LinkedHashSet<>();
        for (String name : images) {
            List<ExternalBase> list = new ArrayList<>();
            for (ImageReference ref : graph.node(name).external()) {
                ExternalBase base = new ExternalBase(ref.resolved(), ref.line(), ExternalBase.NOT_CHECKED);
                if (!ref.unresolved().isEmpty()) {
                    base = base.withUpstream(new ExternalBase.Failed("uses " + String.join(", ", ref.unresolved())
                            + " without a value"));
                } else if (check instanceof Skip skip) {
                    base = base.withUpstream(new ExternalBase.Skipped(skip.why()));
                } else if (check instanceof Ask && base.checkable()) {
                    toAsk.add(base.tagged());
                }
                list.add(base);
            }
            bases.put(name, List.copyOf(list));
        }
        if (check instanceof Ask ask && !toAsk.isEmpty()) {
            Map<String, ExternalBase.Upstream> answers = ask.tags().current(List.copyOf(toAsk));
            bases.replaceAll((name, list) -> list.stream().map(b -> b.upstream() instanceof ExternalBase.NotChecked
                    && answers.containsKey(b.tagged()) ? b.withUpstream(answers.get(b.tagged())) : b).toList());
        }
        return bases;
    }

    /** {@code decided} with each image's external bases and the warnings about them. */
    public static Plan addTo(Plan decided, ImageGraph graph, Check check, Advice advice) {
        Map<String, List<ExternalBase>> bases = of(graph, decided.images().stream().map(ImagePlan::name).toList(),
                check);
        return decided.withBases(bases, warnings(bases, advice));
    }

    /** Strict mode: refuses {@code plan} when an image of it has an unpinned base. */
    public static void refuseUnpinned(Plan plan, Advice advice) {
        Map<String, List<String>> unpinned = unpinned(plan);
        if (!unpinned.isEmpty()) {
            throw new UnpinnedBases(unpinned, advice.strictUnpinned(unpinned));
        }
    }

    /** The unpinned bases of each image of {@code plan} that has some. */
    public static Map<String, List<String>> unpinned(Plan plan) {
        Map<String, List<ExternalBase>> bases = new LinkedHashMap<>();
        plan.images().forEach(i -> bases.put(i.name(), i.bases()));
        return unpinned(bases);
    }

    /** The unpinned bases of each image that has some. */
    public static Map<String, List<String>> unpinned(Map<String, List<ExternalBase>> bases) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        bases.forEach((name, list) -> {
            List<String> refs = list.stream().filter(ExternalBase::unpinned).map(ExternalBase::reference).distinct()
                    .toList();
            if (!refs.isEmpty()) {
                out.put(name, refs);
            }
        });
        return out;
    }

    /** What the plan warns about: unpinned bases, pins whose tag moved, tags that could not be checked, a skip. */
    public static List<String> warnings(Map<String, List<ExternalBase>> bases, Advice advice) {
        List<String> warnings = new ArrayList<>();
        Map<String, List<String>> unpinned = unpinned(bases);
        if (!unpinned.isEmpty()) {
            warnings.add(advice.unpinnedBases(unpinned));
        }
        Map<String, ExternalBase> moved = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Set<String> skipped = new LinkedHashSet<>();
        bases.values().forEach(list -> list.forEach(b -> {
            if (b.moved()) {
                moved.putIfAbsent(b.reference(), b);
            } else if (b.upstream() instanceof ExternalBase.Failed f) {
                failed.putIfAbsent(b.tagged(), f.reason());
            } else if (b.upstream() instanceof ExternalBase.Skipped s) {
                skipped.add(s.why());
            }
        }));
        moved.values().forEach(b -> warnings.add("base " + b.tagged() + " moved upstream: pinned "
                + b.pin().orElseThrow() + ", now " + b.current().orElseThrow() + " (" + images(bases, b.reference())
                + "); " + advice.updateBases()));
        failed.forEach((ref, why) -> warnings.add("base " + ref + " was not checked upstream: " + why));
        skipped.forEach(why -> warnings.add("bases not checked upstream: " + why));
        return warnings;
    }

    private static String images(Map<String, List<ExternalBase>> bases, String reference) {
        List<String> names = new ArrayList<>();
        bases.forEach((name, list) -> {
            if (list.stream().anyMatch(b -> b.reference().equals(reference))) {
                names.add(name);
            }
        });
        return String.join(", ", names);
    }
}
