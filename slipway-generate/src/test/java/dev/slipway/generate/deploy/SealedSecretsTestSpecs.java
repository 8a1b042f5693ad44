package dev.slipway.generate.deploy;

/** The SealedSecret tests' system (the shop's orders reads two keys of one SealedSecret per environment) and files. */
public final class SealedSecretsTestSpecs {

    public static final String SPEC = DeployTestSpecs.SHOP.replace("    env: {LOG_LEVEL: debug}\n", """
                env: {LOG_LEVEL: debug}
                secrets:
                  SMTP_PASSWORD: {sealedSecret: {name: mailer, key: password, file: "deploy/sealed/{environment}/mailer.yaml"}}
                  SMTP_USER: {sealedSecret: {name: mailer, key: user, file: "deploy/sealed/{environment}/mailer.yaml"}}
            """).replace("    strategy: {type: blue-green, scaleDownDelay: 5m}\n",
            "    strategy: {type: canary, steps: [10, 100]}\n");

    /** A SealedSecret as `kubeseal --format yaml` writes it (creationTimestamp: null included). */
    public static String sealed(String name, String namespace, String annotations) {
        return """
                ---
                apiVersion: bitnami.com/v1alpha1
                kind: SealedSecret
                metadata:
                  creationTimestamp: null
                  name: %s
                  namespace: %s%s
                spec:
                  encryptedData:
                    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEqAx6BuHFp0bcQ2kQ8v2Y5KQ==
                    user: AgCtr7QmHhkWnVv3Pj0rT9pN1sZ9n9Kx3u4Qm1pL6o5dW8cQ==
                  template:
                    metadata:
                      creationTimestamp: null
                      name: %s
                      namespace: %s
                """.formatted(name, namespace, annotations, name, namespace);
    }

    private SealedSecretsTestSpecs() {
    }
}
