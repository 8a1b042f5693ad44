package dev.slipway.store;

import dev.slipway.release.analysis.Measurement;
import dev.slipway.release.analysis.Measurement.StatisticKind;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A judgement's measurements as kept in the {@code judgements.measurements} column. Rows written before measurements
 * carried a {@link StatisticKind} have only the statistic's name: the kind is derived from that name here, once, so
 * that nothing past this codec reads a statistic's name to know what it is.
 */
final class MeasurementsJson {

    private static final TypeReference<List<Measurement>> MEASUREMENTS = new TypeReference<>() {
    };

    private MeasurementsJson() {
    }

    static String write(List<Measurement> measurements) {
        return Sql.json(measurements);
    }

    static List<Measurement> read(String json) {
        JsonNode nodes = Sql.JSON.readTree(json);
        for (JsonNode node : nodes) {
            if (node instanceof ObjectNode measurement && !measurement.has("statisticKind")) {
                measurement.put("statisticKind", kindOfName(measurement.path("statistic").asString("")).name());
            }
        }
        return Sql.JSON.convertValue(nodes, MEASUREMENTS);
    }

    /** The kind the judges of earlier versions meant by each statistic name they wrote. */
    static StatisticKind kindOfName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.isBlank()) {
            return StatisticKind.NONE;
        }
        if (lower.contains("likelihood ratio")) {
            return StatisticKind.LIKELIHOOD_RATIO;
        }
        if (lower.contains("p-value") || lower.endsWith(" p")) {
            return StatisticKind.P_VALUE;
        }
        return StatisticKind.OBSERVED;
    }
}
