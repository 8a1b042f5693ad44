package dev.slipway.server;

import dev.slipway.model.Environment;
import dev.slipway.model.SystemSpec;
import dev.slipway.store.auth.Action;
import dev.slipway.store.auth.Authorizer;
import dev.slipway.store.auth.Principal;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/whoami}: the presenting token's name, role and grants, and for each environment of the served
 * spec whether it may release there, as the {@link Authorizer} decides it for the release routes. The UI shows or
 * hides its actions by this answer; the release routes still decide each call themselves.
 */
final class WhoAmIRoutes {

    private final Authorizer authorizer;
    private final Optional<SystemSpec> served;

    WhoAmIRoutes(Authorizer authorizer, Optional<SystemSpec> served) {
        this.authorizer = authorizer;
        this.served = served;
    }

    void whoami(Context ctx) {
        Principal principal = ctx.attribute(ApiAuth.PRINCIPAL);
        List<Map<String, Object>> environments = new ArrayList<>();
        for (Environment environment : served.map(SystemSpec::environments).orElse(List.of())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", environment.name());
            row.put("mayRelease", authorizer.may(principal, Action.CREATE_RELEASE, environment.name()));
            environments.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", principal.id());
        body.put("name", principal.name());
        body.put("role", principal.role().keyword());
        body.put("grants", List.copyOf(principal.grants()));
        body.put("mayManageTokens", authorizer.may(principal, Action.MANAGE_TOKENS, null));
        body.put("environments", environments);
        ctx.contentType("application/json").result(Json.write(body));
    }
}
