package dev.slipway.server;

import dev.slipway.release.Inventory;
import dev.slipway.release.InventoryJson;
import dev.slipway.store.Store;
import dev.slipway.store.StoredRelease;
import io.javalin.http.Context;
import java.time.Instant;
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

    StoreRoutes(Store store) {
        this.store = store;
    }

    /**
     * An environment is known to the server once the store has an inventory or a release for it; any other
     * name is 404, so a typo is not mistaken for an empty environment.
     */
    void inventory(Context ctx) {
        String environment = ctx.pathParam("env");
        List<StoredRelease> releases = store.releases().list(environment);
        Inventory inventory = store.inventories().read(environment);
        if (releases.isEmpty() && store.inventories().updated(environment).isEmpty()) {
            throw ApiProblem.notFound("environment \"" + environment + "\" has no inventory and no releases here");
        }
        Optional<InventoryJson.LastRelease> last = releases.isEmpty() ? Optional.empty()
                : Optional.of(new InventoryJson.LastRelease(releases.getLast().id(), releases.getLast().state()));
        ctx.contentType("application/json").result(InventoryJson.render(inventory, last));
    }

    void history(Context ctx) {
        String environment = ctx.queryParam("environment");
        if (environment == null || environment.isBlank()) {
            throw ApiProblem.badRequest("the query parameter environment is required, e.g. ?environment=production");
        }
        Instant since = Instant.EPOCH;
        String sinceText = ctx.queryParam("since");
        if (sinceText != null) {
            try {
                since = Instant.parse(sinceText);
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("since must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, got \""
                        + sinceText + "\"");
            }
        }
        String service = ctx.queryParam("service");
        var deployments = service == null
                ? store.deployments().list(environment, since, END_OF_TIME)
                : store.deployments().list(environment, service, since, END_OF_TIME);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployments", deployments.stream().map(Json::deployment).toList());
        json(ctx, body);
    }

    void releases(Context ctx) {
        String environment = ctx.queryParam("environment");
        List<StoredRelease> releases = environment == null ? store.releases().list()
                : store.releases().list(environment);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("releases", releases.stream().map(Json::release).toList());
        json(ctx, body);
    }

    void release(Context ctx) {
        String id = ctx.pathParam("id");
        StoredRelease release = store.releases().find(id)
                .orElseThrow(() -> ApiProblem.notFound("no release \"" + id + "\""));
        json(ctx, Json.release(release));
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }
}
