package dev.slipway.generate.ci;

/** Writes a declarative Jenkinsfile line by line with four-space blocks; strings are always single-quoted. */
final class GroovyWriter {

    private final StringBuilder out = new StringBuilder();
    private int depth;

    GroovyWriter line(String text) {
        out.append("    ".repeat(depth)).append(text).append('\n');
        return this;
    }

    GroovyWriter open(String head) {
        line(head + " {");
        depth++;
        return this;
    }

    GroovyWriter close() {
        depth--;
        return line("}");
    }

    /** Closes a block and opens the next on the same line: {@code } catch (...) {}. */
    GroovyWriter closeAndOpen(String head) {
        depth--;
        line("} " + head + " {");
        depth++;
        return this;
    }

    /** {@code sh '''...'''}: a shell script, literal (no Groovy interpolation, so secrets stay in the shell). */
    GroovyWriter sh(String script) {
        line("sh '''");
        depth++;
        script.lines().forEach(l -> line(l.replace("\\", "\\\\")));
        depth--;
        return line("'''");
    }

    /** A Groovy single-quoted string literal: nothing in it is interpolated. */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
