package dev.slipway.cli;

import dev.slipway.model.SystemSpec;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a slipway.yaml against its schema and rules.",
            "",
            "Checks the schema (unknown keys, types, values) and the rules: unknown dependencies, dependency "
                + "cycles, version ranges, duplicate names, promotion chains, canary steps, ports, mutable image "
                + "tags. Every problem is printed, all at once, as FILE:LINE:COLUMN: path.to.key: message (hint: ...). "
                + "Exit code 1 when there are errors; warnings alone exit 0."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    SpecOption specOption;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Optional<SystemSpec> spec = specOption.load(command.commandLine().getErr());
        if (spec.isEmpty()) {
            return 1;
        }
        SystemSpec s = spec.get();
        command.commandLine().getOut().printf("%s: valid — system %s, %d services, %d environments (%s)%n",
                specOption.file, s.system().name(), s.services().size(), s.environments().size(),
                String.join(" → ", s.environments().stream().map(e -> e.name()).toList()));
        return 0;
    }
}
