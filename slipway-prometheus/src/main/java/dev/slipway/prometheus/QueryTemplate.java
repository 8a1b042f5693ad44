package dev.slipway.prometheus;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a PromQL template. {@code {{service}}}, {@code {{namespace}}}, {@code {{track}}} and {@code {{version}}}
 * become the label values escaped for a double-quoted PromQL string; {@code {{selector}}} the matchers of service,
 * namespace and track under the configured label names — and the version, when the query is about one version's
 * pods on the track (a rolling update) — (so {@code metric{{{selector}}}} and
 * {@code metric{{{selector}},code="500"}} both work); {@code {{window}}} a PromQL duration such as {@code 30s}.
 * An unknown placeholder is refused rather than sent for PromQL to trip over.
 */
final class QueryTemplate {

    static final Set<String> PLACEHOLDERS = Set.of("service", "namespace", "track", "version", "selector", "window");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    private QueryTemplate() {
    }

    /** The placeholders a template uses, in order of first use. */
    static Set<String> placeholders(String template) {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }

    /**
     * @throws IllegalArgumentException for an unknown placeholder, or {@code {{version}}} where no version is known
     */
    static String render(String template, LabelNames labels, QueryTarget target) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder query = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(query, Matcher.quoteReplacement(value(m.group(1), labels, target, template)));
        }
        m.appendTail(query);
        return query.toString();
    }

    private static String value(String placeholder, LabelNames labels, QueryTarget target, String template) {
        return switch (placeholder) {
            case "service" -> escape(target.service());
            case "namespace" -> escape(target.namespace());
            case "track" -> escape(target.track().keyword());
            case "version" -> escape(target.version().orElseThrow(() -> new IllegalArgumentException(
                    "{{version}} is only known to user-defined metrics; the built-in ones select the track: "
                            + template)));
            case "selector" -> labels.service() + "=\"" + escape(target.service()) + "\","
                    + labels.namespace() + "=\"" + escape(target.namespace()) + "\","
                    + labels.track() + "=\"" + escape(target.track().keyword()) + "\""
                    + (target.byVersion() ? "," + labels.version() + "=\"" + escape(target.version().orElseThrow())
                            + "\"" : "");
            case "window" -> duration(target.window());
            default -> throw new IllegalArgumentException("unknown placeholder {{" + placeholder + "}} in " + template
                    + "; known: {{service}}, {{namespace}}, {{track}}, {{version}}, {{selector}}, {{window}}");
        };
    }

    /** A value inside a double-quoted PromQL string: PromQL unescapes like Go, so these three must be escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A PromQL duration: whole seconds as {@code 90s}, otherwise milliseconds ({@code 1500ms}). */
    static String duration(Duration window) {
        long millis = window.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
