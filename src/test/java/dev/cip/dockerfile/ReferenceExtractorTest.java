package dev.cip.dockerfile;

import dev.cip.dockerfile.ImageReference.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceExtractorTest {
    private static final Map<String, String> REG = Map.of("REGISTRY", "localhost:5000");

    private static List<ImageReference> refs(String text, Map<String, String> args) {
        ParsedDockerfile parsed = new DockerfileParser().parse(text);
        assertEquals(List.of(), parsed.problems(), "syntax problems");
        List<ImageReference> refs = new ReferenceExtractor().extract(parsed, args);
        for (ImageReference r : refs) {
            r.literalTag().ifPresent(span -> {
                // A literal tag is where the reference's tag stands in the file, exactly.
                assertTrue(r.resolved().endsWith(":" + text.substring(span.start(), span.end())),
                        () -> "span of " + r + " is " + text.substring(span.start(), span.end()));
                if (r.site().orElseThrow().arg().isEmpty()) {
                    assertTrue(r.raw().endsWith(text.substring(span.start(), span.end())));
                }
            });
        }
        return refs;
    }

    private static List<String> resolved(String text, Map<String, String> args) {
        return refs(text, args).stream().map(ImageReference::resolved).toList();
    }

    private static ImageReference only(String text, Map<String, String> args) {
        List<ImageReference> refs = refs(text, args);
        assertEquals(1, refs.size(), refs::toString);
        return refs.get(0);
    }

    private static String tagText(String text, ImageReference r) {
        ImageReference.Span span = r.literalTag().orElseThrow(() -> new AssertionError("no literal tag: " + r));
        return text.substring(span.start(), span.end());
    }

    @Test
    void bracedRegistry() {
        String text = "ARG REGISTRY\nFROM ${REGISTRY}/base:1.0.0\nRUN true\n";
        ImageReference r = only(text, REG);
        assertEquals(Kind.FROM, r.kind());
        assertEquals(2, r.line());
        assertEquals("${REGISTRY}/base:1.0.0", r.raw());
        assertEquals("localhost:5000/base:1.0.0", r.resolved());
        assertEquals(r.raw(), text.substring(r.rawStart(), r.rawStart() + r.raw().length()));
        assertEquals("1.0.0", tagText(text, r));
        assertEquals(List.of(), r.unresolved());
    }

    @Test
    void plainRegistryVariable() {
        String text = "ARG REGISTRY\nFROM $REGISTRY/base:2.1\n";
        ImageReference r = only(text, REG);
        assertEquals("localhost:5000/base:2.1", r.resolved());
        assertEquals("2.1", tagText(text, r));
    }

    @Test
    void registryWithDefault() {
        String text = "ARG REGISTRY\nFROM ${REGISTRY:-registry.example.com:443/team}/base:3\n";
        assertEquals("localhost:5000/base:3", only(text, REG).resolved());
        ImageReference withoutArg = only(text, Map.of());
        assertEquals("registry.example.com:443/team/base:3", withoutArg.resolved());
        assertEquals(List.of(), withoutArg.unresolved());
        assertEquals("3", tagText(text, withoutArg));
        assertEquals("registry.example.com:443/team/base:3", only(text, Map.of("REGISTRY", "")).resolved(),
                ":- also replaces an empty value");
    }

    @Test
    void registryWithoutValueIsRecordedAsUnresolved() {
        ImageReference r = only("ARG REGISTRY\nFROM ${REGISTRY}/base:1\n", Map.of());
        assertEquals("/base:1", r.resolved());
        assertEquals(List.of("REGISTRY"), r.unresolved());
        ImageReference two = only("FROM $HOST/$NAME:${TAG}\n", Map.of("NAME", "x"));
        assertEquals(List.of("HOST", "TAG"), two.unresolved());
        assertEquals(Optional.empty(), two.literalTag());
    }

    @Test
    void platformFlagsAndAliases() {
        String text = """
                FROM --platform=$BUILDPLATFORM golang:1.22 AS build
                RUN go build
                FROM --platform=linux/amd64 ${REGISTRY}/base:1.0 as Runtime
                COPY --from=build /out /out
                FROM runtime
                FROM RUNTIME AS final
                """;
        List<ImageReference> refs = refs(text, REG);
        assertEquals(List.of("golang:1.22", "localhost:5000/base:1.0"),
                refs.stream().map(ImageReference::resolved).toList());
        assertEquals(List.of(), refs.get(0).unresolved(), "the --platform flag is not a reference");
        assertEquals("1.22", tagText(text, refs.get(0)));
        assertEquals("1.0", tagText(text, refs.get(1)));
        assertEquals(List.of(1, 3), refs.stream().map(ImageReference::line).toList());
    }

    @Test
    void multiStageFromAStageIsNotAnImage() {
        String text = """
                ARG REGISTRY
                FROM ${REGISTRY}/jdk:17 AS builder
                RUN make
                FROM builder AS tested
                RUN make test
                FROM ${REGISTRY}/jre:17
                COPY --from=tested /app /app
                """;
        assertEquals(List.of("localhost:5000/jdk:17", "localhost:5000/jre:17"), resolved(text, REG));
    }

    @Test
    void copyFromImageStageAndIndex() {
        String text = """
                FROM debian:12 AS tools
                FROM ${REGISTRY}/base:1.0
                COPY --from=tools /bin/a /a
                COPY --from=0 /bin/b /b
                COPY --chown=0:0 --from=${REGISTRY}/jq:1.7 /usr/bin/jq /usr/bin/jq
                COPY --from=busybox:1.36@sha256:abcdef /bin/sh /sh
                COPY --link --from=TOOLS /c /c
                ADD --chown=1 file /file
                COPY /from=nothing /x
                """;
        List<ImageReference> refs = refs(text, REG);
        assertEquals(List.of("debian:12", "localhost:5000/base:1.0", "localhost:5000/jq:1.7",
                        "busybox:1.36@sha256:abcdef"),
                refs.stream().map(ImageReference::resolved).toList());
        ImageReference jq = refs.get(2);
        assertEquals(Kind.COPY_FROM, jq.kind());
        assertEquals("${REGISTRY}/jq:1.7", jq.raw());
        assertEquals(jq.raw(), text.substring(jq.rawStart(), jq.rawStart() + jq.raw().length()));
        assertEquals("1.7", tagText(text, jq));
        assertEquals(5, jq.line());
        assertEquals(Optional.empty(), refs.get(3).literalTag(), "a digest has no literal tag");
    }

    @Test
    void runMountFrom() {
        String text = """
                FROM alpine:3 AS stage
                FROM ${REGISTRY}/base:1
                RUN --mount=type=bind,from=${REGISTRY}/tools:2.0,target=/x ls /x
                RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=stage,target=/s true
                RUN --network=none --mount=from=busybox:1.36 true
                RUN --mount=type=tmpfs,target=/t echo from=ignored:1
                """;
        List<ImageReference> refs = refs(text, REG);
        assertEquals(List.of("alpine:3", "localhost:5000/base:1", "localhost:5000/tools:2.0", "busybox:1.36"),
                refs.stream().map(ImageReference::resolved).toList());
        ImageReference tools = refs.get(2);
        assertEquals(Kind.MOUNT_FROM, tools.kind());
        assertEquals("${REGISTRY}/tools:2.0", tools.raw());
        assertEquals(tools.raw(), text.substring(tools.rawStart(), tools.rawStart() + tools.raw().length()));
        assertEquals("2.0", tagText(text, tools));
        assertEquals("1.36", tagText(text, refs.get(3)));
    }

    @Test
    void stageNamesThatShadowNothingChangeNothing() {
        String text = """
                FROM debian:12 AS unused
                FROM ${REGISTRY}/base:1 AS app
                COPY --from=busybox:1.36 /bin/sh /sh
                FROM ${REGISTRY}/app:2
                COPY --from=app /x /x
                """;
        assertEquals(List.of("debian:12", "localhost:5000/base:1", "busybox:1.36", "localhost:5000/app:2"),
                resolved(text, REG));
    }

    @Test
    void lowerCaseInstructions() {
        String text = "arg REGISTRY\nfrom ${REGISTRY}/base:1 As b\ncopy --from=b /a /a\nfrom b\n";
        assertEquals(List.of("localhost:5000/base:1"), resolved(text, REG));
    }

    @Test
    void lineContinuations() {
        String text = "FROM \\\n    --platform=linux/amd64 \\\n    ${REGISTRY}/base:1.0 \\\n    AS b\nFROM b\n";
        ImageReference r = only(text, REG);
        assertEquals("localhost:5000/base:1.0", r.resolved());
        assertEquals(1, r.line());
        assertEquals("1.0", tagText(text, r));
    }

    @Test
    void referenceSplitOverAContinuationHasNoLiteralTag() {
        String text = "FROM ${REGISTRY}/base:\\\n1.0\n";
        ImageReference r = only(text, REG);
        assertEquals("localhost:5000/base:1.0", r.resolved());
        assertEquals(Optional.empty(), r.literalTag());
        String split = "FROM ${REGISTRY}/ba\\\nse:1.0\n";
        ImageReference s = only(split, REG);
        assertEquals("localhost:5000/base:1.0", s.resolved());
        assertEquals(Optional.empty(), s.literalTag());
    }

    @Test
    void commentLinesInsideContinuations() {
        String text = """
                FROM ${REGISTRY}/base:1 \\
                # FROM evil:1 is only a comment
                    AS b
                RUN --mount=type=bind,from=${REGISTRY}/tools:3,target=/t \\
                  # another comment
                
                  true
                FROM b
                """;
        List<ImageReference> refs = refs(text, REG);
        assertEquals(List.of("localhost:5000/base:1", "localhost:5000/tools:3"),
                refs.stream().map(ImageReference::resolved).toList());
        assertEquals(List.of(1, 4), refs.stream().map(ImageReference::line).toList());
    }

    @Test
    void crlfOffsetsAreExact() {
        String text = "# syntax=docker/dockerfile:1\r\nARG REGISTRY\r\n\r\nFROM ${REGISTRY}/base:1.2.3 AS b\r\n"
                + "COPY --from=${REGISTRY}/jq:1.7 \\\r\n  /jq /jq\r\nRUN --mount=from=${REGISTRY}/t:9,target=/t true\r\n"
                + "FROM \\\r\n  ${REGISTRY}/other:4.5\r\n";
        List<ImageReference> refs = refs(text, REG);
        assertEquals(List.of("localhost:5000/base:1.2.3", "localhost:5000/jq:1.7", "localhost:5000/t:9",
                "localhost:5000/other:4.5"), refs.stream().map(ImageReference::resolved).toList());
        assertEquals(List.of("1.2.3", "1.7", "9", "4.5"), refs.stream().map(r -> tagText(text, r)).toList());
        assertEquals(List.of(4, 5, 7, 8), refs.stream().map(ImageReference::line).toList());
        for (ImageReference r : refs) {
            assertEquals(r.raw(), text.substring(r.rawStart(), r.rawStart() + r.raw().length()));
        }
    }

    @Test
    void noFinalNewline() {
        String text = "ARG REGISTRY\nFROM ${REGISTRY}/base:1.0";
        ImageReference r = only(text, REG);
        assertEquals("1.0", tagText(text, r));
        assertEquals(text.length(), r.literalTag().orElseThrow().end());
        String crlf = "FROM ${REGISTRY}/base:1.0\r";
        assertEquals("1.0", tagText(crlf, only(crlf, REG)));
    }

    @Test
    void escapeDirectiveWithBacktickContinuations() {
        String text = "# syntax=docker/dockerfile:1\n# escape=`\nFROM ${REGISTRY}/base:1.0 `\n    AS b\n"
                + "RUN dir c:\\\nFROM b\n";
        ImageReference r = only(text, REG);
        assertEquals("localhost:5000/base:1.0", r.resolved());
        assertEquals("1.0", tagText(text, r));
        // With ` as escape a trailing backslash continues nothing, so "FROM b" is an instruction of its own.
        ParsedDockerfile parsed = new DockerfileParser().parse(text);
        assertEquals(List.of("FROM", "RUN", "FROM"), parsed.instructions().stream().map(Instruction::keyword).toList());
    }

    @Test
    void escapeDirectiveAppliesToVariableExpansion() {
        // With ` as the escape character, `$ is a literal dollar and \$ is a backslash before a variable.
        String text = "# escape=`\nARG BASE=`$HOME\nFROM ${REGISTRY}/base:1.0 AS b\nFROM c:\\$TAG\n";
        List<ImageReference> refs = refs(text, Map.of("REGISTRY", "localhost:5000", "TAG", "x"));
        assertEquals(List.of("localhost:5000/base:1.0", "c:\\x"), refs.stream().map(ImageReference::resolved).toList());
        assertEquals("$HOME", new ReferenceExtractor().globalArgs(new DockerfileParser().parse(text), Map.of())
                .get("BASE"));
    }

    @Test
    void heredocBodiesAreNotInstructions() {
        String text = """
                FROM ${REGISTRY}/base:1
                RUN <<EOF
                FROM evil:1
                COPY --from=evil:2 /a /a
                EOF
                COPY <<-"END" /etc/conf
                \tFROM evil:3
                \tEND
                FROM debian:12
                """;
        assertEquals(List.of("localhost:5000/base:1", "debian:12"), resolved(text, REG));
    }

    @Test
    void argDefaultsBeforeTheFirstFrom() {
        String text = """
                ARG REGISTRY
                ARG BASE_VERSION=1.2.3
                ARG FULL="${REGISTRY}/tools:${BASE_VERSION}"
                FROM ${REGISTRY}/base:${BASE_VERSION}
                FROM $FULL
                ARG LATER=9
                FROM other:$LATER
                """;
        List<ImageReference> refs = refs(text, REG);
        assertEquals(List.of("localhost:5000/base:1.2.3", "localhost:5000/tools:1.2.3", "other:"),
                refs.stream().map(ImageReference::resolved).toList());
        assertEquals("1.2.3", tagText(text, refs.get(0)), "the tag is the default of a global ARG");
        assertEquals(2, refs.get(0).site().orElseThrow().line(), "written on the ARG's line");
        assertEquals(Optional.of("BASE_VERSION"), refs.get(0).site().orElseThrow().arg());
        assertEquals(Optional.empty(), refs.get(1).literalTag(), "an ARG whose tag is another variable");
        assertEquals(List.of("LATER"), refs.get(2).unresolved(), "an ARG after FROM is not global");

        Map<String, String> args = Map.of("REGISTRY", "r.example.com", "BASE_VERSION", "2.0");
        assertEquals("r.example.com/base:2.0", refs(text, args).get(0).resolved(), "build args win over defaults");
        assertEquals("r.example.com/tools:2.0", refs(text, args).get(1).resolved());
        assertTrue(refs(text, args).get(0).site().orElseThrow().overridden(), "the build argument sets BASE_VERSION");
    }

    @Test
    void scratchIsNoReference() {
        assertEquals(List.of(), refs("FROM scratch\nCOPY a /a\n", REG));
        assertEquals(List.of(), refs("FROM SCRATCH AS s\nFROM s\n", REG));
    }

    @Test
    void digests() {
        String text = "FROM ${REGISTRY}/base@sha256:0123abcd\nFROM debian:12@sha256:feed\n";
        List<ImageReference> refs = refs(text, REG);
        assertEquals(List.of("localhost:5000/base@sha256:0123abcd", "debian:12@sha256:feed"),
                refs.stream().map(ImageReference::resolved).toList());
        refs.forEach(r -> assertEquals(Optional.empty(), r.literalTag()));
    }

    @Test
    void referencesWithoutATagHaveNoLiteralTag() {
        String text = "FROM localhost:5000/base\nFROM ${REGISTRY:-h:5000}/x\nFROM $REGISTRY/y\n";
        List<ImageReference> refs = refs(text, REG);
        assertEquals(3, refs.size());
        refs.forEach(r -> assertEquals(Optional.empty(), r.literalTag(), r::toString));
    }

    @Test
    void noFromMeansNoReferences() {
        assertEquals(List.of(), new ReferenceExtractor().extract(new DockerfileParser().parse("RUN true\n"), REG));
    }

    @Test
    void globalArgsIncludeBuildArgsAndDeclaredDefaults() {
        ParsedDockerfile parsed = new DockerfileParser().parse("ARG A=1 B=\"two\" C\nFROM x\nARG D=4\n");
        Map<String, String> vars = new ReferenceExtractor().globalArgs(parsed, Map.of("C", "3", "A", "one"));
        assertEquals(Map.of("A", "one", "B", "two", "C", "3"), vars);
        assertFalse(vars.containsKey("D"));
    }

    @Test
    void sitesOfTagAndDigestInTheWordOrInAGlobalArgDefault() {
        String text = "# escape=\\\r\nARG BASE=\"debian:bookworm-slim@sha256:aa\"\r\nARG TAG=3.20\r\n"
                + "FROM --platform=$BUILDPLATFORM $BASE AS one\r\n"
                + "FROM alpine:${TAG} AS two\r\n"
                + "COPY --from=busybox:1.36@sha256:bb /bin/sh /sh\r\n"
                + "RUN --mount=type=bind,from=ghcr.io/x/tools,target=/t true\r\n";
        List<ImageReference> refs = refs(text, REG);
        assertEquals(4, refs.size(), refs::toString);

        ImageReference.Site whole = refs.get(0).site().orElseThrow();
        assertEquals(2, whole.line());
        assertEquals(Optional.of("BASE"), whole.arg());
        assertEquals("bookworm-slim", slice(text, whole.tag().orElseThrow()));
        assertEquals("sha256:aa", slice(text, whole.digest().orElseThrow()));

        ImageReference.Site tag = refs.get(1).site().orElseThrow();
        assertEquals(3, tag.line());
        assertEquals("3.20", slice(text, tag.tag().orElseThrow()));
        assertEquals(Optional.empty(), tag.digest());
        assertEquals("\r\n", text.substring(tag.pinAt(), tag.pinAt() + 2), "a pin goes right after the tag");

        ImageReference.Site word = refs.get(2).site().orElseThrow();
        assertEquals(6, word.line());
        assertEquals("sha256:bb", slice(text, word.digest().orElseThrow()));
        assertEquals("1.36", slice(text, word.tag().orElseThrow()));

        ImageReference.Site untagged = refs.get(3).site().orElseThrow();
        assertEquals(Optional.empty(), untagged.tag());
        assertEquals(",target", text.substring(untagged.pinAt(), untagged.pinAt() + 7));
    }

    @Test
    void noSiteWhereTheLiteralIsNotOneWordOrOneArgDefault() {
        String text = """
                ARG A=1
                ARG B=x:${A}
                FROM $B
                FROM other:${A}-${A}
                FROM $UNDECLARED
                FROM lib\\
                rary/debian:12
                """;
        List<ImageReference> refs = refs(text, Map.of("UNDECLARED", "y:1"));
        assertEquals(4, refs.size(), refs::toString);
        refs.forEach(r -> assertEquals(Optional.empty(), r.site(), r::toString));
    }

    private static String slice(String text, ImageReference.Span span) {
        return text.substring(span.start(), span.end());
    }
}
