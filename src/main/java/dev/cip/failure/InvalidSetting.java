package dev.cip.failure;

/**
 * A value the user gives a run is not valid: a setting (platforms, registry, mode, cache, extra tags, selected
 * images, ...) or a value written in one, such as a platform or a registry address.
 */
public final class InvalidSetting extends UserFailure {
    private static final long serialVersionUID = 1L;

    public InvalidSetting(String message) {
        super(message, null);
    }

    public InvalidSetting(String message, Throwable cause) {
        super(message, cause);
    }
}
