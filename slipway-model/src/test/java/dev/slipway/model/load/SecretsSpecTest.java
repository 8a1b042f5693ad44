package dev.slipway.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import dev.slipway.model.SecretSource;
import dev.slipway.model.Service;
import org.junit.jupiter.api.Test;

/** secrets:, livenessPath: and the refusal of a literal under a secret-looking env name. */
class SecretsSpecTest {

    private static final String HEAD = """
            system: {name: s, registry: registry.example.com/s}
            environments: [{name: dev}]
            services:
            """;

    @Test
    void secretsAndLivenessPathAreRead() {
        LoadResult result = SpecLoader.load(HEAD + """
                  api:
                    path: api
                    language: go
                    port: 8080
                    livenessPath: /livez
                    env:
                      DATABASE_USER: api
                    secrets:
                      DATABASE_PASSWORD: {secretRef: {name: api-db, key: password}}
                      API_TOKEN: {secretRef: {name: api-tokens}}
                """, "slipway.yaml");
        assertThat(result.problems()).isEmpty();
        Service api = result.orThrow().service("api").orElseThrow();
        assertThat(api.livenessPath()).contains("/livez");
        assertThat(api.secrets()).containsExactly(
                java.util.Map.entry("DATABASE_PASSWORD", new SecretSource.SecretRef("api-db", "password")),
                java.util.Map.entry("API_TOKEN", new SecretSource.SecretRef("api-tokens", "API_TOKEN")));
    }

    @Test
    void aLiteralUnderASecretLookingNameIsRefusedWhereItIs() {
        LoadResult result = SpecLoader.load(HEAD + """
                  api:
                    path: api
                    language: go
                    env:
                      DATABASE_USER: api
                      DATABASE_PASSWORD: hunter2
                      STRIPE_KEY: sk_live_123
                      GITHUB_TOKEN: ghp_x
                      PASSWORD_FILE: ""
                """, "slipway.yaml");
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().stream().map(Problem::format).toList())
                .anySatisfy(p -> assertThat(p).startsWith("slipway.yaml:9:26:")
                        .contains("services.api.env.DATABASE_PASSWORD: env DATABASE_PASSWORD has a literal value, and its name says it is a secret")
                        .contains("secrets: {DATABASE_PASSWORD: {secretRef: {name: SECRET, key: KEY}}}"))
                .anySatisfy(p -> assertThat(p).contains("services.api.env.STRIPE_KEY"))
                .anySatisfy(p -> assertThat(p).contains("services.api.env.GITHUB_TOKEN"))
                .noneSatisfy(p -> assertThat(p).contains("DATABASE_USER"))
                .noneSatisfy(p -> assertThat(p).contains("PASSWORD_FILE"));
    }

    @Test
    void aSecretWithoutASecretNameIsASchemaError() {
        LoadResult result = SpecLoader.load(HEAD + """
                  api:
                    path: api
                    language: go
                    secrets:
                      API_TOKEN: {secretRef: {key: token}}
                """, "slipway.yaml");
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().stream().map(Problem::format).toList()).anySatisfy(p -> assertThat(p).contains("services.api.secrets.API_TOKEN"));
    }

    @Test
    void anExternalSecretNamesItsStoreAndTheKeyInTheSecretManager() {
        LoadResult result = SpecLoader.load(HEAD + """
                  api:
                    path: api
                    language: go
                    secrets:
                      STRIPE_KEY: {externalSecret: {store: vault, storeKind: ClusterSecretStore, key: shop/stripe, property: api-key}}
                      FEED_TOKEN: {externalSecret: {store: aws, key: feed}}
                """, "slipway.yaml");
        assertThat(result.problems()).isEmpty();
        assertThat(result.orThrow().service("api").orElseThrow().secrets()).containsExactly(
                java.util.Map.entry("STRIPE_KEY", new SecretSource.ExternalSecret("vault",
                        SecretSource.StoreKind.CLUSTER_SECRET_STORE, "shop/stripe", java.util.Optional.of("api-key"))),
                java.util.Map.entry("FEED_TOKEN", new SecretSource.ExternalSecret("aws",
                        SecretSource.StoreKind.SECRET_STORE, "feed", java.util.Optional.empty())));
    }

    @Test
    void anExternalSecretWithoutAKeyOrWithTwoSourcesIsASchemaError() {
        LoadResult result = SpecLoader.load(HEAD + """
                  api:
                    path: api
                    language: go
                    secrets:
                      STRIPE_KEY: {externalSecret: {store: vault}}
                      FEED_TOKEN: {externalSecret: {store: aws, key: feed}, secretRef: {name: feed}}
                      MAIL_TOKEN: {externalSecret: {store: aws, key: mail, storeKind: Vault}}
                """, "slipway.yaml");
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().stream().map(Problem::format).toList())
                .anySatisfy(p -> assertThat(p).contains("services.api.secrets.STRIPE_KEY"))
                .anySatisfy(p -> assertThat(p).contains("services.api.secrets.FEED_TOKEN"))
                .anySatisfy(p -> assertThat(p).contains("services.api.secrets.MAIL_TOKEN"));
    }

    @Test
    void aSealedSecretNamesItselfItsKeyAndItsFilePerEnvironment() {
        LoadResult result = SpecLoader.load(HEAD + """
                  api:
                    path: api
                    language: go
                    secrets:
                      SMTP_PASSWORD: {sealedSecret: {name: mailer, key: password, file: "deploy/sealed/{environment}/mailer.yaml"}}
                      SMTP_USER: {sealedSecret: {name: mailer, file: deploy/sealed/mailer.yaml}}
                """, "slipway.yaml");
        assertThat(result.problems()).isEmpty();
        var secrets = result.orThrow().service("api").orElseThrow().secrets();
        assertThat(secrets.get("SMTP_PASSWORD")).isEqualTo(new SecretSource.SealedSecret("mailer", "password",
                "deploy/sealed/{environment}/mailer.yaml"));
        assertThat(((SecretSource.SealedSecret) secrets.get("SMTP_PASSWORD")).fileFor("production"))
                .isEqualTo("deploy/sealed/production/mailer.yaml");
        assertThat(secrets.get("SMTP_USER")).isEqualTo(new SecretSource.SealedSecret("mailer", "SMTP_USER",
                "deploy/sealed/mailer.yaml"));
    }

    @Test
    void aSealedSecretFileOutsideTheRepositoryOrWithoutANameIsASchemaError() {
        LoadResult result = SpecLoader.load(HEAD + """
                  api:
                    path: api
                    language: go
                    secrets:
                      A_PASSWORD: {sealedSecret: {name: a, file: ../other/a.yaml}}
                      B_PASSWORD: {sealedSecret: {name: b, file: /etc/b.yaml}}
                      C_PASSWORD: {sealedSecret: {file: c.yaml}}
                """, "slipway.yaml");
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().stream().map(Problem::format).toList())
                .anySatisfy(p -> assertThat(p).contains("services.api.secrets.A_PASSWORD"))
                .anySatisfy(p -> assertThat(p).contains("services.api.secrets.B_PASSWORD"))
                .anySatisfy(p -> assertThat(p).contains("services.api.secrets.C_PASSWORD"));
    }
}
