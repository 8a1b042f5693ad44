package dev.slipway.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web UI (the slipway-ui jar's {@code dev/slipway/ui/}) served at {@code /}, beside the API. The bundler names
 * every file under {@code assets/} by a hash of its content, so those may be cached for ever; {@code index.html}
 * names the current ones and must be asked again each time. The UI routes by the URL's fragment
 * ({@code /#/releases/r-1}), so no server-side fallback to index.html is needed.
 */
final class UiAssets {

    static final String ROOT = "/dev/slipway/ui";

    /**
     * The page may only load what this server serves and talk to it: a script injected through a spec's text
     * could not send the session's token anywhere else. React Flow positions nodes with style attributes.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private UiAssets() {
    }

    /** True when the UI's assets are on the class path (a server built without slipway-ui serves the API alone). */
    static boolean present() {
        return UiAssets.class.getResource(ROOT + "/index.html") != null;
    }

    static void serve(JavalinConfig cfg) {
        if (!present()) {
            return;
        }
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/assets";
            files.directory = ROOT + "/assets";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable",
                    "X-Content-Type-Options", "nosniff");
        });
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = ROOT;
            files.location = Location.CLASSPATH;
            files.skipFileFunction = request -> request.getRequestURI().startsWith("/assets/");
            files.headers = Map.of("Cache-Control", "no-cache", "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                    "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");
        });
    }
}
