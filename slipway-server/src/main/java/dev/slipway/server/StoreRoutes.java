package dev.slipway.server;

import dev.slipway.store.Releases;

import dev.slipway.release.Inventory;
import dev.slipway.release.InventoryJson;
import dev.slipway.release.dora.Dora;
import dev.slipway.release.dora.DoraJson;
import dev.slipway.release.dora.Since;
import dev.slipway.release.dora.Window;
import dev.slipway.store.Store;
import dev.slipway.store.StoredRelease;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routes that read what the store knows: inventories, deployment history, releases. */
final class StoreRoutes {

    /** The open end of a history query: later than any deployment will start. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

    private final Store store;
    private final InstantSource clock;

    StoreRoutes(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * An environment is known to the server once the store has an inventory or a release for it; any other
     * name is 404, so a typo is not mistaken for an empty environment.
     */
    void inventory(Context ctx) {
        String environment = ctx.pathParam("env");
        if (!Input.isName(environment)) {
            throw ApiProblem.notFound("environment \"" + Input.printable(environment) + "\" is not a name an "
                    + "environment can have");
        }
        Optional<Releases.Head> latest = store.releases().latest(environment);
        Inventory inventory = store.inventories().read(environment);
        if (latest.isEmpty() && inventory.services().isEmpty() && store.inventories().updated(environment).isEmpty()) {
            throw ApiProblem.notFound("environment \"" + environment + "\" has no inventory and no releases here");
        }
        Optional<InventoryJson.LastRelease> last = latest.map(r -> new InventoryJson.LastRelease(r.id(), r.state()));
        ctx.contentType("application/json").result(InventoryJson.render(inventory, last));
    }

    /**
     * What runs where: every environment the store knows (an inventory or a release), each as the inventory route
     * answers it, by name.
     */
    void environments(Context ctx) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(store.inventories().environments());
        List<StoredRelease> releases = store.releases().list();
        releases.forEach(r -> names.add(r.environment()));
        List<Object> environments = new java.util.ArrayList<>();
        for (String environment : names) {
            List<StoredRelease> of = releases.stream().filter(r -> r.environment().equals(environment)).toList();
            Optional<InventoryJson.LastRelease> last = of.isEmpty() ? Optional.empty()
                    : Optional.of(new InventoryJson.LastRelease(of.getLast().id(), of.getLast().state()));
            environments.add(Json.MAPPER.readTree(InventoryJson.render(store.inventories().read(environment), last)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environments", environments);
        json(ctx, body);
    }

    void history(Context ctx) {
        String environment = ctx.queryParam("environment");
        if (environment == null || environment.isBlank()) {
            throw ApiProblem.badRequest("the query parameter environment is required, e.g. ?environment=production");
        }
        Input.name("environment", environment);
        Instant since = Instant.EPOCH;
        String sinceText = ctx.queryParam("since");
        if (sinceText != null) {
            try {
                since = Instant.parse(sinceText);
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("since must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, got \""
                        + Input.printable(sinceText) + "\"");
            }
        }
        String service = ctx.queryParam("service");
        if (service != null) {
            Input.name("service", service);
        }
        var deployments = service == null
                ? store.deployments().list(environment, since, END_OF_TIME)
                : store.deployments().list(environment, service, since, END_OF_TIME);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployments", deployments.stream().map(Json::deployment).toList());
        json(ctx, body);
    }

    /**
     * The DORA report of the window [now - since, now), as {@code slipway dora --format json}. The whole history up
     * to now is read, not only the window: a release is placed at its first succeeded deployment in all of it.
     */
    void dora(Context ctx) {
        String sinceText = ctx.queryParam("since");
        Duration length;
        try {
            length = Since.parse(sinceText == null ? "30d" : sinceText);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("since: " + Input.printable(e.getMessage()));
        }
        String environment = blankToNull(ctx.queryParam("environment"));
        String service = blankToNull(ctx.queryParam("service"));
        if (environment != null) {
            Input.name("environment", environment);
        }
        if (service != null) {
            Input.name("service", service);
        }
        Instant now = clock.instant();
        var rows = environment == null ? store.deployments().list(Instant.EPOCH, now)
                : store.deployments().list(environment, Instant.EPOCH, now);
        var history = rows.stream().filter(d -> service == null || d.service().equals(service)).toList();
        ctx.contentType("application/json").result(DoraJson.render(Dora.report(history, Window.last(length, now),
                java.util.Optional.ofNullable(environment))));
    }

    /** Every environment the store knows of: one with an inventory or a release. */
    java.util.SortedSet<String> known() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(store.inventories().environments());
        store.releases().list().forEach(r -> names.add(r.environment()));
        return names;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    void releases(Context ctx) {
        String environment = ctx.queryParam("environment");
        // a filter by a name no environment can have matches nothing: it is not looked up
        List<StoredRelease> releases = environment == null ? store.releases().list()
                : Input.isName(environment) ? store.releases().list(environment) : List.of();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("releases", releases.stream().map(Json::release).toList());
        json(ctx, body);
    }

    void release(Context ctx) {
        String id = ctx.pathParam("id");
        StoredRelease release = (Input.id(id) ? store.releases().find(id) : Optional.<StoredRelease>empty())
                .orElseThrow(() -> noRelease(id));
        Map<String, Object> body = new LinkedHashMap<>(Json.release(release));
        admissionOf(id).forEach(body::put);
        json(ctx, body);
    }

    /**
     * How a release was let in never changes once it is created, and its runner's document (the whole saved plan)
     * is large: each release's is read once and kept, so that polling a release costs no more than it did before.
     */
    private final Map<String, Map<String, Object>> admissions = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
                    return size() > 1000;
                }
            });

    private Map<String, Object> admissionOf(String id) {
        Map<String, Object> known = admissions.get(id);
        if (known != null) {
            return known;
        }
        Map<String, Object> read = admission(store.releases().document(id));
        if (read.get("startedBy") != null) { // a document without one may be written yet: read it again next time
            admissions.put(id, read);
        }
        return read;
    }

    /**
     * How the release was let into its environment, from its runner's document: who started it, its gates, an
     * admin's override and its approvals. Nulls for a release stored before gates were recorded.
     */
    private Map<String, Object> admission(Optional<String> document) {
        Map<String, Object> fields = new LinkedHashMap<>();
        tools.jackson.databind.JsonNode admission = document.map(d -> Json.MAPPER.readTree(d).get("admission"))
                .filter(a -> a != null && a.isObject()).orElse(null);
        fields.put("startedBy", admission == null ? null : admission.get("startedBy"));
        fields.put("gates", admission == null ? List.of() : admission.get("gates"));
        fields.put("forced", admission == null ? null : admission.get("forced"));
        return fields;
    }

    /** 404 for a release id: one the server never handed out cannot be one, and is not looked up. */
    static ApiProblem noRelease(String id) {
        return ApiProblem.notFound("no release \"" + Input.printable(id) + "\"");
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }
}
