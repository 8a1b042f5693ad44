package dev.slipway.model;

import java.util.List;

/** Values a service takes when it does not set its own. */
public record Defaults(int replicas, String healthPath, Resources resources, Strategy strategy, CanaryAnalysis analysis,
                       Verification verify, List<SmokeTest> smoke) {

    public Defaults {
        smoke = List.copyOf(smoke);
    }

    public Defaults(int replicas, String healthPath, Resources resources, Strategy strategy, CanaryAnalysis analysis) {
        this(replicas, healthPath, resources, strategy, analysis, Verification.builtIn(), List.of());
    }

    public static Defaults builtIn() {
        return new Defaults(2, "/healthz", Resources.builtIn(), Strategy.Rolling.builtIn(),
                CanaryAnalysis.builtIn());
    }
}
