package dev.slipway.generate.ci;

import java.util.List;

/** Comments in generated YAML, which the YAML writer cannot emit: inserted by line, where they explain why. */
final class YamlComments {

    private YamlComments() {
    }

    /** Inserts comment lines (with the given indent) before the first line that equals {@code line}. */
    static String before(String yaml, String line, List<String> comment, String indent) {
        String marker = "\n" + line + "\n";
        int at = yaml.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("no line '" + line + "' to comment on");
        }
        StringBuilder block = new StringBuilder();
        comment.forEach(c -> block.append(indent).append("# ").append(c).append('\n'));
        return yaml.substring(0, at + 1) + block + yaml.substring(at + 1);
    }
}
