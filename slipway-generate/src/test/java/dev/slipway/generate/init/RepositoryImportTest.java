package dev.slipway.generate.init;

import static dev.slipway.generate.init.Fixture.deployment;
import static dev.slipway.generate.init.Fixture.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.BuildTool;
import dev.slipway.model.Dependency;
import dev.slipway.model.Language;
import dev.slipway.model.LoadResult;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway init} on small repositories written into a temporary directory. */
class RepositoryImportTest {

    @TempDir
    Path dir;

    @Test
    void aServiceWithNestedSourceAndTestProjectsIsOneService() {
        ImportResult result = new Fixture(dir)
                .file("services/payments/src/Payments/Payments.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"/>")
                .file("services/payments/tests/Payments.Tests/Payments.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"/>")
                .file("services/catalog/pom.xml", SPRING_BOOT_POM)
                .file("services/catalog/src/main/java/Catalog.java", "class Catalog {}")
                .file("services/catalog/src/test/resources/fixture/package.json", "{}")
                .file("services/web/package.json", NODE_SERVER)
                .file("services/web/node_modules/left-pad/package.json", "{}")
                .file("services/web/e2e/package.json", "{}")
                .file("services/api/Dockerfile", "FROM golang:1.22\nEXPOSE 9000\n")
                .file("services/api/go.mod", "module api\n")
                .file("services/api/tools/migrate/go.mod", "module migrate\n")
                .file("tests/load/package.json", "{}")
                .file("package.json", "{\"private\": true, \"workspaces\": [\"services/*\"]}")
                .scan();

        assertThat(result.services()).extracting(ImportedService::name)
                .containsExactly("api", "catalog", "payments", "web");
        ImportedService payments = result.service("payments").orElseThrow();
        assertThat(payments.path()).contains("services/payments");
        assertThat(payments.language()).contains(Language.DOTNET);
        assertThat(payments.buildTool()).contains(BuildTool.DOTNET);
        assertThat(result.service("api").orElseThrow().port()).contains(9000);
        assertThat(Fixture.besidesTheRemote(result)).isEmpty();
    }

    private static final String SPRING_BOOT_POM = "<project><build><plugins><plugin>"
            + "<artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>";
    private static final String NODE_SERVER = "{\"scripts\": {\"start\": \"node index.js\"}}";

    @Test
    void librariesThatNothingRunsAreLeftOutButAManifestKeepsOne() {
        ImportResult result = new Fixture(dir)
                .file("orders/pom.xml", SPRING_BOOT_POM)
                .file("common/pom.xml", "<project><artifactId>common</artifactId></project>")
                .file("packages/ui-kit/package.json", "{\"name\": \"ui-kit\", \"main\": \"index.js\"}")
                .file("legacy/pom.xml", "<project><artifactId>legacy</artifactId></project>")
                .file("k8s/legacy.yaml", deployment("legacy", "ghcr.io/acme/legacy:1.0.0", 8080))
                .scan();

        assertThat(result.services()).extracting(ImportedService::name).containsExactly("legacy", "orders");
        assertThat(result.leftOut()).containsExactly(
                "common: a JVM library (no runnable packaging, no Dockerfile), and no manifest or compose file runs it",
                "packages/ui-kit: a node package without a start script or server (no Dockerfile), and no manifest or "
                        + "compose file runs it");
    }

    @Test
    void aTeamsOwnDatabaseImageIsStatefulByItsNameOrPortAndAGoDsnIsAnEdge() {
        ImportResult result = new Fixture(dir)
                .file("k8s/catalogue.yaml", deployment("catalogue", "weaveworksdemos/catalogue:0.3.5", 80)
                        + "          args: [\"-port=80\", \"-DSN=u:p@tcp(catalogue-db:3306)/socksdb\"]\n")
                .file("k8s/db.yaml", deployment("catalogue-db", "weaveworksdemos/catalogue-db:0.3.0", 3306))
                .file("k8s/store.yaml", deployment("store", "acme/store:1.0.0", 6379))
                .scan();

        assertThat(result.services()).extracting(s -> s.name() + " " + s.stateful())
                .containsExactly("catalogue false", "catalogue-db true", "store true");
        assertThat(result.service("catalogue").orElseThrow().dependsOn()).extracting(Dependency::service)
                .containsExactly("catalogue-db");
    }

    @Test
    void kubernetesExpandsDollarParenthesesFromTheContainersOwnEnv() {
        ImportResult result = new Fixture(dir)
                .file("k8s/web.yaml", deployment("web", "acme/web:1.0.0", 80, "API_HOST", "api", "API_URL",
                        "http://$(API_HOST):8080"))
                .file("k8s/api.yaml", deployment("api", "acme/api:1.0.0", 8080))
                .scan();

        assertThat(result.service("web").orElseThrow().env()).containsEntry("API_URL", "http://api:8080");
        assertThat(result.service("web").orElseThrow().dependsOn()).extracting(Dependency::service).containsExactly("api");
    }

    @Test
    void servicesUnderATopLevelSrcDirectoryKeepTheirOwnNames() {
        // the layout of many demo monorepos: src/<service>/, one with its own src/ and tests/ projects
        ImportResult result = new Fixture(dir)
                .file("src/frontend/go.mod", "module frontend\n")
                .file("src/frontend/Dockerfile", "FROM golang:1.23\nEXPOSE 8080\n")
                .file("src/cartservice/src/cartservice.csproj", "<Project/>")
                .file("src/cartservice/src/Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:8.0\nEXPOSE 7070\n")
                .file("src/cartservice/tests/cartservice.tests.csproj", "<Project/>")
                .file("src/loadgenerator/requirements.txt", "locust==2.31.8\n")
                .file("src/loadgenerator/Dockerfile", "FROM python:3.12-slim\n")
                .scan();

        assertThat(result.services()).extracting(s -> s.name() + "=" + s.path().orElseThrow() + " "
                        + s.language().orElseThrow().keyword() + " " + s.port().map(String::valueOf).orElse("-"))
                .containsExactly("cartservice=src/cartservice dotnet 7070", "frontend=src/frontend go 8080",
                        "loadgenerator=src/loadgenerator python -");
    }

    @Test
    void thePortTheManifestsListenOnWinsOverTheDockerfileWithAWarning() {
        ImportResult result = new Fixture(dir)
                .file("api/go.mod", "module api\n")
                .file("api/Dockerfile", "FROM golang:1.22\nEXPOSE $PORT\nEXPOSE 8080/tcp 9090\n")
                .file("k8s/api.yaml", deployment("api", "ghcr.io/acme/api:1.0.0", 8081))
                .scan();

        assertThat(result.service("api").orElseThrow().port()).contains(8081);
        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: the Dockerfile of api exposes port 8080 but "
                + "the manifests and callers use 8081; using 8081");
    }

    @Test
    void theRepositoryRootIsTheServiceOfASingleServiceRepository() {
        ImportResult result = new Fixture(dir.resolve("Billing_API"))
                .file("pom.xml", "<project/>")
                .file("src/test/resources/tool/package.json", "{}")
                .scan();

        assertThat(result.systemName()).isEqualTo("billing-api");
        assertThat(result.services()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("billing-api");
            assertThat(s.path()).contains(".");
            assertThat(s.buildTool()).contains(BuildTool.MAVEN);
        });
    }

    @Test
    void buildFilesAndLockFilesDecideLanguageAndBuildTool() {
        ImportResult result = new Fixture(dir)
                .file("a-yarn/package.json", NODE_SERVER).file("a-yarn/yarn.lock", "")
                .file("b-pnpm/package.json", NODE_SERVER).file("b-pnpm/pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
                .file("c-npm/package.json", NODE_SERVER)
                .file("d-declared/package.json", "{\"packageManager\": \"pnpm@9.12.1\", \"scripts\": {\"start\": \"node .\"}}")
                .file("e-poetry/pyproject.toml", "[tool.poetry]\nname = \"e\"\n")
                .file("f-pip/pyproject.toml", "[project]\nname = \"f\"\n")
                .file("g-req/requirements.txt", "flask==3.0.3\n")
                .file("h-pipenv/Pipfile", "[packages]\n")
                .file("h-uv/pyproject.toml", "[project]\nname = \"h\"\n").file("h-uv/uv.lock", "version = 1\n")
                .file("i-gradle/build.gradle.kts", "plugins { java; application }\n")
                .file("j-cargo/Cargo.toml", "[package]\nname = \"j\"\n")
                .file("k-ruby/Gemfile", "source 'https://rubygems.org'\n")
                .file("l-go/go.mod", "module l\n")
                .file("ws/yarn.lock", "").file("ws/package.json", "{\"workspaces\": [\"m-web\"]}")
                .file("ws/m-web/package.json", NODE_SERVER)
                .file("n-setup/setup.py", "from setuptools import setup\nsetup(name='n')\n")
                .scan();

        Map<String, String> builds = new java.util.LinkedHashMap<>();
        result.services().forEach(s -> builds.put(s.name(),
                s.language().orElseThrow().keyword() + "/" + s.buildTool().orElseThrow().keyword()));
        assertThat(builds).containsExactly(
                Map.entry("a-yarn", "node/yarn"), Map.entry("b-pnpm", "node/pnpm"), Map.entry("c-npm", "node/npm"),
                Map.entry("d-declared", "node/pnpm"), Map.entry("e-poetry", "python/poetry"),
                Map.entry("f-pip", "python/pip"), Map.entry("g-req", "python/pip"),
                Map.entry("h-pipenv", "python/pipenv"), Map.entry("h-uv", "python/uv"), Map.entry("i-gradle", "java/gradle"),
                Map.entry("j-cargo", "rust/cargo"), Map.entry("k-ruby", "ruby/bundler"), Map.entry("l-go", "go/go"),
                Map.entry("n-setup", "python/pip"), Map.entry("m-web", "node/yarn"));
    }

    @Test
    void aDockerfileWithoutBuildFileGuessesTheLanguageFromItsBaseImage() {
        ImportResult result = new Fixture(dir)
                .file("gateway/Dockerfile", "FROM golang:1.22 AS build\nRUN go build\nFROM scratch\nEXPOSE 8443/tcp\n")
                .file("static/Dockerfile", "FROM nginx:1.27.1\n")
                .scan();

        assertThat(result.services()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("gateway");
            assertThat(s.language()).contains(Language.GO);
            assertThat(s.port()).contains(8443);
        });
        assertThat(Fixture.besidesTheRemote(result)).containsExactly(
                "warning: gateway has no build file; its language go is guessed from the Dockerfile's base image",
                "warning: static has a Dockerfile but no build file of a language Slipway knows, and nothing runs "
                        + "it; it is not imported (add it to slipway.yaml by hand, with `image:`)");
    }

    @Test
    void directoryNamesBecomeUniqueDnsLabels() {
        ImportResult result = new Fixture(dir)
                .file("services/Payments.Api/go.mod", "module p\n")
                .file("jobs/api/go.mod", "module a\n")
                .file("services/api/go.mod", "module b\n")
                .file("services/2fa/go.mod", "module c\n")
                .scan();

        assertThat(result.services()).extracting(s -> s.name() + "=" + s.path().orElseThrow()).containsExactly(
                "api=jobs/api", "svc-2fa=services/2fa", "payments-api=services/Payments.Api",
                "services-api=services/api");
        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: services/api is imported as service 'services-api' "
                + "because 'api' is already taken by another directory");
    }

    @Test
    void aMultiDocumentManifestGivesPortsProbesReplicasAndStatefulness() {
        ImportResult result = new Fixture(dir)
                .file("orders/go.mod", "module orders\n")
                .file("k8s/all.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: orders-config
                        data:
                          LOG_LEVEL: info
                        ---
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: orders
                        spec:
                          replicas: 4
                          template:
                            metadata:
                              labels:
                                app: orders
                            spec:
                              containers:
                                - name: istio-proxy
                                  image: istio/proxyv2:1.23.0
                                - name: orders
                                  image: ghcr.io/acme/orders:1.0.0
                                  ports:
                                    - name: http
                                      containerPort: 8081
                                  readinessProbe:
                                    httpGet:
                                      path: /ready
                                      port: http
                                  livenessProbe:
                                    httpGet:
                                      path: /alive
                                      port: http
                        ---
                        apiVersion: v1
                        kind: List
                        items:
                          - apiVersion: apps/v1
                            kind: StatefulSet
                            metadata:
                              name: mongo
                            spec:
                              replicas: 3
                              template:
                                metadata:
                                  labels:
                                    app: mongo
                                spec:
                                  containers:
                                    - name: mongo
                                      image: mongo:7.0.14
                          - apiVersion: v1
                            kind: Service
                            metadata:
                              name: mongo
                            spec:
                              selector:
                                app: mongo
                              ports:
                                - port: 27017
                        """)
                .scan();

        ImportedService orders = result.service("orders").orElseThrow();
        assertThat(orders.port()).contains(8081);
        assertThat(orders.healthPath()).contains("/ready");
        assertThat(orders.replicas()).contains(4);
        assertThat(orders.stateful()).isFalse();
        ImportedService mongo = result.service("mongo").orElseThrow();
        assertThat(mongo.image()).contains("mongo:7.0.14");
        assertThat(mongo.port()).as("from the Service, the StatefulSet declares none").contains(27017);
        assertThat(mongo.stateful()).isTrue();
        assertThat(mongo.replicas()).contains(3);
        assertThat(result.services()).hasSize(2);
        assertThat(result.registryFor("x")).isEqualTo("ghcr.io/acme");
    }

    @Test
    void eachEnvReferenceStyleBecomesADependency() {
        Fixture fixture = new Fixture(dir);
        List<String> styles = List.of(
                "http://s-url:8080/api/v1",
                "grpc://s-grpc:9090",
                "amqp://user@s-amqp:5672",
                "redis://s-redis:6379/0",
                "postgres://app:secret@s-postgres:5432/app",
                "jdbc:postgresql://s-jdbc:5432/app",
                "s-hostport:7070",
                "s-fqdn.prod.svc.cluster.local",
                "http://s-svc.prod.svc:80",
                "s-namespaced.prod:8080",
                "kafka-0:9092,s-list:9092");
        List<String> env = new java.util.ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
            String target = styles.get(i).replaceAll(".*?(s-[a-z]+).*", "$1");
            fixture.file("k8s/" + target + ".yaml", deployment(target, "nginx:1.27." + i, 80)
                    .replace("metadata:\n  name:", "metadata:\n  namespace: prod\n  name:"));
            env.add("V" + i);
            env.add(styles.get(i));
        }
        fixture.file("k8s/kafka.yaml", deployment("kafka-0", "apache/kafka:3.8.0", 9092));
        fixture.file("caller/go.mod", "module caller\n");
        env.addAll(List.of("SEARCH_HOST", "s-bare"));
        fixture.file("k8s/caller.yaml", deployment("caller", "ghcr.io/acme/caller:1.0.0", 8080,
                env.toArray(String[]::new)));
        fixture.file("k8s/s-bare.yaml", deployment("s-bare", "nginx:1.27.99", 80));

        ImportResult result = fixture.scan();

        assertThat(Fixture.besidesTheRemote(result)).isEmpty();
        assertThat(result.service("caller").orElseThrow().dependsOn()).extracting(Dependency::service)
                .containsExactlyInAnyOrder("s-url", "s-grpc", "s-amqp", "s-redis", "s-postgres", "s-jdbc",
                        "s-hostport", "s-fqdn", "s-svc", "s-namespaced", "kafka-0", "s-list", "s-bare");
    }

    @Test
    void externalHostsLocalHostsAndPlainValuesAreNotReferences() {
        ImportResult result = new Fixture(dir)
                .file("caller/go.mod", "module caller\n")
                .file("k8s/caller.yaml", deployment("caller", "ghcr.io/acme/caller:1.0.0", 8080,
                        "STRIPE", "https://api.stripe.com/v1", "SMTP", "smtp.sendgrid.net:587",
                        "LOCAL", "http://localhost:8080", "IP", "10.0.0.12:5432", "BUCKET", "s3://invoices/2024",
                        "LOG_LEVEL", "info", "TIMEOUT", "10:30", "USE_HOST", "true", "PORT", "8080"))
                .scan();

        assertThat(Fixture.besidesTheRemote(result)).isEmpty();
        assertThat(result.service("caller").orElseThrow().dependsOn()).isEmpty();
    }

    @Test
    void aReferenceToAServiceNotInTheRepositoryIsAWarningNamingWorkloadAndVariable() {
        ImportResult result = new Fixture(dir)
                .file("checkout/go.mod", "module checkout\n")
                .file("payments/go.mod", "module payments\n")
                .file("k8s/checkout.yaml", deployment("checkout", "ghcr.io/acme/checkout:1.0.0", 8080,
                        "PAYMENTS_URL", "http://payments-v2:8080/charge", "OLD_PAYMENTS", "http://payments:8080"))
                .scan();

        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: deployment checkout env PAYMENTS_URL refers to "
                + "'payments-v2', which is not a service in this repository");
        assertThat(result.service("checkout").orElseThrow().dependsOn()).extracting(Dependency::service)
                .containsExactly("payments");
    }

    @Test
    void aServiceNameDifferentFromTheWorkloadResolvesThroughItsSelector() {
        ImportResult result = new Fixture(dir)
                .file("web/package.json", "{}")
                .file("cart/go.mod", "module cart\n")
                .file("k8s/web.yaml", deployment("web", "ghcr.io/acme/web:1.0.0", 3000, "CART", "cart-svc:7070"))
                // the workload is named shop-cart; it matches the directory by its image's last path segment
                .file("k8s/cart.yaml", deployment("shop-cart", "ghcr.io/acme/cart:2.0.0", 7070)
                        + "---\n" + service("cart-svc", "shop-cart", 7070))
                .scan();

        assertThat(result.services()).extracting(ImportedService::name).containsExactly("cart", "web");
        assertThat(result.service("cart").orElseThrow().port()).contains(7070);
        assertThat(result.service("web").orElseThrow().dependsOn()).extracting(Dependency::service)
                .containsExactly("cart");
    }

    @Test
    void workloadsOfExternalImagesBecomeImageServicesWithVersionRanges() {
        ImportResult result = new Fixture(dir)
                .file("api/go.mod", "module api\n")
                .file("k8s/api.yaml", deployment("api", "ghcr.io/acme/api:1.2.0", 8080,
                        "REDIS_URL", "redis://redis:6379", "DB", "postgres://db:5432/app", "QUEUE", "amqp://mq:5672"))
                .file("k8s/redis.yaml", deployment("redis", "redis:7.2.5-alpine", 6379))
                .file("k8s/db.yaml", deployment("db", "postgres:16.4", 5432).replace("kind: Deployment", "kind: StatefulSet"))
                .file("k8s/mq.yaml", deployment("mq", "docker.io/library/rabbitmq@sha256:" + "a".repeat(64), 5672))
                .file("k8s/cache.yaml", deployment("cache", "memcached", 11211))
                .scan();

        assertThat(result.services()).extracting(s -> s.name() + "=" + s.image().orElse("<source>")).containsExactly(
                "api=<source>", "cache=memcached:1.6.31", "db=postgres:16.4",
                "mq=docker.io/library/rabbitmq@sha256:" + "a".repeat(64), "redis=redis:7.2.5-alpine");
        assertThat(result.service("db").orElseThrow().stateful()).isTrue();
        assertThat(result.service("api").orElseThrow().dependsOn()).extracting(d -> d.service() + " " + d.range())
                .containsExactly("db ^16.4", "mq *", "redis ^7.2");
        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: deployment cache runs memcached, which has no "
                + "fixed version tag; slipway.yaml says memcached:1.6.31 (check it)");
        assertThat(SpecText.write(result, "x", "ghcr.io/x")).contains("  # init: memcached has no fixed version; 1.6.31 is "
                + "a recent release - check it against what you run and pin that\n  cache:\n    image: memcached:1.6.31\n");
    }

    @Test
    void composeEnvironmentGivesDependenciesAndImages() {
        ImportResult result = new Fixture(dir)
                .file("services/web/package.json", "{}")
                .file("services/worker/requirements.txt", "celery==5.4.0\n")
                .file("docker-compose.yml", """
                        services:
                          web:
                            build: ./services/web
                            ports: ["8000:3000"]
                            environment:
                              API_URL: http://jobs:5000
                              DEBUG: "true"
                          jobs:
                            build:
                              context: services/worker
                            expose: [5000]
                            environment:
                              - BROKER_URL=redis://cache:6379/1
                              - MISSING=http://ghost:80
                          cache:
                            image: redis:7.2.5
                        """)
                .scan();

        // services/worker is what compose calls jobs: the name the other containers reach it by
        assertThat(result.services()).extracting(ImportedService::name).containsExactly("web", "jobs", "cache");
        assertThat(result.service("jobs").orElseThrow().path()).contains("services/worker");
        assertThat(result.service("jobs").orElseThrow().notes()).singleElement().asString()
                .contains("the directory's name is worker");
        assertThat(result.service("web").orElseThrow().port()).contains(3000);
        assertThat(result.service("jobs").orElseThrow().port()).contains(5000);
        assertThat(result.service("web").orElseThrow().dependsOn()).extracting(Dependency::service)
                .containsExactly("jobs");
        assertThat(result.service("jobs").orElseThrow().dependsOn()).extracting(Dependency::service)
                .containsExactly("cache");
        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: compose service jobs env MISSING refers to 'ghost', "
                + "which is not a service in this repository");
    }

    @Test
    void anExternalImageOnlyAnOptionalComponentBringsInIsNotImported() {
        ImportResult result = new Fixture(dir)
                .file("src/web/go.mod", "module web\n")
                .file("src/assistant/requirements.txt", "grpcio==1.66.1\n")
                .file("deploy/base/kustomization.yaml", "resources:\n  - web.yaml\n  - shared.yaml\n")
                .file("deploy/base/web.yaml", deployment("web", "ghcr.io/acme/web:1.0.0", 8080,
                        "COLLECTOR_ADDR", "collector:4317"))
                .file("deploy/base/shared.yaml", deployment("cache", "memcached:1.6.29", 11211))
                .file("deploy/components/tracing/kustomization.yaml", """
                        apiVersion: kustomize.config.k8s.io/v1alpha1
                        kind: Component
                        resources:
                          - collector.yaml
                          - assistant.yaml
                          - ../../base/shared.yaml
                        """)
                .file("deploy/components/tracing/collector.yaml", deployment("collector", "otel/collector:0.123.0", 4317)
                        + "---\n" + service("collector", "collector", 4317))
                .file("deploy/components/tracing/assistant.yaml", deployment("assistant", "assistant", 8080))
                .scan();

        assertThat(result.services()).extracting(ImportedService::name)
                .as("a source service's manifest in a component still counts; so does a file a base lists too")
                .containsExactly("assistant", "web", "cache");
        assertThat(result.service("assistant").orElseThrow().replicas()).contains(2);
        assertThat(result.service("web").orElseThrow().dependsOn()).as("the collector's Service is no warning").isEmpty();
        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: deployment collector in "
                + "deploy/components/tracing/collector.yaml belongs only to the optional kustomize component "
                + "deploy/components/tracing and runs no source of this repository; it is not imported (add it by "
                + "hand if you enable that component)");
    }

    @Test
    void aTagThatNamesNoVersionIsPinnedWithAWarningAndBareImageNamesSayNothingAboutTheRegistry() {
        ImportResult result = new Fixture(dir)
                .file("cart/go.mod", "module cart\n")
                .file("dev/cart.yaml", deployment("cart", "cart", 7070, "REDIS_ADDR", "redis-cart:6379"))
                .file("release/cart.yaml", deployment("cart", "registry.example.com/shop/cart:v1.2.0", 7070))
                .file("release/redis.yaml", deployment("redis-cart", "redis:alpine", 6379))
                .scan();

        assertThat(result.registryFor("x")).isEqualTo("registry.example.com/shop");
        assertThat(result.service("cart").orElseThrow().dependsOn()).extracting(d -> d.service() + " " + d.range())
                .containsExactly("redis-cart ^7.4");
        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: deployment redis-cart runs redis:alpine, which "
                + "has no fixed version tag; slipway.yaml says redis:7.4.0-alpine (check it)");
        assertThat(load(SpecText.write(result, "x", result.registryFor("x"))).problems())
                .as("the pinned tag makes the written file valid").isEmpty();
    }

    @Test
    void kustomizePatchesAreNotWorkloadsAndBrokenOrForeignYamlIsHandled() {
        ImportResult result = new Fixture(dir)
                .file("web/package.json", "{}")
                .file("deploy/base/kustomization.yaml", "resources:\n  - web.yaml\n")
                .file("deploy/base/web.yaml", deployment("web", "ghcr.io/acme/web:1.0.0", 3000))
                .file("deploy/overlays/prod/kustomization.yaml", """
                        resources:
                          - ../../base
                          - https://github.com/acme/platform//monitoring?ref=v1.0.0
                        patches:
                          - path: replicas.yaml
                        patchesStrategicMerge:
                          - extra.yaml
                        """)
                .file("deploy/overlays/prod/replicas.yaml",
                        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 9\n")
                .file("deploy/overlays/prod/extra.yaml", deployment("patched-only", "busybox:1.36", 1))
                .file("deploy/broken.yaml", "apiVersion: v1\nkind: Service\nmetadata: [name: oops\n")
                .file("config/settings.yaml", "kind: settings\nlevels: {a: 1}\n")
                .file(".gitlab-ci.yml", "build:\n  script: !reference [.setup, script]\n")
                .file("ci/pipeline.yml", "stages: [build]\nbuild:\n  script: !reference [.setup, script]\n")
                .scan();

        assertThat(result.services()).extracting(ImportedService::name).containsExactly("web");
        assertThat(result.service("web").orElseThrow().replicas()).contains(2);
        assertThat(Fixture.besidesTheRemote(result)).containsExactly(
                "warning: deploy/overlays/prod/kustomization.yaml lists the remote resource "
                        + "https://github.com/acme/platform//monitoring?ref=v1.0.0, which init does not fetch",
                "warning: deploy/broken.yaml:4:1 is not valid YAML (expected ',' or ']', but got <stream end>); skipped");
    }

    @Test
    void slipwaysOwnOutputIsNotImportedAndAChartTemplateWithoutContainersAddsNothing() {
        ImportResult result = new Fixture(dir)
                .file("api/go.mod", "module api\n")
                .file("chart/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n")
                .file("chart/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                        + "  name: {{ .Release.Name }}\n")
                .file("docker/api/Dockerfile", "# Generated by Slipway from slipway.yaml. Do not edit: change "
                        + "slipway.yaml and run `slipway generate`.\nFROM golang:1.22\n")
                .file("deploy/kubernetes/api/base/deployment.yaml", "# Generated by Slipway from slipway.yaml. Do not "
                        + "edit: change slipway.yaml and run `slipway generate`.\n"
                        + deployment("api", "ghcr.io/acme/api:9.9.9", 9999))
                .scan();

        assertThat(result.services()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("api");
            assertThat(s.port()).isEmpty();
        });
        assertThat(Fixture.besidesTheRemote(result)).isEmpty();
    }

    @Test
    void anInferredCycleIsBrokenWithAWarningSoTheSpecLoads() {
        ImportResult result = new Fixture(dir)
                .file("orders/go.mod", "module orders\n")
                .file("billing/go.mod", "module billing\n")
                .file("k8s/orders.yaml", deployment("orders", "ghcr.io/acme/orders:1.0.0", 8080,
                        "BILLING_URL", "http://billing:8080"))
                .file("k8s/billing.yaml", deployment("billing", "ghcr.io/acme/billing:1.0.0", 8080,
                        "ORDERS_CALLBACK", "http://orders:8080/callback"))
                .scan();

        assertThat(Fixture.besidesTheRemote(result)).containsExactly("warning: the dependencies form a cycle; the edge "
                + "billing -> orders (from env ORDERS_CALLBACK of deployment billing in k8s/billing.yaml) is left out as the "
                + "weakest way to break it (a callback, most likely); add it back by hand and remove another edge if that "
                + "is the wrong one");
        assertThat(load(SpecText.write(result, "shop", "ghcr.io/acme")).errors()).isEmpty();
    }

    @Test
    void theWrittenSpecLoadsAndSaysWhatWasFound() {
        ImportResult result = smallShop(dir).scan();
        String text = SpecText.write(result, "shop", result.registryFor("shop"));

        LoadResult loaded = load(text);
        assertThat(loaded.problems()).isEmpty();
        SystemSpec spec = loaded.orThrow();
        assertThat(spec.system().registry()).isEqualTo("ghcr.io/acme/shop");
        assertThat(spec.graph().dependencies("web")).containsExactly("api");
        assertThat(spec.graph().dependencies("api")).containsExactly("db");
        assertThat(text).isEqualTo("""
                # The shop system, imported by `slipway init` from its build files, Dockerfiles, compose files and manifests.
                # Each dependency says where it was read (env, depends_on, NetworkPolicy, code default); "*" accepts any version. Review them, then add ci, environments
                # and rollout strategies (see docs/init.md) and run `slipway validate`.
                system:
                  name: shop
                  registry: ghcr.io/acme/shop

                services:
                  api:
                    path: api
                    language: go
                    buildTool: go
                    port: 8080
                    replicas: 2
                    env:
                      DATABASE_URL: postgres://api@db:5432/api
                      RETRIES: '3'
                    dependsOn:
                      db: ^16.4  # env DATABASE_URL of deployment api in deploy/api.yaml

                  web:
                    path: web
                    language: node
                    buildTool: npm
                    dockerfile: web/Dockerfile
                    port: 3000
                    replicas: 2
                    env:
                      API_URL: http://api:8080
                    dependsOn:
                      api: '*'  # env API_URL of deployment web in deploy/web.yaml

                  db:
                    image: postgres:16.4-alpine
                    port: 5432
                    replicas: 2
                    stateful: true
                """);
    }

    @Test
    void theSummaryTableIsAligned() {
        assertThat(SummaryTable.render(smallShop(dir).scan())).isEqualTo("""
                SERVICE  LANGUAGE                    PORT  DEPENDS ON
                api      go                          8080  db
                web      node (npm)                  3000  api
                db       image postgres:16.4-alpine  5432  -
                """);
    }

    @Test
    void theScanIsDeterministic(@TempDir Path other) {
        Fixture fixture = smallShop(dir);
        String first = SpecText.write(fixture.scan(), "shop", "ghcr.io/acme/shop");
        String again = SpecText.write(fixture.scan(), "shop", "ghcr.io/acme/shop");
        String reversed = SpecText.write(fixture.copyReversed(other).scan(), "shop", "ghcr.io/acme/shop");

        assertThat(again).isEqualTo(first);
        assertThat(reversed).isEqualTo(first);
    }

    @Test
    void theSystemNameMustBeADnsLabel() {
        ImportResult result = smallShop(dir).scan();
        assertThatThrownBy(() -> SpecText.write(result, "Shop_1", "ghcr.io/acme"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Shop_1' is not a DNS label");
        assertThatThrownBy(() -> SpecText.write(new ImportResult("x", Optional.empty(), Optional.empty(), List.of(), List.of(), List.of()), "x", "r"))
                .hasMessageContaining("no services found");
    }

    @Test
    void theRegistryAndRepositoryMustBeWhatTheSpecAccepts() {
        ImportResult result = smallShop(dir).scan();
        assertThatThrownBy(() -> SpecText.write(result, "shop", "GHCR.io/Acme:latest"))
                .hasMessageContaining("'GHCR.io/Acme:latest' is not an image registry path");
        assertThatThrownBy(() -> SpecText.write(result, "shop", "ghcr.io/acme", Optional.of("github.com/acme/shop")))
                .hasMessageContaining("'github.com/acme/shop' is not a Git URL");
        String text = SpecText.write(result, "shop", "ghcr.io/acme", Optional.of("git@github.com:acme/shop.git"));
        assertThat(load(text).orThrow().system().repository()).contains("git@github.com:acme/shop.git");
    }

    @Test
    void theRepositoryUrlComesFromTheOriginRemoteWithoutCredentials() {
        ImportResult result = smallShop(dir)
                .file(".git/config", """
                        [core]
                        \tbare = false
                        [remote "upstream"]
                        \turl = https://github.com/upstream/shop.git
                        [remote "origin"]
                        \turl = https://x-access-token:ghp_secret@github.com/acme/shop.git
                        \tfetch = +refs/heads/*:refs/remotes/origin/*
                        """)
                .file(".git/objects/ab/deployment.yaml", deployment("ghost", "ghost:5.0.0", 2368))
                .scan();

        assertThat(result.repository()).contains("https://github.com/acme/shop.git");
        assertThat(result.services()).extracting(ImportedService::name).doesNotContain("ghost");
        String text = SpecText.write(result, "shop", "ghcr.io/acme/shop");
        assertThat(text).contains("  repository: https://github.com/acme/shop.git\n").doesNotContain("secret");
        assertThat(load(text).problems()).isEmpty();
    }

    @Test
    void aMissingDirectoryOrAFileIsAnError() throws Exception {
        assertThatThrownBy(() -> RepositoryImport.scan(dir.resolve("nowhere")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        Path file = java.nio.file.Files.writeString(dir.resolve("pom.xml"), "<project/>");
        assertThatThrownBy(() -> RepositoryImport.scan(file)).isInstanceOf(java.nio.file.NotDirectoryException.class);
        assertThat(RepositoryImport.scan(dir.resolve("..").resolve(dir.getFileName())).services())
                .extracting(ImportedService::name).containsExactly(Names.dnsLabel(dir.getFileName().toString()));
    }

    private static Fixture smallShop(Path dir) {
        return new Fixture(dir)
                .file("web/package.json", "{}")
                .file("web/Dockerfile", "FROM node:20\nEXPOSE 3000\n")
                .file("api/go.mod", "module api\n")
                .file("deploy/web.yaml", deployment("web", "ghcr.io/acme/shop/web:1.0.0", 3000,
                        "API_URL", "http://api:8080"))
                .file("deploy/api.yaml", deployment("api", "ghcr.io/acme/shop/api:1.0.0", 8080,
                        "DATABASE_URL", "postgres://api@db:5432/api", "RETRIES", "3"))
                .file("deploy/db.yaml", deployment("db", "postgres:16.4-alpine", 5432)
                        .replace("kind: Deployment", "kind: StatefulSet"));
    }

    private static LoadResult load(String text) {
        return SpecLoader.load(text, "slipway.yaml");
    }
}
