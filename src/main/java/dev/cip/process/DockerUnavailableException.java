package dev.cip.process;

import java.util.Objects;

/**
 * Docker cannot be run or does not answer: the environment's fault, not the project's. It carries the facts and
 * which of the two it is; the message ends with advice in neutral words, and an adapter words its own from
 * {@link #reason()}, {@link #facts()} and {@link #install()} (e.g. naming the setting that gives the docker path).
 */
public final class DockerUnavailableException extends RuntimeException {

    /** Why Docker is unavailable. */
    public enum Reason {
        /** The docker program could not be started (not installed, or not at the path given). */
        CANNOT_START,
        /** The docker program ran but failed (e.g. no daemon answered). */
        FAILED
    }

    private final Reason reason;
    private final String facts;
    private final String install;

    private DockerUnavailableException(Reason reason, String facts, String install, String advice) {
        super(facts + " (" + advice + ")");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.install = install;
    }

    /**
     * {@code docker} could not be started.
     *
     * @param error   why, as the operating system said it
     * @param install what to install to have it, e.g. {@code "Docker with buildx"} or {@code "the docker CLI"}
     */
    public static DockerUnavailableException cannotStart(String docker, String error, String install) {
        return new DockerUnavailableException(Reason.CANNOT_START, "cannot run '" + docker + "': " + error, install,
                "install " + install + ", or give cip the path of the docker program");
    }

    /** {@code docker} ran and failed; {@code facts} says which command and what it printed. */
    public static DockerUnavailableException failed(String facts) {
        return new DockerUnavailableException(Reason.FAILED, facts, "",
                "is the Docker daemon running? give cip the path of the docker program if docker is elsewhere");
    }

    public Reason reason() {
        return reason;
    }

    /** What happened, without advice, e.g. {@code "cannot run 'docker': No such file or directory"}. */
    public String facts() {
        return facts;
    }

    /** For {@link Reason#CANNOT_START}: what to install; empty otherwise. */
    public String install() {
        return install;
    }
}
