package dev.cip.maven;

import dev.cip.context.InvalidProjectException;
import dev.cip.failure.ChangedNotBumped;
import dev.cip.context.Problem;
import dev.cip.context.Setting;
import dev.cip.plan.Advice;
import dev.cip.process.DockerUnavailableException;
import dev.cip.registry.RegistryHints;

import java.util.List;
import java.util.Map;

/**
 * Core problems in Maven's words: {@code cip.*} properties for the settings the core names neutrally
 * ({@link Setting}, the docker path), and settings.xml servers at the end of registry error messages.
 */
public final class MavenHelpfulSuggestions implements RegistryHints, Advice {
    public static final MavenHelpfulSuggestions INSTANCE = new MavenHelpfulSuggestions();

    private MavenHelpfulSuggestions() {
    }

    @Override
    public String selectAncestors() {
        return "add -Dcip.withAncestors";
    }

    @Override
    public String cascade() {
        return "run mvn cip:cascade";
    }

    /** {@code cip:update} bumps every image whose content changed and cascades to its descendants. */
    @Override
    public String update(String image) {
        return "run mvn cip:update: it bumps " + image + " and cascades to the images built on it";
    }

    /** The strict mode's refusal, naming {@code cip.strict} and the one command that fixes it. */
    @Override
    public String changedNotBumped(List<String> roots, List<String> followers) {
        return "cip.strict: " + Advice.changed(roots, followers) + "; "
                + update(String.join(", ", roots)) + ". Nothing was built.";
    }

    /** Unpinned bases, and the goal that pins them. */
    @Override
    public String unpinnedBases(Map<String, List<String>> images) {
        return "unpinned bases (" + Advice.describe(images) + "): two platforms or shards can build on "
                + "different upstream bytes; pin them by digest with mvn cip:update -Dcip.pinUnpinned";
    }

    /** The strict mode's refusal of unpinned bases, naming {@code cip.strict} and the goal that pins them. */
    @Override
    public String strictUnpinned(Map<String, List<String>> images) {
        return "cip.strict: " + unpinnedBases(images) + ". Nothing was built.";
    }

    @Override
    public String updateBases() {
        return "run mvn cip:update to move the pin and bump the images built on it";
    }

    /** The strict mode's refusal of {@code e}, in Maven's words. */
    static String describe(ChangedNotBumped e) {
        return INSTANCE.changedNotBumped(e.roots(), e.followers());
    }

    /** The property that gives {@code setting}. */
    static String property(Setting setting) {
        return switch (setting) {
            case PROJECT_DIR -> "cip.projectDir";
            case BUMP -> "cip.bump";
            case BUMP_IMAGE -> "cip.bumpImage";
            case BUILD_ARGS -> "cip.buildArgs";
            case PIN_UNPINNED -> "cip.pinUnpinned";
        };
    }

    /** Every problem of {@code e}, each fix naming its property. */
    static String describe(InvalidProjectException e) {
        return e.describe(MavenHelpfulSuggestions::property);
    }

    /** One problem (or warning), its fix naming its property. */
    static String describe(Problem problem) {
        return problem.describe(MavenHelpfulSuggestions::property);
    }

    /** What happened to docker, and what to do, naming {@code cip.docker}. */
    static String describe(DockerUnavailableException e) {
        return e.facts() + switch (e.reason()) {
            case CANNOT_START -> " (install " + e.install() + ", or set cip.docker to its path)";
            case FAILED -> " (is the Docker daemon running? set cip.docker if docker is elsewhere)";
        };
    }

    @Override
    public String provideCredentials(String host) {
        return "run 'docker login " + host + "' or add a Maven <server> whose id is " + host + " to settings.xml";
    }

    @Override
    public String fixCredentials(String host) {
        return "run 'docker login " + host + "' again or fix the Maven <server> whose id is " + host;
    }

    @Override
    public String allowPlainHttp(String host) {
        return "if it is meant to be reached over plain HTTP, add it to cip.insecureRegistries (-Dcip.insecureRegistries="
                + host + ")";
    }

    @Override
    public String trustCertificate(String host) {
        return "if it uses a private CA, give its PEM file as cip.caFile or add it to the JDK trust store";
    }

    @Override
    public String raiseBlobLimit() {
        return "if the layer is genuine, raise cip.maxBlobSize (e.g. -Dcip.maxBlobSize=20g)";
    }
}
