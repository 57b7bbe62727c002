package dev.cip.maven;

import dev.cip.app.BuildRun;
import dev.cip.app.RegistryStack;

import dev.cip.engine.RunConfig;
import dev.cip.process.DockerUnavailableException;
import dev.cip.context.ProjectLock;
import dev.cip.engine.BuildCache;
import dev.cip.engine.ProvenanceProbe;
import dev.cip.oci.Platform;
import dev.cip.plan.Goal;
import dev.cip.registry.RegistryException;
import dev.cip.release.ReleaseMode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;


import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parameters and flow shared by {@code build}, {@code publish-locally}, {@code publish} and {@code plan}. */
public abstract class AbstractBuildMojo extends AbstractRegistryMojo {

    /** The default platforms; {@code :platforms} in an image's info.edn replaces them for that image. */
    @Parameter(property = "cip.platforms", defaultValue = "linux/amd64,linux/arm64")
    protected List<String> platforms;

    /** Build for the local platform only (no {@code --platform}); default true for build and publish-locally. */
    @Parameter(property = "cip.onlyLocalPlatform")
    protected Boolean onlyLocalPlatform;

    /** Start no new build after a failure (running ones finish); false keeps building every unblocked image. */
    @Parameter(property = "cip.stopOnFirstError", defaultValue = "true")
    protected boolean stopOnFirstError;

    /** The buildx builder ({@code --builder}); the default builder when unset. */
    @Parameter(property = "cip.builder")
    protected String builder;

    /**
     * Arguments passed verbatim to every {@code docker buildx bake}, after cip's own options (e.g.
     * {@code --no-cache}, {@code --set=*.cache-to=type=inline}).
     */
    @Parameter(property = "cip.extraArgs")
    protected List<String> extraArgs;

    /**
     * One more argument for every build, after {@code cip.extraArgs}, taken whole: the way to pass a value holding
     * commas from the command line, where Maven splits list values at every comma
     * ({@code -Dcip.extraArg=--cache-to=type=inline,mode=max}).
     */
    @Parameter(property = "cip.extraArg")
    protected String extraArg;

    /** Pass {@code --pull} for external bases (never for internal parents in cip:build). */
    @Parameter(property = "cip.pull", defaultValue = "true")
    protected boolean pull;

    /**
     * {@code auto} (probe the docker CLI, as the original tool did), {@code true} (= {@code mode=min}), {@code false},
     * {@code mode=min} or {@code mode=max}.
     */
    @Parameter(property = "cip.provenance", defaultValue = "auto")
    protected String provenance;

    /** Request an SBOM attestation of every image (BuildKit pulls its scanner image to make it). */
    @Parameter(property = "cip.sbom", defaultValue = "false")
    protected boolean sbom;

    /**
     * The build cache of every image: {@code none} (the builder's own), {@code registry} (exported with
     * {@code mode=max} to and imported from {@code <registry>/<name>:__cip-cache}) or {@code inline} (in the image,
     * imported from {@code <registry>/<name>:latest}).
     */
    @Parameter(property = "cip.cache", defaultValue = "none")
    protected String cache = "none";

    /**
     * Tags every built image is released (pushing goals) or loaded (cip:build) under, besides {@code <version>},
     * {@code latest} and its info.edn {@code :tags}; e.g. a git short sha.
     */
    @Parameter(property = "cip.extraTags")
    protected List<String> extraTags;

    /**
     * The {@code org.opencontainers.image.source} label of every image: the POM's {@code <scm><url>} by default,
     * else the URL of the git remote {@code origin} (credentials removed).
     */
    @Parameter(property = "cip.source", defaultValue = "${project.scm.url}")
    protected String source;

    /**
     * Label every image {@code org.opencontainers.image.created} with the run's start; false leaves the label out
     * (images built twice from the same content then keep their digest).
     */
    @Parameter(property = "cip.created", defaultValue = "true")
    protected boolean created = true;

    /** Also tag every built image {@code latest}. */
    @Parameter(property = "cip.tagLatest", defaultValue = "true")
    protected boolean tagLatest;

    /** Retries of a build whose push hit a transient registry error. */
    @Parameter(property = "cip.retries", defaultValue = "2")
    protected int retries;

    /**
     * Build secrets, each {@code id=<id>,env=<VARIABLE>} or {@code id=<id>,src=<file>}: given to every image as a
     * BuildKit secret ({@code RUN --mount=type=secret,id=<id>}); only the names reach the bake definition.
     */
    @Parameter(property = "cip.secrets")
    protected List<String> secrets;

    /** Stream each build's output, prefixed with the image name. */
    @Parameter(property = "cip.verbose", defaultValue = "false")
    protected boolean verbose;

    /**
     * Fail before building when an image's content changed but its version was not bumped, or when it builds on an
     * external base not pinned by digest (else warnings).
     */
    @Parameter(property = "cip.strict", defaultValue = "false")
    protected boolean strict;

    /**
     * Ask the upstream registries where the tags of the external bases point now, and show the pins whose tag moved
     * (one request per distinct tag). Offline ({@code -o}) it contacts none and says so.
     */
    @Parameter(property = "cip.checkBases", defaultValue = "false")
    protected boolean checkBases;

    /**
     * Stage only, for these platforms (a comma list; one shard per native machine): {@code cip:publish} pushes each
     * selected image for the wanted platforms among these under its staging tag, writes {@code stage.json}, and
     * releases nothing ({@code cip:release} does, once every platform is staged). Unset: build, then release.
     */
    @Parameter(property = "cip.stage")
    protected List<String> stage;

    /**
     * How a pushing run releases what it built: {@code end} tags every image whose own graph succeeded at the end
     * and lists the rest; {@code atomic} tags nothing unless every selected image can be tagged.
     */
    @Parameter(property = "cip.release", defaultValue = "end")
    protected String release = "end";

    /** The goal whose plan this is. */
    protected abstract Goal goal() throws MojoFailureException;

    /** Whether only the plan is made. */
    protected boolean planOnly() {
        return dryRun;
    }

    protected AbstractBuildMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        super.checkParameters();
        goal();
        Checks.platforms("cip.platforms", platforms);
        Checks.atLeast("cip.retries", retries, 0);
        Checks.writableDirectory(goalName(), "cip.reportDir", reportDir);
        Goal goal = goal();
        if (goal != Goal.BUILD) {
            refuseOffline(goal == Goal.PUBLISH ? requireRemoteRegistry() : localRegistry);
        }
        Checks.oneOf("cip.release", release, List.of("end", "atomic"));
        checkSigning();
        Checks.oneOf("cip.provenance", provenance == null || provenance.isBlank() ? "auto" : provenance,
                ProvenanceProbe.SETTINGS);
        Checks.oneOf("cip.cache", cache == null || cache.isBlank() ? "none" : cache,
                List.of("none", "registry", "inline"));
        Checks.extraTags("cip.extraTags", extraTags);
        if (!nonNull(stage).isEmpty()) {
            if (goal != Goal.PUBLISH) {
                throw new MojoFailureException("cip.stage stages platforms for cip:publish (one shard per native "
                        + "machine); " + goalName() + (goal == Goal.BUILD ? " loads into the local Docker store"
                        : " pushes the local platform") + ". Run mvn cip:publish -Dcip.stage=" + String.join(",",
                        nonNull(stage)) + ", or drop -Dcip.stage.");
            }
            Checks.platforms("cip.stage", nonNull(stage));
        }
    }

    /** How this run ends: staged only (a shard), or released at the end. */
    private RunConfig.Release releasePolicy() throws MojoFailureException {
        Set<Platform> shard = goal() == Goal.PUBLISH && !nonNull(stage).isEmpty()
                ? Set.copyOf(Checks.platforms("cip.stage", nonNull(stage))) : Set.of();
        return new RunConfig.Release(shard, ReleaseMode.parse(release == null ? "end"
                : release.strip()));
    }

    /** The first wait before another attempt of a build that hit a transient registry error; it doubles. */
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Instant goalStart = started();
        Goal goal = goal();
        String registry = goal == Goal.PUBLISH ? requireRemoteRegistry() : localRegistry.strip();
        if (offline() && planOnly()) {
            getLog().info("cip " + goalName() + ": Maven runs offline (-o); the plan reads only "
                    + (goal == Goal.BUILD ? "the local Docker store" : "the registry " + registry + " on this machine"));
        } else if (offline() && pull) {
            pull = false;
            getLog().info("cip " + goalName() + ": Maven runs offline (-o), so base images are not pulled "
                    + "(as with -Dcip.pull=false); the builder uses what it has");
        }
        try (RegistryStack registries = registryAccess(registry)) {
            RunConfig config = config(goal, registry, goalStart, registries.dockerEnvironment());
            BuildRun.Outcome outcome = new BuildRun(config, registries,
                    registries.signing(signingKeys(), registry), console(), MavenHelpfulSuggestions.INSTANCE,
                    environment).checkingBases(baseCheck()).run(goalName());
            if (!planOnly() && !outcome.succeeded()) {
                throw Failures.buildFailed(goal, outcome);
            }
            if (planOnly()) {
                Failures.blockedInPlan(goal, outcome.plan()).ifPresent(getLog()::error);
            }
        } catch (ProjectLock.LockedException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (RegistryException e) {
            throw Failures.of(e);
        } catch (DockerUnavailableException e) {
            throw new MojoExecutionException(MavenHelpfulSuggestions.describe(e), e);
        } catch (IOException e) {
            throw new MojoExecutionException("cip " + goal.id() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("cip " + goal.id() + " was interrupted; running builds were stopped", e);
        }
    }

    private BuildRun.BaseCheck baseCheck() {
        if (!checkBases) {
            return BuildRun.BaseCheck.OFF;
        }
        if (offline()) {
            getLog().info("cip " + goalName() + ": Maven runs offline (-o), so cip.checkBases contacts no upstream "
                    + "registry; the bases are shown as skipped");
            return BuildRun.BaseCheck.OFFLINE;
        }
        return BuildRun.BaseCheck.ON;
    }

    /** The run's configuration, grouped by concern, from the parameters. */
    private RunConfig config(Goal goal, String registry, Instant goalStart, Map<String, String> dockerEnvironment)
            throws MojoFailureException {
        boolean localOnly = onlyLocalPlatform != null ? onlyLocalPlatform : goal != Goal.PUBLISH;
        return new RunConfig(goal,
                new RunConfig.ProjectTarget(projectDir.toPath().toAbsolutePath().normalize(), registry),
                new RunConfig.Selection(imageNames(), withAncestors, withDescendants, nonNull(platforms), localOnly),
                new RunConfig.BuildOptions(buildArgMap(), pull, provenance, tagLatest, secrets()),
                new RunConfig.EngineOptions(docker, Optional.ofNullable(builder).filter(b -> !b.isBlank()),
                        extraArgs(), stopOnFirstError, retries, RETRY_BACKOFF, verbose, dockerEnvironment),
                new RunConfig.Output(reportDir.toPath().toAbsolutePath(), planOnly(), strict, goalStart),
                releasePolicy(),
                new RunConfig.ImageOptions(Checks.extraTags("cip.extraTags", extraTags),
                        Optional.ofNullable(source).map(String::strip).filter(v -> !v.isEmpty() && !v.startsWith("${")),
                        created, BuildCache.parse(cache), sbom));
    }

    /** {@code cip.secrets}, checked: only {@code id=…,env=…} or {@code id=…,src=…}. */
    private List<String> secrets() throws MojoFailureException {
        List<String> out = new ArrayList<>();
        for (String s : nonNull(secrets)) {
            String entry = s.strip();
            if (!entry.matches("id=[A-Za-z0-9_.-]+,(env=[A-Za-z_][A-Za-z0-9_]*|src=[^,]+)")) {
                throw new MojoFailureException("cip.secrets entry '" + entry.replaceAll("=.*", "=…")
                        + "' is not id=<id>,env=<VARIABLE> or id=<id>,src=<file>: pass a secret by the name of the "
                        + "environment variable or file holding it, never its value");
            }
            out.add(entry);
        }
        return out;
    }

    /** {@code cip.extraArgs}, then {@code cip.extraArg}. */
    List<String> extraArgs() {
        List<String> all = new ArrayList<>(nonNull(extraArgs));
        if (extraArg != null && !extraArg.isBlank()) {
            all.add(extraArg.strip());
        }
        return List.copyOf(all);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(x -> x != null && !x.toString().isBlank()).toList();
    }

}
