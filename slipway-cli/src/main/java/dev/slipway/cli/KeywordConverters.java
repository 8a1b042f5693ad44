package dev.slipway.cli;

import dev.slipway.generate.graph.GraphFormat;
import dev.slipway.model.Keyword;
import dev.slipway.store.auth.Role;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Option values spelled as the lower-case keywords of an enum, with the valid choices in the error. */
final class KeywordConverters {

    private KeywordConverters() {
    }

    static <E extends Enum<E> & Keyword> E convert(Class<E> type, String value) {
        return Keyword.parse(type, value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not one of: " + Arrays.stream(type.getEnumConstants())
                        .map(Keyword::keyword).collect(Collectors.joining(", "))));
    }

    static final class Roles implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return KeywordConverters.convert(Role.class, value);
        }
    }

    static final class GraphFormats implements CommandLine.ITypeConverter<GraphFormat> {
        @Override
        public GraphFormat convert(String value) {
            return KeywordConverters.convert(GraphFormat.class, value);
        }
    }
}
