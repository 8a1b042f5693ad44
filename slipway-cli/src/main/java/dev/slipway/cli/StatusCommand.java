package dev.slipway.cli;

import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.World;

import dev.slipway.model.UserError;
import dev.slipway.model.SystemSpec;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.InventoryJson;
import dev.slipway.release.TrackState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what runs where: per service its version, image digest, tracks with their traffic "
                + "weights, and health; then the environment's last release.",
            "",
            "json: {\"environment\",\"services\":[{\"name\",\"version\",\"digest\",\"tracks\":[{\"track\",\"version\","
                + "\"weight\"}],\"healthy\"}],\"lastRelease\":{\"release\",\"state\"}|null}.",
            "Reads the sandbox in the data directory (an environment never deployed shows no services), or, for an "
                + "environment that names a kubeContext, the Deployments Slipway manages in its namespace."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ReleaseSpecOption specOption;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "The environment.")
    String environment;

    @Mixin
    Formats output;

    @Mixin
    KubernetesOption kube;

    @Mixin
    StoreOption database;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Optional<SystemSpec> spec = specOption.load(err);
        if (spec.isEmpty()) {
            return 1;
        }
        if (spec.get().environment(environment).isEmpty()) {
            throw new UserError("environment \"" + environment + "\" is not in " + specOption.file,
                    "environments: " + String.join(", ", spec.get().environments().stream().map(e -> e.name()).toList()));
        }
        record Seen(Inventory inventory, List<ReleaseRecord> releases) {
        }
        Seen seen = database.withRecords(records -> new Seen(World.inventory(records.store(), records.dataDir(),
                spec.get(), environment, kube.access()), records.of(environment)));
        Inventory inventory = seen.inventory();
        List<ReleaseRecord> releases = seen.releases();
        Optional<ReleaseRecord> last = releases.isEmpty() ? Optional.empty() : Optional.of(releases.getLast());
        out.print(output.json() ? json(inventory, last) : text(inventory, last));
        out.flush();
        return 0;
    }

    private static String text(Inventory inventory, Optional<ReleaseRecord> last) {
        StringBuilder out = new StringBuilder();
        if (inventory.services().isEmpty()) {
            out.append("Nothing runs in ").append(inventory.environment()).append(" yet.\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SERVICE", "VERSION", "DIGEST", "TRACKS", "HEALTH"});
            for (Deployed d : inventory.services().values()) {
                rows.add(new String[] {d.service(), d.version(), d.digest().map(StatusCommand::shortDigest).orElse("-"),
                        tracks(d), d.healthy() ? "healthy" : "unhealthy"});
            }
            out.append(inventory.environment()).append(":\n").append(Summary.table(rows));
        }
        last.ifPresent(r -> out.append("\nLast release: ").append(r.id()).append(" ").append(r.state())
                .append(r.rolledBackBy() != null ? " (rolled back by " + r.rolledBackBy() + ")" : "").append('\n'));
        return out.toString();
    }

    /** stable 1.0.0 100%; canary 2.0.0 10%. */
    private static String tracks(Deployed d) {
        List<String> parts = new ArrayList<>();
        for (TrackState t : d.tracks()) {
            parts.add(t.track().keyword() + " " + t.version() + " " + t.weight() + "%");
        }
        return String.join(", ", parts);
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = digest.substring(colon + 1);
        return digest.substring(0, colon + 1) + hex.substring(0, Math.min(12, hex.length()));
    }

    private static String json(Inventory inventory, Optional<ReleaseRecord> last) {
        return InventoryJson.render(inventory, last.map(r -> new InventoryJson.LastRelease(r.id(), r.state())));
    }
}
