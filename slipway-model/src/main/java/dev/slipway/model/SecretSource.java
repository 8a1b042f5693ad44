package dev.slipway.model;

/**
 * Where a service's secret environment variable comes from: never a literal in slipway.yaml. The generated
 * manifests reference it with {@code valueFrom.secretKeyRef}. Sealed so that more sources (an External
 * Secrets Operator store, a Sealed Secret file) are added where every use must handle them.
 */
public sealed interface SecretSource {

    /** A key of a Secret that already exists in the workload's namespace. */
    record SecretRef(String name, String key) implements SecretSource {
    }

}
