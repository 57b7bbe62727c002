package dev.cip.maven;

import dev.cip.failure.ChangedNotBumped;
import dev.cip.process.DockerUnavailableException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core reports typed problems; a Maven user reads them with the {@code cip.*} property to set. */
class MavenHelpfulSuggestionsTest {
    @TempDir
    Path dir;

    private final List<String> info = new ArrayList<>();

    private void write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private void image(String context, String version) throws IOException {
        write("contexts/" + context + "/Dockerfile", "FROM scratch\n");
        write("contexts/" + context + "/info.edn", "{:version \"" + version + "\"}\n");
    }

    private CascadeMojo cascade(String bump, String bumpImage) {
        CascadeMojo mojo = new CascadeMojo();
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = "localhost:5000";
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.bump = bump;
        mojo.bumpImage = bumpImage;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                info.add(content.toString());
            }
        });
        return mojo;
    }

    @Test
    void thePlansAdviceAndTheStrictRefusalNameMavensGoalsAndProperties() {
        dev.cip.plan.Advice maven = MavenHelpfulSuggestions.INSTANCE;
        assertEquals("add -Dcip.withAncestors", maven.selectAncestors());
        assertEquals("run mvn cip:cascade", maven.cascade());
        assertEquals("run the cascade", dev.cip.plan.Advice.PLAIN.cascade(), "the core says it plainly");
        ChangedNotBumped strict = new ChangedNotBumped(List.of("base"), List.of("app", "lib"),
                dev.cip.plan.Advice.PLAIN.changedNotBumped(List.of("base"), List.of("app", "lib")));
        assertTrue(!strict.getMessage().contains("cip.") && !strict.getMessage().contains("mvn"), strict.getMessage());
        // one suggestion, the one command that fixes it, naming the image whose own content changed
        assertEquals("cip.strict: the content of base changed since its version was published (and with it, through"
                + " a parent, app, lib), but no version was bumped; run mvn cip:update: it bumps base and cascades"
                + " to the images built on it. Nothing was built.", MavenHelpfulSuggestions.describe(strict));
        assertEquals("run mvn cip:update: it bumps base and cascades to the images built on it",
                maven.update("base"));
    }

    @Test
    void aMissingContextsDirectoryNamesCipProjectDir() {
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> cascade("patch", null).execute());
        assertEquals("The project has 1 problem; nothing was built or changed:\n  - " + dir.resolve("contexts")
                + ": does not exist; cip expects one sub-directory per image under " + dir.resolve("contexts")
                + " (set cip.projectDir to the directory that holds contexts/)", e.getMessage());
    }

    @Test
    void anUnknownBumpImageNamesCipBumpImage() throws Exception {
        image("00-a", "1.0.0");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> cascade("patch", "nope").execute());
        assertTrue(e.getMessage().endsWith(dir.resolve("contexts") + ": the image to bump is 'nope', which is not an "
                + "image of the project; its images are: a (set cip.bumpImage to one of them)"), e.getMessage());
    }

    @Test
    void aBumpImageAtLevelParentWorksARootGetsAPatch() throws Exception {
        image("00-a", "1.0.0");
        cascade("parent", " a ").execute();
        assertEquals("{:version \"1.0.1\"}\n", Files.readString(dir.resolve("contexts/00-a/info.edn")));
    }

    @Test
    void aVersionWithoutTheComponentToRaiseNamesCipBump() throws Exception {
        image("00-a", "7");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> cascade("minor", "a").execute());
        assertTrue(e.getMessage().endsWith(dir.resolve("contexts/00-a/info.edn") + ": :version \"7\" has no minor "
                + "component to raise of a; give it a second component, or use another level (set cip.bump to patch "
                + "or major)"), e.getMessage());
    }

    @Test
    void aRequestedBumpSaysCipBumpImage() throws Exception {
        image("00-a", "1.0.0");
        cascade("minor", "a").execute();
        assertTrue(info.contains("a 1.0.0 → 1.1.0 (cip.bumpImage, minor)"), info.toString());

        image("00-b", "2.0.0");
        CascadeMojo dry = cascade("patch", "b");
        dry.dryRun = true;
        dry.execute();
        assertTrue(info.contains("would raise b 2.0.0 → 2.0.1 (cip.bumpImage, patch)"), info.toString());
    }

    @Test
    void dockerThatCannotStartNamesCipDocker() {
        assertEquals("cannot run '/opt/docker': No such file (install Docker with buildx, or set cip.docker to its "
                + "path)", MavenHelpfulSuggestions.describe(DockerUnavailableException.cannotStart("/opt/docker",
                "No such file", "Docker with buildx")));
        assertEquals("cannot run 'docker': gone (install the docker CLI, or set cip.docker to its path)",
                MavenHelpfulSuggestions.describe(DockerUnavailableException.cannotStart("docker", "gone",
                        "the docker CLI")));
    }

    @Test
    void dockerThatFailsAsksForTheDaemonAndNamesCipDocker() {
        assertEquals("'docker image ls' failed: no daemon (is the Docker daemon running? set cip.docker if docker is "
                + "elsewhere)", MavenHelpfulSuggestions.describe(DockerUnavailableException.failed(
                "'docker image ls' failed: no daemon")));
    }

    @Test
    void aBuildGoalWithoutDockerNamesCipDocker() throws Exception {
        image("00-app", "1.0.0");
        BuildMojo mojo = new BuildMojo(null);
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = "127.0.0.1:9";
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.platforms = List.of("linux/amd64");
        String docker = dir.resolve("no-docker").toString();
        mojo.docker = docker;
        mojo.provenance = "auto";
        mojo.setLog(new SystemStreamLog());
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("cannot run '" + docker + "': "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (install Docker with buildx, or set cip.docker to its path)"),
                e.getMessage());
    }
}
