package dev.cip.testing;

import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;

import java.util.Optional;

/** A store holding nothing: every image of a plan on it is to be built. */
public final class EmptyStore implements ImageStore {
    public static final ImageStore INSTANCE = new EmptyStore();

    private EmptyStore() {
    }

    @Override
    public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "empty store";
    }
}
