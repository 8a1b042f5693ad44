package dev.slipway.cli;

import dev.slipway.model.load.SpecSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema of slipway.yaml.",
            "",
            "Point your editor's YAML language server at it for completion and checks: "
                + "`slipway schema > slipway.schema.json`, then a first line "
                + "`# yaml-language-server: $schema=slipway.schema.json` in slipway.yaml."})
final class SchemaCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().getOut().print(SpecSchema.text());
        command.commandLine().getOut().flush();
    }
}
