package dev.slipway.generate.deploy;

/** Systems the deploy tests share. */
public final class DeployTestSpecs {

    /** A deeper graph than the minimal example: gateway -> (orders, users) -> db, orders -> queue. */
    public static final String SHOP = """
            system:
              name: shop
              registry: registry.example.com/shop
              repository: git@github.com:acme/shop.git
            environments:
              - name: dev
              - name: production
                promoteFrom: dev
                approval: true
            services:
              gateway:
                path: gateway
                language: java
                port: 8080
                dependsOn: {orders: "^1", users: "^1"}
                strategy: {type: canary, steps: [5, 20, 100], stepInterval: 90s}
              orders:
                path: orders
                language: go
                port: 8080
                env: {LOG_LEVEL: debug}
                dependsOn: {db: "*", queue: "*"}
                strategy: {type: blue-green, scaleDownDelay: 5m}
              users:
                path: users
                language: python
                port: 8000
                dependsOn: {db: "*"}
              worker:
                path: worker
                language: rust
                dependsOn: {queue: "*"}
              queue:
                image: rabbitmq:3.13.7-management-alpine
                port: 5672
              db:
                image: postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                port: 5432
                stateful: true
                replicas: 1
            """;

    private DeployTestSpecs() {
    }
}
