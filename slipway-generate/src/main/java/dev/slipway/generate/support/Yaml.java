package dev.slipway.generate.support;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * Writes generated YAML the way people write it by hand: block style, two-space indent, lists indented under
 * their key, multi-line strings as literal blocks, no line folding. Key order is the maps' order, so use
 * {@link java.util.LinkedHashMap} (or {@link #map}) for byte-identical output.
 */
public final class Yaml {

    private static final DumpSettings SETTINGS = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setDefaultScalarStyle(ScalarStyle.PLAIN)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setWidth(Integer.MAX_VALUE)
            .setSplitLines(false)
            .setMultiLineFlow(false)
            .build();

    private Yaml() {
    }

    /** One document. */
    public static String write(Object document) {
        return new Dump(SETTINGS).dumpToString(document);
    }

    /** Several documents separated by {@code ---}, as in a multi-document manifest file. */
    public static String writeAll(List<?> documents) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            out.append(write(documents.get(i)));
        }
        return out.toString();
    }

    /** An insertion-ordered map from alternating keys and values; null values are left out. */
    public static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
