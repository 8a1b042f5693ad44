package dev.slipway.model.load;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for misspelt keys and names. Bounded, because a spec may be hostile: a 1 MiB mapping of
 * ~95,000 unknown keys once spent seconds of CPU here. A misspelling is short and close to a short list of
 * candidates, so nothing is suggested for a long word or against a long list, a candidate whose length differs by
 * more than the allowed edits is not compared, and each comparison gives up once it cannot be close enough.
 */
public final class Suggest {

    /** Longer than any key or name a person misspells; beyond it, nothing is suggested. */
    static final int LONGEST_TYPO = 64;
    /** More candidates than any mapping of the spec's schema has keys; beyond it, nothing is suggested. */
    static final int MOST_CANDIDATES = 256;

    private Suggest() {
    }

    /** The candidate closest to {@code typo}, if it is close enough to be a likely misspelling. */
    public static Optional<String> closest(String typo, Collection<String> candidates) {
        if (typo.length() > LONGEST_TYPO || candidates.size() > MOST_CANDIDATES) {
            return Optional.empty();
        }
        int limit = Math.max(1, Math.min(3, typo.length() / 3));
        String word = typo.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - word.length()) > limit || candidate.length() > LONGEST_TYPO) {
                continue;
            }
            int d = distance(word, candidate.toLowerCase(Locale.ROOT), limit);
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    static int distance(String a, String b) {
        return distance(a, b, Integer.MAX_VALUE - 1);
    }

    /** Levenshtein distance of {@code a} and {@code b}, or {@code limit + 1} once it is certain to exceed {@code limit}. */
    static int distance(String a, String b, int limit) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowBest = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowBest = Math.min(rowBest, current[j]);
            }
            if (rowBest > limit) {
                return limit + 1; // every later row is at least this far
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
