package dev.slipway.cli;

import picocli.CommandLine;

/** The {@code --format text|json} of the release commands; another value is bad usage (exit 2). */
final class Formats {

    private Formats() {
    }

    enum Format { TEXT, JSON }

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
