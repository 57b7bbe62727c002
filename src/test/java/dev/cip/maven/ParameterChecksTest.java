package dev.cip.maven;

import dev.cip.context.ProjectLock;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal parameters are checked before any work: each bad value fails with a MojoFailureException naming the property
 * (the mojos here would otherwise go on to scan the project and reach a registry on a closed port).
 */
class ParameterChecksTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private <T extends AbstractCipMojo> T prepare(T mojo) throws Exception {
        Files.createDirectories(dir.resolve("contexts/00-app"));
        Files.writeString(dir.resolve("contexts/00-app/Dockerfile"), "FROM scratch\n");
        Files.writeString(dir.resolve("contexts/00-app/info.edn"), "{:version \"1.0.0\"}\n");
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = "127.0.0.1:9";
        mojo.reportDir = dir.resolve("target/cip").toFile();
        if (mojo instanceof AbstractBuildMojo b) {
            b.platforms = List.of("linux/amd64", "linux/arm64");
            b.docker = "docker";
            b.provenance = "auto";
            b.retries = 0;
        }
        if (mojo instanceof PlanMojo p) {
            p.planFor = "publish-locally";
        }
        if (mojo instanceof CascadeMojo c) {
            c.bump = "patch";
        }
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        return mojo;
    }

    /**
     * The failure of {@code mojo}, run while another process holds the project lock: a check made before any work
     * fails first; one made later would meet the lock.
     */
    private String failure(AbstractMojo mojo) throws Exception {
        try (ProjectLock held = ProjectLock.acquire(dir, "another build")) {
            return assertThrows(MojoFailureException.class, mojo::execute).getMessage();
        }
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' not in: " + message);
        }
    }

    @Test
    void registriesAreCheckedAndTheMessageSaysWhatToWrite() throws Exception {
        Map<String, String[]> cases = Map.of(
                "https://registry.example.com/team", new String[]{"scheme", "cip.localRegistry=registry.example.com/team"},
                "registry.example.com/", new String[]{"ends with '/'", "cip.localRegistry=registry.example.com"},
                "", new String[]{"cip.localRegistry is empty"},
                "   ", new String[]{"cip.localRegistry is empty"},
                "user:secret@registry.example.com", new String[]{"credentials", "cip.localRegistry=registry.example.com",
                        "<server>"},
                "registry example.com", new String[]{"cip.localRegistry", "host[:port][/path]"},
                "reg!stry", new String[]{"cip.localRegistry=reg!stry is not a registry"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            PublishLocallyMojo mojo = prepare(new PublishLocallyMojo(null));
            mojo.localRegistry = c.getKey();
            assertMentions(failure(mojo), c.getValue());
        }
        PublishMojo publish = prepare(new PublishMojo(null));
        publish.remoteRegistry = "http://127.0.0.1:5000";
        assertMentions(failure(publish), "cip.remoteRegistry", "cip.remoteRegistry=127.0.0.1:5000",
                "cip.insecureRegistries");
        PublishMojo insecure = prepare(new PublishMojo(null));
        insecure.remoteRegistry = "127.0.0.1:5000";
        insecure.insecureRegistries = List.of("http://10.0.0.1:5000");
        assertMentions(failure(insecure), "cip.insecureRegistries");
    }

    @Test
    void aPlatformNobodyBuildsForIsNamed() throws Exception {
        PublishMojo mojo = prepare(new PublishMojo(null));
        mojo.remoteRegistry = "127.0.0.1:9";
        mojo.platforms = List.of("linux/amd64", "linux/amd65");
        assertMentions(failure(mojo), "cip.platforms", "'linux/amd65'", "architecture 'amd65'");
    }

    @Test
    void numbersAndChoicesAreNamed() throws Exception {
        PublishLocallyMojo retries = prepare(new PublishLocallyMojo(null));
        retries.retries = -1;
        assertMentions(failure(retries), "cip.retries=-1", "at least 0");

        PlanMojo plan = prepare(new PlanMojo(null));
        plan.planFor = "x";
        assertMentions(failure(plan), "cip.planFor=x", "publish-locally");

        PublishLocallyMojo provenance = prepare(new PublishLocallyMojo(null));
        provenance.provenance = "mode=huge";
        assertMentions(failure(provenance), "cip.provenance=mode=huge", "mode=min", "mode=max");

        PublishLocallyMojo cache = prepare(new PublishLocallyMojo(null));
        cache.cache = "s3";
        assertMentions(failure(cache), "cip.cache=s3", "none, registry, inline");

        PublishLocallyMojo staging = prepare(new PublishLocallyMojo(null));
        staging.extraTags = List.of("stable", "1.0__cip-linux-amd64");
        assertMentions(failure(staging), "cip.extraTags", "'__cip-'", "reserved");
        PublishLocallyMojo latest = prepare(new PublishLocallyMojo(null));
        latest.extraTags = List.of("latest");
        assertMentions(failure(latest), "cip.extraTags", "cip.tagLatest");
        PublishLocallyMojo versionLike = prepare(new PublishLocallyMojo(null));
        versionLike.extraTags = List.of("stable", "1.0.0");
        assertMentions(failure(versionLike), "cip.extraTags: \"1.0.0\" looks like a version",
                "a released version never moves");
        ReleaseMojo release = prepare(new ReleaseMojo(null));
        release.release = "end";
        release.releaseFor = "publish-locally";
        release.platforms = List.of("linux/amd64");
        release.docker = "docker";
        release.extraTags = List.of("-bad");
        assertMentions(failure(release), "cip.extraTags", "\"-bad\" is not a valid image tag");

        CascadeMojo cascade = prepare(new CascadeMojo());
        cascade.bump = "huge";
        assertMentions(failure(cascade), "cip.bump=huge", "patch");
        assertEquals("{:version \"1.0.0\"}\n", Files.readString(dir.resolve("contexts/00-app/info.edn")));
    }

    @Test
    void aMissingOrUnusableCaFileIsNamed() throws Exception {
        PublishLocallyMojo missing = prepare(new PublishLocallyMojo(null));
        missing.caFile = dir.resolve("nope.pem").toFile();
        assertMentions(failure(missing), "cip.caFile=", "nope.pem", "no such file");

        PublishLocallyMojo directory = prepare(new PublishLocallyMojo(null));
        directory.caFile = dir.toFile();
        assertMentions(failure(directory), "cip.caFile=", "is not a file");
    }

    @Test
    void anUnwritableReportDirNamesTheGoalThePropertyAndTheReason() throws Exception {
        Files.writeString(dir.resolve("a-file"), "x");
        PlanMojo plan = prepare(new PlanMojo(null));
        plan.reportDir = dir.resolve("a-file/cip").toFile();
        assertMentions(failure(plan), "cip plan ", "cip.reportDir=", "a-file", "Not a directory (");

        PlanMojo proc = prepare(new PlanMojo(null));
        proc.reportDir = Path.of("/proc/nope").toFile();
        assertMentions(failure(proc), "cip plan ", "cip.reportDir=/proc/nope");

        // A writable one is probed without leaving anything behind (a locked or failing goal writes nothing).
        PlanMojo ok = prepare(new PlanMojo(null));
        ok.reportDir = dir.resolve("fresh/deeper/cip").toFile();
        Checks.writableDirectory("plan", "cip.reportDir", ok.reportDir);
        assertFalse(Files.exists(dir.resolve("fresh")));
    }

    private static PluginDescriptor descriptor() throws Exception {
        try (Reader r = Files.newBufferedReader(Path.of("target/classes/META-INF/maven/plugin.xml"))) {
            return new PluginDescriptorBuilder().build(r);
        }
    }

    @Test
    void theKnownPropertiesComeFromThePluginDescriptor() throws Exception {
        Set<String> known = KnownProperties.of(descriptor());
        for (String p : List.of("cip.images", "cip.stopOnFirstError", "cip.localRegistry", "cip.bump", "cip.planFor",
                "cip.extraArg", "cip.extraArgs", "cip.caFile", "cip.skip")) {
            assertTrue(known.contains(p), p + " not in " + known);
        }
        assertFalse(known.contains("cip.imgaes"));
    }

    @Test
    void misspeltPropertiesAreWarnedAboutWithADidYouMean() throws Exception {
        PluginDescriptor plugin = descriptor();
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        Properties user = new Properties();
        user.setProperty("cip.imgaes", "base");
        user.setProperty("cip.stopOnFirstEror", "false");
        user.setProperty("cip.images", "app");
        user.setProperty("cip.buildArg.HTTP_PROXY", "http://proxy:3128");
        user.setProperty("cip.zzzzzzzzzzzz", "1");
        user.setProperty("maven.deploy.skip", "true");
        request.setUserProperties(user);
        request.setSystemProperties(new Properties());
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());

        CascadeMojo mojo = prepare(new CascadeMojo());
        mojo.session = session;
        mojo.pluginDescriptor = plugin;
        mojo.dryRun = true;
        mojo.execute();
        assertEquals(3, warnings.size(), warnings.toString());
        assertMentions(warnings.get(0), "cip.imgaes", "did you mean cip.images?");
        assertMentions(warnings.get(1), "cip.stopOnFirstEror", "did you mean cip.stopOnFirstError?");
        assertMentions(warnings.get(2), "cip.zzzzzzzzzzzz", "cip:help");
    }

    @Test
    void valuesWithCommasHaveAWayThroughFromTheCommandLine() throws Exception {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        Properties user = new Properties();
        user.setProperty("cip.buildArg.OPTS", "a=1,b=2");
        user.setProperty("cip.buildArg.3BAD", "x");
        request.setUserProperties(user);
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        PublishLocallyMojo mojo = prepare(new PublishLocallyMojo(null));
        mojo.session = session;
        mojo.buildArgs = List.of("OPTS=split", "OTHER=1");
        assertMentions(assertThrows(MojoFailureException.class, mojo::buildArgMap).getMessage(),
                "-Dcip.buildArg.3BAD", "not a build argument name");
        user.remove("cip.buildArg.3BAD");
        request.setUserProperties(user);
        @SuppressWarnings("deprecation")
        MavenSession fixed = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        mojo.session = fixed;
        assertEquals(Map.of("OPTS", "a=1,b=2", "OTHER", "1"), mojo.buildArgMap());

        mojo.extraArgs = List.of("--network=host");
        mojo.extraArg = "--cache-to=type=inline,mode=max";
        assertEquals(List.of("--network=host", "--cache-to=type=inline,mode=max"), mojo.extraArgs());
    }

    @Test
    void offlineTheGoalsThatMustReachARegistryRefuseAndLocalOnesRun() throws Exception {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setOffline(true);
        @SuppressWarnings("deprecation")
        MavenSession offline = new MavenSession(null, null, request, new DefaultMavenExecutionResult());

        PublishMojo publish = prepare(new PublishMojo(null));
        publish.session = offline;
        publish.remoteRegistry = "registry.example.com/team";
        assertMentions(assertThrows(MojoFailureException.class, publish::checkParameters).getMessage(),
                "cip publish must reach the registry registry.example.com/team", "offline (-o)");

        PlanMojo plan = prepare(new PlanMojo(null));
        plan.session = offline;
        plan.planFor = "publish";
        plan.remoteRegistry = "registry.example.com";
        assertMentions(assertThrows(MojoFailureException.class, plan::checkParameters).getMessage(),
                "cip plan must reach the registry registry.example.com", "offline");

        UploadAllToLocalRegistryMojo upload = prepare(new UploadAllToLocalRegistryMojo(null));
        upload.docker = "docker";
        upload.session = offline;
        upload.remoteRegistry = "registry.example.com";
        assertMentions(assertThrows(MojoFailureException.class, upload::checkParameters).getMessage(),
                "cip upload-all-to-local-registry must reach", "offline");

        ReleaseMojo release = prepare(new ReleaseMojo(null));
        release.docker = "docker";
        release.session = offline;
        release.releaseFor = "publish";
        release.release = "end";
        release.platforms = java.util.List.of("linux/amd64");
        release.remoteRegistry = "registry.example.com";
        assertMentions(assertThrows(MojoFailureException.class, release::checkParameters).getMessage(),
                "cip release must reach the registry registry.example.com", "offline");

        PublishLocallyMojo local = prepare(new PublishLocallyMojo(null));
        local.session = offline;
        local.localRegistry = "localhost:5000";
        local.checkParameters(); // a registry on this machine is no network access
        local.localRegistry = "registry.lan:5000";
        assertMentions(assertThrows(MojoFailureException.class, local::checkParameters).getMessage(),
                "cip publish-locally must reach the registry registry.lan:5000");
    }

    @Test
    void theGoalsThatBuildHaveADefaultPhase() throws Exception {
        PluginDescriptor plugin = descriptor();
        assertEquals("deploy", plugin.getMojo("publish").getPhase());
        assertEquals("install", plugin.getMojo("publish-locally").getPhase());
        assertEquals("package", plugin.getMojo("build").getPhase());
    }

    @Test
    void goodValuesPassTheChecks() throws Exception {
        PlanMojo plan = prepare(new PlanMojo(null));
        plan.localRegistry = " localhost:5000/team ";
        plan.insecureRegistries = List.of("10.0.0.1:5000");
        plan.provenance = "mode=max";
        plan.cache = "Registry";
        plan.extraTags = List.of("stable", "abc1234");
        plan.checkParameters();
        assertEquals("localhost:5000/team", plan.localRegistry);
    }
}
