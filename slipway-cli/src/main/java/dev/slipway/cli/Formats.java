package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --format text|json} option of the release commands; another value is bad usage (exit 2). */
final class Formats {

    enum Format { TEXT, JSON }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = TextOrJson.class,
            description = "text or json (default: text).")
    Format format;

    boolean json() {
        return format == Format.JSON;
    }

    static final class TextOrJson implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not one of: text, json");
            };
        }
    }
}
