package dev.slipway.generate.init;

/**
 * Why init believes a workload calls {@code host}: where it read it ({@code what}, e.g. {@code "depends_on in
 * docker-compose.yml"}) and how strong that evidence is. An explicit statement of the graph (compose
 * {@code depends_on}, an Aspire {@code WithReference}) outranks an address in env, which outranks a callback address
 * in env and a NetworkPolicy, which outrank a default value in code: when a cycle must be broken, the weakest edges go first.
 */
record EdgeEvidence(String host, String what, int strength) {

    static final int DECLARED = 4;
    static final int ENV = 3;
    static final int CALLBACK = 2;
    static final int POLICY = 2;
    static final int CODE = 1;
}
