package dev.slipway.release.report;

import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The root-cause report as the JSON of {@code slipway report --format json}. Steps are counted from 1, times are
 * ISO-8601, values without data are null. Field order is part of the contract (docs/analysis.md).
 */
public final class ReportJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportJson() {
    }

    public static String render(RootCauseReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("release", report.release());
        root.put("environment", report.environment());
        root.put("outcome", report.outcome());
        root.put("failure", report.failure().map(ReportJson::failure).orElse(null));
        root.put("podEvents", report.podEvents().stream().map(e -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("service", e.service());
            node.put("track", e.track().keyword());
            node.put("version", e.version());
            node.put("at", e.at().toString());
            node.put("what", e.what());
            node.put("readyReplicas", e.readyReplicas());
            node.put("replicas", e.replicas());
            node.put("restarts", e.restarts());
            return node;
        }).toList());
        root.put("dependentsAffected", report.dependentsAffected().stream()
                .map(a -> Map.of("service", a.service(), "outcome", a.outcome())).toList());
        root.put("rolledBack", report.rolledBack().stream().map(u -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("service", u.service());
            node.put("from", u.from());
            node.put("to", u.to().orElse(null));
            node.put("at", u.at().toString());
            node.put("reason", u.reason());
            return node;
        }).toList());
        root.put("cancelled", report.cancelled());
        root.put("judgements", report.judgements().stream().map(ReportJson::judgement).toList());
        return JSON.writeValueAsString(root) + "\n";
    }

    private static Map<String, Object> failure(RootCauseReport.Failure f) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("service", f.service());
        node.put("version", f.version());
        node.put("reason", f.reason());
        node.put("judge", f.measurement().map(Measurement::judge).orElse(null));
        node.put("metric", f.measurement().map(Measurement::metric).orElse(null));
        node.put("canary", f.measurement().map(m -> number(m.canary())).orElse(null));
        node.put("baseline", f.measurement().map(m -> number(m.baseline())).orElse(null));
        node.put("canarySamples", f.measurement().map(Measurement::canarySamples).orElse(null));
        node.put("baselineSamples", f.measurement().map(Measurement::baselineSamples).orElse(null));
        node.put("statistic", f.measurement().map(ReportJson::statistic).orElse(null));
        node.put("value", f.measurement().map(m -> number(m.value())).orElse(null));
        node.put("bound", f.measurement().map(m -> number(m.bound())).orElse(null));
        node.put("confidence", number(f.confidence()));
        node.put("step", f.step() + 1);
        node.put("weight", f.weight());
        node.put("detectedAt", f.detectedAt().toString());
        node.put("detectedAfterSeconds", f.detectedAfterSeconds());
        node.put("foundIn", f.foundIn());
        node.put("compared", f.compared());
        return node;
    }

    private static Map<String, Object> judgement(Judgement j) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("at", j.at().toString());
        node.put("step", j.step() + 1);
        node.put("weight", j.weight());
        node.put("outcome", j.verdict().outcome().keyword());
        node.put("decisive", j.decisive());
        node.put("reason", j.verdict().reason());
        List<Map<String, Object>> measurements = new ArrayList<>();
        for (Measurement m : j.verdict().measurements()) {
            Map<String, Object> mn = new LinkedHashMap<>();
            mn.put("judge", m.judge());
            mn.put("metric", m.metric());
            mn.put("outcome", m.outcome().keyword());
            mn.put("canary", number(m.canary()));
            mn.put("baseline", number(m.baseline()));
            mn.put("canarySamples", m.canarySamples());
            mn.put("baselineSamples", m.baselineSamples());
            mn.put("statistic", statistic(m));
            mn.put("value", number(m.value()));
            mn.put("bound", number(m.bound()));
            mn.put("detail", m.detail());
            measurements.add(mn);
        }
        node.put("measurements", measurements);
        return node;
    }

    /** The statistic's name, or null for a measurement without one. */
    private static String statistic(Measurement m) {
        return m.statisticKind() == Measurement.StatisticKind.NONE ? null : m.statistic();
    }

    /** A finite number, or null: JSON has no NaN or infinity. */
    private static Double number(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble()) ? value.getAsDouble() : null;
    }
}
