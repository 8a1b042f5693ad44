package dev.slipway.generate;

/** One file Slipway writes: its path relative to the output directory (always with '/') and its text. */
public record GeneratedFile(String path, String content) {

    public GeneratedFile {
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("generated path must be relative and normalised: " + path);
        }
        if (!content.endsWith("\n")) {
            content = content + "\n";
        }
    }
}
