package dev.slipway.model.load;

import dev.slipway.model.DocPath;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import dev.slipway.model.SystemSpec;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads a {@code slipway.yaml}: YAML with positions, then the JSON Schema, then the semantic rules. Every
 * mistake comes back as a located {@link Problem}; no user mistake throws.
 */
public final class SpecLoader {

    private SpecLoader() {
    }

    public static LoadResult load(Path file) {
        String label = file.getFileName() == null ? file.toString() : file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return failed(label, "the file is not UTF-8 text", "save it as UTF-8");
        } catch (java.nio.file.NoSuchFileException e) {
            return failed(label, "no such file", "create one with `slipway init`, or pass another with -f FILE");
        } catch (IOException e) {
            return failed(label, "cannot read the file: " + e.getMessage(), "check that it exists and is readable");
        }
        return load(text, label);
    }

    public static LoadResult load(String text, String label) {
        try {
            return loadText(text, label);
        } catch (StackOverflowError e) {
            // the YAML parser and the checks recurse per level of nesting: a document nested thousands deep (a
            // mistake, or an attack on the API) ends here instead of taking the caller down
            return failed(label, "the YAML is nested too deeply to read",
                    "a slipway.yaml nests a few levels deep; keep it to plain mappings and lists");
        }
    }

    private static LoadResult loadText(String text, String label) {
        YamlDocument document;
        try {
            document = YamlDocument.parse(text, label);
        } catch (YamlDocument.SyntaxException e) {
            return new LoadResult(Optional.empty(), e.problems(label));
        }
        if (!document.root().isObject()) {
            return new LoadResult(Optional.empty(), List.of(new Problem(Problem.Severity.ERROR, label, 1, 1,
                    DocPath.ROOT, "expected a mapping with `system:` and `services:`",
                    Optional.of("start from `slipway init` or the examples in examples/"))));
        }
        Findings findings = new Findings();
        for (SpecSchema.Finding finding : SpecSchema.get().check(document.root())) {
            if (finding.atKey()) {
                findings.errorAtKey(finding.path(), finding.message(), finding.hint());
            } else {
                findings.error(finding.path(), finding.message(), finding.hint());
            }
        }
        SystemSpec spec = new SpecReader(findings).read(document.root());
        new SpecRules(findings).check(spec);
        List<Problem> problems = new ArrayList<>(findings.locate(label, document));
        boolean ok = problems.stream().noneMatch(Problem::isError);
        return new LoadResult(ok ? Optional.of(spec) : Optional.empty(), problems);
    }

    private static LoadResult failed(String label, String message, String hint) {
        return new LoadResult(Optional.empty(),
                List.of(new Problem(Problem.Severity.ERROR, label, 0, 0, DocPath.ROOT, message, Optional.of(hint))));
    }
}
