package dev.slipway.model.load;

import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Problems found in a document, collected with their paths; positions are attached when the document is known. */
final class Findings {

    record Entry(Problem.Severity severity, DocPath path, boolean atKey, String message, String hint) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void error(DocPath path, String message, String hint) {
        entries.add(new Entry(Problem.Severity.ERROR, path, false, message, hint));
    }

    /** An error best shown at the key of {@code path} rather than at its value. */
    void errorAtKey(DocPath path, String message, String hint) {
        entries.add(new Entry(Problem.Severity.ERROR, path, true, message, hint));
    }

    void warning(DocPath path, String message, String hint) {
        entries.add(new Entry(Problem.Severity.WARNING, path, false, message, hint));
    }

    /** True when an error was already reported at {@code path}, so a rule need not report its consequence. */
    boolean hasErrorAt(DocPath path) {
        return entries.stream().anyMatch(e -> e.severity() == Problem.Severity.ERROR && e.path().equals(path));
    }

    boolean hasErrors() {
        return entries.stream().anyMatch(e -> e.severity() == Problem.Severity.ERROR);
    }

    List<Problem> locate(String file, YamlDocument document) {
        return entries.stream().map(e -> {
            YamlDocument.Position at = e.atKey() ? document.keyPosition(e.path()) : document.valuePosition(e.path());
            return new Problem(e.severity(), file, at.line(), at.column(), e.path(), e.message(),
                    Optional.ofNullable(e.hint()));
        }).distinct().toList();
    }
}
