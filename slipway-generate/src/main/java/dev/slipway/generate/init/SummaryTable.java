package dev.slipway.generate.init;

import dev.slipway.model.Dependency;
import dev.slipway.model.Keyword;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The table {@code slipway init} prints: one row per service with its language, port and dependencies. */
public final class SummaryTable {

    private static final List<String> HEADER = List.of("SERVICE", "LANGUAGE", "PORT", "DEPENDS ON");

    private SummaryTable() {
    }

    /** Plain text, columns aligned with two spaces between them, no trailing spaces, one line per row. */
    public static String render(ImportResult result) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ImportedService service : result.services()) {
            rows.add(List.of(service.name(), language(service), service.port().map(String::valueOf).orElse("-"),
                    dependsOn(service)));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }

    /** {@code java (maven)}, {@code go} (the tool is named only when it says more), or {@code image redis:7.2}. */
    private static String language(ImportedService service) {
        if (service.image().isPresent()) {
            return "image " + service.image().get();
        }
        String language = service.language().map(Keyword::keyword).orElse("?");
        String tool = service.buildTool().map(Keyword::keyword).orElse(language);
        return tool.equals(language) ? language : language + " (" + tool + ")";
    }

    private static String dependsOn(ImportedService service) {
        return service.dependsOn().isEmpty() ? "-"
                : service.dependsOn().stream().map(Dependency::service).collect(Collectors.joining(", "));
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
