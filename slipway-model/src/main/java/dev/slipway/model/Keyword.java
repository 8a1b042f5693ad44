package dev.slipway.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An enum constant spelled by a lower-case keyword: in {@code slipway.yaml}, or in a journal, a database row or a JSON
 * document. The spelling is written out once here ({@link #spelled(Enum)}) and read back once ({@link #parse},
 * {@link #required}), so enums that mean different things do not each carry a copy of the same code.
 */
public interface Keyword {

    /** The constant's name: every enum has it, so an enum implements this interface without writing a line. */
    String name();

    /** The keyword; by default {@link #spelled(Enum) the usual spelling} of the name, as {@code rolled-back}. */
    default String keyword() {
        return spelling(name());
    }

    static <E extends Enum<E> & Keyword> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.keyword().equals(text)).findFirst();
    }

    /**
     * The constant {@code text} spells, for a text Slipway wrote itself (a stored row, a journal line): one it does
     * not know is damaged data, not user input to recover from.
     *
     * @param what what the keyword names, for the message ({@code "deployment outcome"})
     * @throws IllegalArgumentException naming the text and the keywords expected
     */
    static <E extends Enum<E> & Keyword> E required(Class<E> type, String text, String what) {
        return parse(type, text).orElseThrow(() -> new IllegalArgumentException("unknown " + what + " \"" + text
                + "\"; expected " + alternatives(type)));
    }

    /** The keywords of {@code type} as a sentence says them: {@code a, b or c}. */
    private static <E extends Enum<E> & Keyword> String alternatives(Class<E> type) {
        List<String> keywords = Arrays.stream(type.getEnumConstants()).map(Keyword::keyword).toList();
        return keywords.size() == 1 ? keywords.getFirst()
                : String.join(", ", keywords.subList(0, keywords.size() - 1)) + " or " + keywords.getLast();
    }

    /** The usual spelling of a constant: its name in lower case, words joined by hyphens ({@code rolled-back}). */
    static String spelled(Enum<?> constant) {
        return spelling(constant.name());
    }

    private static String spelling(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
