package dev.slipway.notify;

/** Text cut to a limit (Slack's block limits, a quoted answer in a warning). */
final class Text {

    private Text() {
    }

    /** {@code text} if it has at most {@code max} characters, otherwise its start and "…", {@code max} in all. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        // never half an emoji: a cut between a surrogate pair would be an invalid character
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
