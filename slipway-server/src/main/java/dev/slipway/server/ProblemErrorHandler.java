package dev.slipway.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers by itself, before a request reaches a route (a path with {@code %00} or {@code %ff}, a header
 * over the limit, a malformed request line), as a problem detail like every other refusal, instead of Jetty's HTML
 * page. Nothing the client sent is echoed: Jetty's reason may quote it.
 */
final class ProblemErrorHandler extends ErrorHandler {

    /** Jetty writes an error body for GET, POST and HEAD only; a DELETE (or any method) gets its problem too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        // Jetty closes a connection whose request it could not parse: say so, or a client reuses it and loses its
        // next request to the reset
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, body(code), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        return body(status);
    }

    private static ByteBuffer body(int status) {
        String title = HttpStatus.getMessage(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiProblem.TYPES + (status == 404 ? "not-found" : status == 413 ? "content-too-large"
                : status < 500 ? "bad-request" : "internal"));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail(status));
        problem.put("instance", "/");
        return ByteBuffer.wrap(Json.write(problem).getBytes(StandardCharsets.UTF_8));
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed (a path or query with an invalid escape such as %00 or %ff, "
                    + "or a malformed request line or header)";
            case 413 -> "the body is over " + SlipwayServer.MAX_BODY_BYTES + " bytes";
            case 414 -> "the request's URI is too long";
            case 431 -> "the request's headers are too large";
            default -> status >= 500 ? "the server failed to answer; the server log has the details"
                    : "the request was refused: " + HttpStatus.getMessage(status);
        };
    }
}
