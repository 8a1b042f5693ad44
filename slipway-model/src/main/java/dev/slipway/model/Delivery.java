package dev.slipway.model;

import java.util.Optional;

/**
 * Who changes an environment's workloads when a release runs (an environment's {@code delivery}): Slipway itself,
 * through the cluster's API, or Git — Slipway commits the digests to the environment's overlay and a GitOps
 * controller (Argo CD, Flux) applies them, while Slipway follows the rollout.
 */
public enum Delivery implements Keyword {
    SLIPWAY("slipway"), GITOPS("gitops");

    private final String keyword;

    Delivery(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    public static Optional<Delivery> of(String keyword) {
        return Keyword.parse(Delivery.class, keyword);
    }
}
