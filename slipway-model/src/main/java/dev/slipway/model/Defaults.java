package dev.slipway.model;

/** Values a service takes when it does not set its own. */
public record Defaults(int replicas, String healthPath, Resources resources, Strategy strategy, CanaryAnalysis analysis) {

    public static Defaults builtIn() {
        return new Defaults(2, "/healthz", Resources.builtIn(), Strategy.Rolling.builtIn(),
                CanaryAnalysis.builtIn());
    }
}
