package dev.slipway.model;

/**
 * Where a service's secret environment variable comes from: never a literal in slipway.yaml. The generated
 * manifests reference it with {@code valueFrom.secretKeyRef}: a Secret that exists, one that External Secrets
 * Operator creates from an {@code ExternalSecret} the manifests carry, or one the Sealed Secrets controller unseals
 * from a {@code SealedSecret} file of the repository. Sealed so that every use handles each source.
 */
public sealed interface SecretSource {

    /** A key of a Secret that already exists in the workload's namespace. */
    record SecretRef(String name, String key) implements SecretSource {
    }

    /**
     * A value in an external secret manager (Vault, AWS Secrets Manager, GCP Secret Manager, ...), read through
     * an External Secrets Operator store: the manifests carry an {@code ExternalSecret} that makes the Secret.
     *
     * @param store    the name of the SecretStore (in the workload's namespace) or ClusterSecretStore
     * @param kind     which of the two the store is
     * @param key      the secret's key in the external manager
     * @param property the property of that secret's value, when the value is a map (a JSON object)
     */
    record ExternalSecret(String store, StoreKind kind, String key, java.util.Optional<String> property)
            implements SecretSource {
    }

    /**
     * A SealedSecret (Bitnami Sealed Secrets, {@code kubeseal} output) kept in the repository, which the manifests
     * carry; its controller unseals it into the Secret of the same name.
     *
     * @param name the SealedSecret's name, which is the Secret's
     * @param key  the key in its {@code encryptedData}
     * @param file its path in the repository; {@value #ENVIRONMENT} stands for each environment's name, since a
     *             SealedSecret is sealed for one namespace unless it is cluster-wide
     */
    record SealedSecret(String name, String key, String file) implements SecretSource {

        public static final String ENVIRONMENT = "{environment}";

        /** The file of this environment. */
        public String fileFor(String environment) {
            return file.replace(ENVIRONMENT, environment);
        }
    }

    /** External Secrets Operator's two kinds of store. */
    enum StoreKind {
        SECRET_STORE("SecretStore"), CLUSTER_SECRET_STORE("ClusterSecretStore");

        private final String kind;

        StoreKind(String kind) {
            this.kind = kind;
        }

        /** The Kubernetes kind, as slipway.yaml and the manifests write it. */
        public String kind() {
            return kind;
        }

        public static StoreKind of(String kind) {
            return kind.equals(CLUSTER_SECRET_STORE.kind) ? CLUSTER_SECRET_STORE : SECRET_STORE;
        }
    }

    /** Names that hold credentials by convention: their value belongs in a Secret, not in slipway.yaml. */
    java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile("(?i).*(PASSWORD|PASSWD|TOKEN|SECRET).*|.*_KEY");

    /** True for an environment variable whose name says it holds a credential. */
    static boolean secretName(String envName) {
        return SECRET_NAME.matcher(envName).matches();
    }

}
