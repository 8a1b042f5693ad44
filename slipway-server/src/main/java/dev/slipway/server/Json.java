package dev.slipway.server;

import dev.slipway.release.execute.Transition;

import dev.slipway.model.Problem;
import dev.slipway.release.dora.Deployment;
import dev.slipway.store.StoredRelease;
import dev.slipway.store.StoredRollout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's JSON bodies, built as ordered maps so the field order is the documented one. Instants are ISO-8601
 * UTC text; an absent optional value is {@code null}, never a missing field.
 */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static Map<String, Object> problem(ApiProblem problem, String instance) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", problem.type());
        root.put("title", problem.title());
        root.put("status", problem.status());
        root.put("detail", problem.getMessage());
        root.put("instance", instance);
        problem.problems().ifPresent(list -> root.put("problems", problems(list)));
        return root;
    }

    static List<Map<String, Object>> problems(List<Problem> problems) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
            node.put("file", p.file());
            node.put("line", p.line());
            node.put("column", p.column());
            node.put("path", p.path().toString());
            node.put("message", p.message());
            node.put("hint", p.hint().orElse(null));
            list.add(node);
        }
        return list;
    }

    static Map<String, Object> deployment(Deployment d) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("environment", d.environment());
        node.put("service", d.service());
        node.put("version", d.version());
        node.put("digest", d.digest().orElse(null));
        node.put("release", d.release().orElse(null));
        node.put("commitSha", d.commit().orElse(null));
        node.put("commitTime", text(d.committed()));
        node.put("started", d.started().toString());
        node.put("finished", text(d.finished()));
        node.put("outcome", d.outcome().keyword());
        return node;
    }

    /** A step of a release as its event stream sends it. */
    static Map<String, Object> transition(Transition t) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("sequence", t.sequence());
        node.put("at", t.at().toString());
        node.put("service", t.ofRelease() ? null : t.service());
        node.put("from", t.from());
        node.put("to", t.to());
        node.put("step", t.step());
        node.put("weight", t.weight());
        node.put("reason", t.reason());
        node.put("failure", t.failure());
        return node;
    }

    static tools.jackson.databind.JsonNode emptyObject() {
        return MAPPER.createObjectNode();
    }

    static Map<String, Object> release(StoredRelease r) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", r.id());
        node.put("environment", r.environment());
        node.put("state", r.state());
        node.put("outcome", r.outcome().orElse(null));
        node.put("versions", r.versions());
        node.put("digests", r.digests());
        node.put("created", r.created().toString());
        node.put("updated", r.updated().toString());
        List<Map<String, Object>> rollouts = new ArrayList<>();
        for (StoredRollout s : r.rollouts()) {
            Map<String, Object> rollout = new LinkedHashMap<>();
            rollout.put("service", s.service());
            rollout.put("from", s.from().orElse(null));
            rollout.put("to", s.to());
            rollout.put("outcome", s.outcome().orElse(null));
            rollout.put("started", text(s.started()));
            rollout.put("finished", text(s.finished()));
            rollouts.add(rollout);
        }
        node.put("rollouts", rollouts);
        return node;
    }

    private static String text(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
