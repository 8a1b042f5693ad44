package dev.slipway.model.load;

import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The common start of reading one of Slipway's small YAML inputs (a release file, a faults file): compose the
 * node tree with positions, turning syntax errors into located {@link Problem}s, and collect further problems
 * at the nodes' marks. What the document means is the caller's.
 */
public final class SmallYamlFile {

    private final String label;
    private final List<Problem> problems = new ArrayList<>();

    public SmallYamlFile(String label) {
        this.label = label;
    }

    /**
     * The root node, or empty for an empty document or one that does not parse (then a problem says why;
     * {@code shapeHint} tells what the file should look like).
     */
    public Optional<Node> compose(String text, String shapeHint) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setMaxAliasesForCollections(10)
                .setCodePointLimit(1024 * 1024).build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            error(mark, DocPath.ROOT, "YAML syntax error: " + e.getProblem(),
                    "check the indentation and the quoting around this position");
        } catch (YamlEngineException e) {
            error(Optional.empty(), DocPath.ROOT, "YAML cannot be read: " + e.getMessage(), shapeHint);
        }
        return Optional.empty();
    }

    /** Records an error at {@code mark} (1-based line and column; 0 when unknown). */
    public void error(Optional<Mark> mark, DocPath path, String message, String hint) {
        int line = mark.map(m -> m.getLine() + 1).orElse(0);
        int column = mark.map(m -> m.getColumn() + 1).orElse(0);
        problems.add(new Problem(Problem.Severity.ERROR, label, line, column, path, message, Optional.ofNullable(hint)));
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
