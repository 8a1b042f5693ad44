package dev.slipway.generate.ci;

import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;

/** Specs the CI generator tests run on: the minimal example, and a wider system that uses every trigger. */
final class CiSpecs {

    private CiSpecs() {
    }

    static SystemSpec minimal() {
        return RepositoryFiles.load(RepositoryFiles.root().resolve("examples/minimal/slipway.yaml"));
    }

    /** Java, Python, Rust and an external cache; dev on push, qa by hand, production on tags with approval. */
    static SystemSpec wide() {
        return SpecLoader.load("""
                system:
                  name: shop
                  registry: registry.example.com/shop
                ci:
                  providers: [github, gitlab, jenkins]
                  mainBranch: trunk
                  scan:
                    failOn: [CRITICAL]
                environments:
                  - name: dev
                    trigger: push
                  - name: qa
                    trigger: manual
                    promoteFrom: dev
                  - name: preview
                    trigger: push
                    promoteFrom: dev
                    kubeContext: preview-cluster
                  - name: production
                    trigger: tag
                    promoteFrom: qa
                    approval: true
                    kubeContext: prod-eu
                services:
                  order-api:
                    path: services/order-api
                    language: java
                    buildTool: gradle
                    port: 8080
                    dockerfile: services/order-api/Dockerfile
                  pricing:
                    path: services/pricing
                    language: python
                    buildTool: poetry
                    port: 8000
                    healthPath: /ready
                  worker:
                    path: services/worker
                    language: rust
                  cache:
                    image: redis:7.2.5-alpine
                    port: 6379
                """, "wide.yaml").orThrow();
    }
}
