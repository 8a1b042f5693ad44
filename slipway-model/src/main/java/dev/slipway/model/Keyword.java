package dev.slipway.model;

import java.util.Arrays;
import java.util.Optional;

/** An enum constant spelled in {@code slipway.yaml} by a lower-case keyword. */
public interface Keyword {

    String keyword();

    static <E extends Enum<E> & Keyword> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.keyword().equals(text)).findFirst();
    }
}
