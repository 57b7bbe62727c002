package dev.cip.context;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The closest known name to a mistyped one, for "did you mean …?" hints. */
public final class DidYouMean {
    private DidYouMean() {
    }

    /**
     * The name of {@code known} closest to {@code given} (case ignored), when it is close enough to be a typo: at most
     * a third of the length of {@code given} in edits, at least one. Empty for an exact match.
     */
    public static Optional<String> closest(String given, Collection<String> known) {
        return closest(given, known, Math.max(1, given.length() / 3));
    }

    /** As {@link #closest(String, Collection)}, at most {@code maxEdits} edits away. */
    public static Optional<String> closest(String given, Collection<String> known, int maxEdits) {
        String g = given.toLowerCase(Locale.ROOT);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(g, k.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        return closest != null && best > 0 && best <= maxEdits ? Optional.of(closest)
                : Optional.empty();
    }

    /** Edit distance with transpositions (optimal string alignment). */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
