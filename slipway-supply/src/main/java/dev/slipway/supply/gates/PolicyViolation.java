package dev.slipway.supply.gates;

import dev.slipway.model.PolicyRule;

/** A manifest that breaks a rule of the policy, located at the line to change. */
public record PolicyViolation(PolicyRule rule, String path, int line, String service, String message) {

    /** {@code deploy/kubernetes/cart/base/deployment.yaml:54}. */
    public String location() {
        return path + ":" + line;
    }

    /** {@code deploy/kubernetes/cart/base/deployment.yaml:54: [pinned-image] ...}. */
    public String format() {
        return location() + ": [" + rule.keyword() + "] " + message;
    }
}
