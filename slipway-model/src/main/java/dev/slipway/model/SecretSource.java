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

    /** Names that hold credentials by convention: their value belongs in a Secret, not in slipway.yaml. */
    java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile("(?i).*(PASSWORD|PASSWD|TOKEN|SECRET).*|.*_KEY");

    /** True for an environment variable whose name says it holds a credential. */
    static boolean secretName(String envName) {
        return SECRET_NAME.matcher(envName).matches();
    }

}
