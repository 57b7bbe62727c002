package dev.cip.cascade;

import java.util.List;

/**
 * A parent whose references in a child were moved to its new version.
 *
 * @param parent the parent's image name
 * @param from   the versions the child referred to (usually one)
 * @param to     the parent's version the references now name
 */
public record ParentChange(String parent, List<String> from, String to) {
    public ParentChange {
        from = List.copyOf(from);
    }

    @Override
    public String toString() {
        return parent + " " + String.join("/", from) + " → " + to;
    }
}
