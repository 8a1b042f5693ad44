package dev.slipway.server;

import dev.slipway.model.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request the API refuses, answered as an RFC 9457 problem detail ({@code application/problem+json}). Thrown
 * by route handlers for what a client caused; the server turns it into the response, so no user input ends in a
 * 500.
 *
 * @param problems the located spec problems, for a spec that does not load (empty otherwise)
 */
final class ApiProblem extends RuntimeException {

    static final String TYPES = "https://slipway.dev/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final Optional<List<Problem>> problems;
    private final Map<String, String> headers;

    private ApiProblem(int status, String type, String title, String detail, Optional<List<Problem>> problems) {
        this(status, type, title, detail, problems, Map.of());
    }

    private ApiProblem(int status, String type, String title, String detail, Optional<List<Problem>> problems,
                       Map<String, String> headers) {
        super(detail, null, false, false); // a user's mistake: no stack trace is ever shown or needed
        this.status = status;
        this.type = type;
        this.title = title;
        this.problems = problems.map(List::copyOf);
        this.headers = Map.copyOf(headers);
    }

    /**
     * No token, or one that is unknown, revoked or malformed (RFC 6750: {@code invalid_token} only when one was
     * presented). The detail never repeats what was presented.
     */
    static ApiProblem unauthorized(String detail, boolean tokenPresented) {
        return new ApiProblem(401, "unauthorized", "Unauthorized", detail, Optional.empty(),
                Map.of("WWW-Authenticate", tokenPresented ? "Bearer realm=\"slipway\", error=\"invalid_token\""
                        : "Bearer realm=\"slipway\""));
    }

    static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, Optional.empty());
    }

    /** The source address failed to authenticate too often; whole seconds, rounded up, so a client never retries early. */
    static ApiProblem tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiProblem(429, "too-many-requests", "Too many requests",
                "too many failed or anonymous requests from this address, or with this credential; try again in "
                        + seconds + " s (a valid token is always let through)",
                Optional.empty(), Map.of("Retry-After", Long.toString(seconds)));
    }

    /** Too many expensive requests at once (from this token, or all together); retry after {@code retryAfter}. */
    static ApiProblem busy(String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiProblem(429, "too-many-requests", "Too many requests", detail, Optional.empty(),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad request", detail, Optional.empty());
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, Optional.empty());
    }

    static ApiProblem unsupportedMediaType(String detail) {
        return new ApiProblem(415, "unsupported-media-type", "Unsupported media type", detail, Optional.empty());
    }

    static ApiProblem invalidSpec(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        return new ApiProblem(422, "invalid-spec", "Invalid slipway.yaml",
                errors + (errors == 1 ? " error" : " errors") + " in the spec; each is listed in problems",
                Optional.of(problems));
    }

    static ApiProblem invalidRequest(String detail, List<Problem> problems) {
        return new ApiProblem(422, "invalid-request", "Invalid request", detail, Optional.of(problems));
    }

    /** A status Javalin itself answered (404 no such route, 405, 413 body too large, ...) as a problem. */
    static ApiProblem of(int status, String title, String detail) {
        String type = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "content-too-large";
            default -> "http-" + status;
        };
        return new ApiProblem(status, type, title, detail, Optional.empty());
    }

    /** The release or its environment is in a state that refuses the call (another release holds it, it ended). */
    static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail, Optional.empty());
    }

    /** This replica serves reads; the leader runs releases. Retry-After: an election takes seconds. */
    static ApiProblem notLeading(String detail) {
        return new ApiProblem(503, "not-leader", "Not the leader", detail, Optional.empty(), Map.of("Retry-After", "5"));
    }

    static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "unavailable", "Service unavailable", detail, Optional.empty());
    }

    static ApiProblem internal() {
        return new ApiProblem(500, "internal", "Internal server error",
                "the server failed to answer; the server log has the details", Optional.empty());
    }

    int status() {
        return status;
    }

    String type() {
        return TYPES + type;
    }

    String title() {
        return title;
    }

    Optional<List<Problem>> problems() {
        return problems;
    }

    /** Headers the answer carries besides the body: {@code WWW-Authenticate}, {@code Retry-After}. */
    Map<String, String> headers() {
        return headers;
    }
}
