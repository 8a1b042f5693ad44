package dev.slipway.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is refused before Javalin sees a request. Javalin takes the method from {@code X-HTTP-Method-Override}
 * when a request carries it, so a GET with {@code X-HTTP-Method-Override: POST} once created a release (and was
 * logged as the POST it became): a request that names another method in a header is refused here with a 400, and
 * the request's own method is the only one that counts. And Javalin answers HEAD from a GET route without running
 * the route's handler, which is where the token is checked: HEAD is refused on every route that needs a token.
 */
final class RequestGate implements Filter {

    /** The headers some frameworks take a method from; none is honoured. */
    static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
            "X-Method-Override");

    /** The routes that need no token, where HEAD is as good as GET. */
    static final List<String> OPEN = List.of("/healthz", "/readyz", "/metrics", "/api/v1/openapi.json");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        for (String header : METHOD_OVERRIDES) {
            if (http.getHeader(header) != null) {
                refuse((HttpServletResponse) response, http.getRequestURI(), header);
                return;
            }
        }
        if (http.getMethod().equals("HEAD") && !OPEN.contains(http.getRequestURI())) {
            // Javalin answers HEAD from a GET route without running its handler, so without its token check
            response((HttpServletResponse) response, http.getRequestURI(), 405, "method-not-allowed", "Method not allowed",
                    "HEAD is answered on the open routes only (" + String.join(", ", OPEN) + "); send GET");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String path, String header) throws IOException {
        response(response, path, 400, "bad-request", "Bad request",
                header + " is not supported: send the request with the method itself");
    }

    private static void response(HttpServletResponse response, String path, int status, String type, String title,
                                 String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiProblem.TYPES + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", Input.printable(path, 200));
        if (status == 405) {
            response.setHeader("Allow", "GET");
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(Json.write(problem).getBytes(StandardCharsets.UTF_8));
    }
}
