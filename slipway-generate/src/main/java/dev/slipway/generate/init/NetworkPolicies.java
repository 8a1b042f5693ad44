package dev.slipway.generate.init;

import static dev.slipway.generate.init.YamlValues.at;
import static dev.slipway.generate.init.YamlValues.list;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes NetworkPolicies as edges: an ingress rule {@code from} pods matching one selector to the policy's
 * pods, and an egress rule {@code to} pods from them, each allow one workload to call another. A policy that
 * selects every pod ({@code podSelector: {}}, a default deny) or peers given only by namespace or IP block
 * says nothing about which workload calls which, and adds nothing.
 */
final class NetworkPolicies {

    record Policy(String file, String name, Map<String, Object> object) {
    }

    private NetworkPolicies() {
    }

    /** {@code workloads}, each with an edge to every workload a policy lets it call. */
    static List<Workload> apply(List<Policy> policies, List<Workload> workloads) {
        Map<Workload, List<EdgeEvidence>> added = new LinkedHashMap<>();
        for (Policy policy : policies) {
            List<Workload> selected = matching(YamlValues.strings(at(policy.object(), "spec", "podSelector", "matchLabels")),
                    workloads);
            String what = "NetworkPolicy " + policy.name() + " in " + policy.file();
            for (Object rule : list(at(policy.object(), "spec", "ingress"))) {
                for (Workload from : peers(list(YamlValues.map(rule).get("from")), workloads)) {
                    selected.forEach(to -> edge(added, from, to, what));
                }
            }
            for (Object rule : list(at(policy.object(), "spec", "egress"))) {
                for (Workload to : peers(list(YamlValues.map(rule).get("to")), workloads)) {
                    selected.forEach(from -> edge(added, from, to, what));
                }
            }
        }
        return workloads.stream().map(w -> added.containsKey(w) ? w.withReferences(added.get(w)) : w).toList();
    }

    private static void edge(Map<Workload, List<EdgeEvidence>> added, Workload from, Workload to, String what) {
        if (from != to) {
            added.computeIfAbsent(from, w -> new ArrayList<>()).add(new EdgeEvidence(to.name(), what, EdgeEvidence.POLICY));
        }
    }

    private static List<Workload> peers(List<?> peers, List<Workload> workloads) {
        List<Workload> matched = new ArrayList<>();
        for (Object peer : peers) {
            Map<String, String> labels = YamlValues.strings(at(peer, "podSelector", "matchLabels"));
            matched.addAll(matching(labels, workloads));
        }
        return matched;
    }

    /** Workloads whose pod labels include {@code labels}; none for an empty selector (it means every pod). */
    private static List<Workload> matching(Map<String, String> labels, List<Workload> workloads) {
        if (labels.isEmpty()) {
            return List.of();
        }
        return workloads.stream().filter(Workload::fromKubernetes)
                .filter(w -> w.labels().entrySet().containsAll(labels.entrySet())).toList();
    }
}
