package dev.cip.failure;

/**
 * What the user must act on, found by the core: a bad setting, project input cip cannot use, or a state of the
 * registry or the project that a run refuses to go on from. Every kind is one final class here, so an adapter words
 * each by its type; any other exception leaving the core is cip's own fault, not the user's.
 */
public abstract sealed class UserFailure extends RuntimeException
        permits InvalidSetting, InvalidProjectInput, IncompleteStaging, SignatureCheckFailed, ChangedNotBumped,
        UnpinnedBases {
    private static final long serialVersionUID = 1L;

    UserFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
