package dev.slipway.server;

import dev.slipway.model.DocPath;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * How much a posted spec asks the loader to do, counted before it is loaded: the YAML's nodes (keys, values,
 * mappings, sequences), by the parser alone, which is several times cheaper than loading. A spec of a thousand
 * services has some ten thousand; a 1 MiB mapping of invented keys has two hundred thousand, and loading it
 * (schema, "did you mean" hints, one problem per key) took seconds of CPU. Past the limit the spec is refused with
 * one problem instead.
 */
final class SpecSize {

    /**
     * Nodes a spec may have: a thousand services of a dozen keys and values each (the load benchmark's synthetic
     * system), or some 650 services as richly described as the example shop's; and at most ~100 ms of loading.
     */
    static final int NODES_AT_MOST = 20_000;

    private SpecSize() {
    }

    /** The refusal of a spec over the limit; empty when it may be loaded (a syntax error is the loader's to report). */
    static Optional<LoadResult> refuse(String text, String file) {
        int nodes = 0;
        try {
            for (Event event : new Parse(LoadSettings.builder().build()).parseString(text)) {
                switch (event.getEventId()) {
                    case Scalar, MappingStart, SequenceStart, Alias -> nodes++;
                    default -> {
                    }
                }
                if (nodes > NODES_AT_MOST) {
                    int line = event.getStartMark().map(m -> m.getLine() + 1).orElse(1);
                    int column = event.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
                    return Optional.of(new LoadResult(Optional.empty(), List.of(new Problem(Problem.Severity.ERROR,
                            file, line, column, DocPath.ROOT, "the spec has more than " + NODES_AT_MOST
                            + " keys, values and collections; the server checks specs up to that size",
                            Optional.of("a thousand services fit; look for generated or repeated content, or run "
                                    + "`slipway validate` locally, which has no such limit")))));
                }
            }
        } catch (YamlEngineException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
