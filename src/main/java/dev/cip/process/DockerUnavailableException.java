package dev.cip.process;

/** Docker cannot be run or does not answer: the environment's fault, not the project's. */
public final class DockerUnavailableException extends RuntimeException {
    public DockerUnavailableException(String message) {
        super(message);
    }
}
