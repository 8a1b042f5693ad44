package dev.slipway.prometheus;

import dev.slipway.release.cluster.MetricsUnavailableException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answer of {@code /api/v1/query} or {@code /api/v1/query_range}: its series, each with its labels and its
 * points. Values stay as Prometheus gave them, NaN and infinities included: what they mean is the caller's rule.
 */
record QueryResponse(List<Series> series) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Series(Map<String, String> labels, Map<Instant, Double> points) {
    }

    QueryResponse {
        series = List.copyOf(series);
    }

    /** Parses a successful answer: a vector, a matrix or a scalar. */
    static QueryResponse parse(String body) {
        JsonNode root = read(body);
        if (!"success".equals(root.path("status").asString(""))) {
            throw new MetricsUnavailableException("Prometheus answered without success: " + error(body)
                    .orElse(abbreviate(body)));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        List<Series> series = new ArrayList<>();
        switch (type) {
            case "vector" -> result.forEach(s -> series.add(new Series(labels(s), point(s.get("value")))));
            case "matrix" -> result.forEach(s -> {
                Map<Instant, Double> points = new TreeMap<>();
                s.path("values").forEach(p -> points.putAll(point(p)));
                series.add(new Series(labels(s), points));
            });
            case "scalar" -> series.add(new Series(Map.of(), point(result)));
            default -> throw new MetricsUnavailableException("Prometheus answered a " + (type.isEmpty() ? "result "
                    + "without a type" : type) + ", not a number per series: " + abbreviate(body));
        }
        return new QueryResponse(series);
    }

    /** Prometheus's own explanation in an error answer, e.g. {@code bad_data: 1:5: parse error: ...}. */
    static Optional<String> error(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            String error = root.path("error").asString("");
            if (error.isEmpty()) {
                return Optional.empty();
            }
            String type = root.path("errorType").asString("");
            return Optional.of(type.isEmpty() ? error : type + ": " + error);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /**
     * The value of an answer that must be one number: empty when no series matched.
     *
     * @throws MetricsUnavailableException when the query gave several series: it must aggregate them itself, since
     *                                     any choice made here (the first? the sum?) could be wrong
     */
    Optional<Double> single(String query) {
        return only(query).flatMap(s -> s.points().values().stream().reduce((first, last) -> last));
    }

    /** The points of an answer that must be one series (a range query); empty when no series matched. */
    Map<Instant, Double> points(String query) {
        return only(query).map(Series::points).orElse(Map.of());
    }

    private Optional<Series> only(String query) {
        if (series.size() > 1) {
            throw new MetricsUnavailableException("the query gave " + series.size() + " series where one number was "
                    + "expected; aggregate them in the query (e.g. sum(...)): " + query);
        }
        return series.stream().findFirst();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MetricsUnavailableException("Prometheus answered something that is not JSON: "
                    + abbreviate(body), e);
        }
    }

    private static Map<String, String> labels(JsonNode series) {
        Map<String, String> labels = new LinkedHashMap<>();
        series.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return labels;
    }

    /** A {@code [unix seconds, "value"]} pair; a series without one (a native histogram) has no number. */
    private static Map<Instant, Double> point(JsonNode pair) {
        if (pair == null || !pair.isArray() || pair.size() != 2) {
            return Map.of();
        }
        // decimal seconds rounded to the millisecond: range points are matched to window ends by their time
        JsonNode time = pair.get(0);
        BigDecimal seconds = time.isNumber() ? time.decimalValue() : new BigDecimal(time.asString());
        long millis = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Map.of(Instant.ofEpochMilli(millis), number(pair.get(1).asString()));
    }

    /** Prometheus writes infinities as Go does ({@code +Inf}), which Java's parser does not read. */
    static double number(String value) {
        return switch (value) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new MetricsUnavailableException("Prometheus answered a value that is not a number: "
                            + abbreviate(value));
                }
            }
        };
    }

    static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }
}
