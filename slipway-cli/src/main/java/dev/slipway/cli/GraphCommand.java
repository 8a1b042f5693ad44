package dev.slipway.cli;

import dev.slipway.generate.graph.GraphFormat;
import dev.slipway.generate.graph.GraphRenderer;
import dev.slipway.model.SystemSpec;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Show the dependency graph of the system.",
            "",
            "Edges point from a service to what it depends on. text lists the services in deployment order "
                + "with their depth. json is a stable contract: {\"services\":[{\"name\",\"language\",\"port\",\"image\"}], "
                + "\"edges\":[{\"from\":<dependent>,\"to\":<dependency>,\"range\"}]}. dot renders with Graphviz "
                + "(`slipway graph --format dot | dot -Tsvg > graph.svg`); mermaid pastes into Markdown."})
final class GraphCommand implements Callable<Integer> {

    @Mixin
    SpecOption specOption;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = KeywordConverters.GraphFormats.class,
            description = "text, json, dot or mermaid (default: ${DEFAULT-VALUE}).")
    GraphFormat format;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Optional<SystemSpec> spec = specOption.load(command.commandLine().getErr());
        if (spec.isEmpty()) {
            return 1;
        }
        command.commandLine().getOut().print(GraphRenderer.render(spec.get(), format));
        command.commandLine().getOut().flush();
        return 0;
    }
}
