package dev.slipway.generate.init;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Parses the YAML files init reads; a file that does not parse becomes a warning naming it. */
final class YamlFiles {

    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setAllowDuplicateKeys(true)
            .setLabel("manifest")
            .build();

    private YamlFiles() {
    }

    /** Every document of the file, or null (after adding a warning) when the file is not valid YAML. */
    static List<Object> documents(String file, String text, List<String> warnings) {
        List<Object> documents = new ArrayList<>();
        try {
            for (Object document : new Load(SETTINGS).loadAllFromString(text)) {
                if (document != null) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
            warnings.add("warning: " + file + where + " is not valid YAML (" + e.getProblem() + "); skipped");
        } catch (YamlEngineException e) {
            warnings.add("warning: " + file + " is not valid YAML (" + firstLine(e.getMessage()) + "); skipped");
        }
        return null;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
