package dev.cip.failure;

import java.util.List;

/** Published images a run would build on or skip carry no valid signature. Nothing was built. */
public final class SignatureCheckFailed extends UserFailure {
    private static final long serialVersionUID = 1L;

    private final List<String> references;

    /** @param references the images whose signature check failed, each {@code registry/name@digest} */
    public SignatureCheckFailed(List<String> references, String message) {
        super(message, null);
        this.references = List.copyOf(references);
    }

    public List<String> references() {
        return references;
    }
}
