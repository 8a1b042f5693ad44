package dev.slipway.supply.registry;

import dev.slipway.supply.registry.RegistryCredentials.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OCI distribution API of one registry, as a copy by digest needs it: manifests by reference, blob existence,
 * cross-repository mounts, uploads (monolithic and chunked) and blob downloads. Authentication answers the
 * registry's challenge: Basic with the credentials, or the Bearer token flow (a token from the challenge's realm for
 * its service and the scopes asked, fetched with the credentials or anonymously); the header is kept per scope.
 * Every refusal becomes a one-line {@link RegistryException}; no message holds a credential or a token.
 */
final class RegistryClient {

    private static final int MAX_REDIRECTS = 5;

    private final String registry;
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Optional<Credential> credential;
    private final RegistryCredentials credentials;
    /** the Authorization header per scope; under {@link #ANY_SCOPE} when the registry uses Basic */
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();
    private static final String ANY_SCOPE = "";

    RegistryClient(String registry, boolean plainHttp, HttpClient http, Duration timeout,
            RegistryCredentials credentials) {
        this.registry = registry;
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        this.base = URI.create((plainHttp ? "http://" : "https://") + host + "/v2/");
        this.http = http;
        this.timeout = timeout;
        this.credentials = credentials;
        this.credential = credentials.forRegistry(registry);
    }

    String registry() {
        return registry;
    }

    // ---- manifests

    Manifest manifest(String repository, Digest digest) {
        String scope = pull(repository);
        HttpResponse<byte[]> response = send(scope, "read the manifest " + digest + " of " + repository,
                () -> request(path(repository, "manifests/" + digest)).header("Accept", String.join(", ",
                        Manifest.ACCEPTED)).GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            throw new RegistryException(RegistryException.Reason.NOT_FOUND, registry + "/" + repository
                    + " has no manifest " + digest + " (" + errorOf(response.body()) + ")",
                    "check the digest with `skopeo inspect docker://" + registry + "/" + repository + "@" + digest
                            + "`; a promotion copies the digest the build recorded");
        }
        expect(response, 200, "read the manifest " + digest + " of " + repository);
        return Manifest.of(response.body(), response.headers().firstValue("Content-Type"), digest,
                registry + "/" + repository);
    }

    /** Puts the manifest's exact bytes under this reference (its digest or a tag); returns the digest the registry computed. */
    Digest putManifest(String repository, String reference, Manifest manifest) {
        String what = "put the manifest " + manifest.digest() + " into " + repository + " as " + reference;
        HttpResponse<byte[]> response = send(push(repository), what,
                () -> request(path(repository, "manifests/" + reference)).header("Content-Type",
                        manifest.mediaType()).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.content())),
                HttpResponse.BodyHandlers.ofByteArray());
        expect(response, 201, what);
        return response.headers().firstValue("Docker-Content-Digest").map(Digest::parse).orElse(manifest.digest());
    }

    // ---- blobs

    boolean hasBlob(String repository, Digest digest) {
        HttpResponse<byte[]> response = send(push(repository), "check the blob " + digest + " in " + repository,
                () -> request(path(repository, "blobs/" + digest)).method("HEAD",
                        HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return false;
        }
        expect(response, 200, "check the blob " + digest + " in " + repository);
        return true;
    }

    /** An upload session the registry opened: where to send the content, and its smallest chunk, if it said. */
    record Upload(URI location, long minimumChunk) {}

    /**
     * Asks the registry to mount the blob from another of its repositories. Empty when it did (201); otherwise the
     * upload session it opened instead (202 with a Location), e.g. when it does not allow mounts or the caller may
     * not read the source.
     */
    Optional<Upload> mount(String repository, Digest digest, String from) {
        String what = "mount the blob " + digest + " from " + from + " into " + repository;
        HttpResponse<byte[]> response = send(push(repository) + " " + pull(from), what,
                () -> request(path(repository, "blobs/uploads/?mount=" + encode(digest.toString()) + "&from="
                        + encode(from))).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 201) {
            return Optional.empty();
        }
        expect(response, 202, what);
        return Optional.of(upload(response, what));
    }

    Upload startUpload(String repository) {
        String what = "start an upload into " + repository;
        HttpResponse<byte[]> response = send(push(repository), what,
                () -> request(path(repository, "blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofByteArray());
        expect(response, 202, what);
        return upload(response, what);
    }

    /** Sends one chunk at this offset (PATCH with Content-Range); returns where the next one goes. */
    URI uploadChunk(String repository, URI location, byte[] chunk, int length, long offset) {
        String what = "upload a chunk at byte " + offset + " into " + repository;
        HttpResponse<byte[]> response = sendOnce(push(repository), what, request(location)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + length - 1))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk, 0, length)));
        expect(response, 202, what);
        return location(response, what);
    }

    /** Closes an upload with the blob's digest, sending the rest of the content (all of it for a monolithic upload). */
    void finishUpload(String repository, URI location, Digest digest, HttpRequest.BodyPublisher rest) {
        String what = "upload the blob " + digest + " into " + repository;
        String query = (location.getRawQuery() == null ? "?" : "&") + "digest=" + encode(digest.toString());
        HttpResponse<byte[]> response = sendOnce(push(repository), what,
                request(URI.create(location + query)).header("Content-Type", "application/octet-stream").PUT(rest));
        if (response.statusCode() == 400 && errorOf(response.body()).startsWith("DIGEST_INVALID")) {
            throw new RegistryException(RegistryException.Reason.DIGEST_MISMATCH, registry + "/" + repository
                    + " refused the blob " + digest + ": its content does not hash to that digest",
                    "the source registry served altered content; check the source image with `skopeo inspect`");
        }
        expect(response, 201, what);
    }

    /** A blob's content and length; redirects (registries hand blobs to a storage host) are followed without credentials. */
    record Blob(InputStream content, long length) {}

    Blob openBlob(String repository, Digest digest) {
        String what = "read the blob " + digest + " of " + repository;
        HttpResponse<InputStream> response = send(pull(repository), what,
                () -> request(path(repository, "blobs/" + digest)).GET(), HttpResponse.BodyHandlers.ofInputStream());
        for (int hop = 0; isRedirect(response.statusCode()) && hop < MAX_REDIRECTS; hop++) {
            URI target = location(response, what);
            close(response);
            HttpRequest.Builder next = HttpRequest.newBuilder(target).GET();
            if (target.getHost() != null && target.getHost().equals(base.getHost())
                    && target.getPort() == base.getPort()) {
                Optional.ofNullable(authorizationFor(pull(repository))).ifPresent(h -> next.header("Authorization", h));
            }
            response = call(next.build(), HttpResponse.BodyHandlers.ofInputStream(), what);
        }
        if (response.statusCode() != 200) {
            byte[] body = readAll(response);
            if (response.statusCode() == 404) {
                throw new RegistryException(RegistryException.Reason.NOT_FOUND, registry + "/" + repository
                        + " is missing the blob " + digest + " its manifest references (" + errorOf(body) + ")",
                        "the source image is incomplete; push it again from the build");
            }
            throw refusal(response.statusCode(), body, what);
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Blob(response.body(), length);
    }

    // ---- authentication

    private <T> HttpResponse<T> send(String scope, String what, Supplier<HttpRequest.Builder> builder,
            HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response = call(authorized(builder.get(), scope), handler, what);
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            close(response);
            authenticate(challenge, scope, what);
            response = call(authorized(builder.get(), scope), handler, what);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(response.statusCode(), readAll(response), what, scope);
        }
        return response;
    }

    /** For bodies sent once (upload content): the session's POST already authenticated this scope. */
    private HttpResponse<byte[]> sendOnce(String scope, String what, HttpRequest.Builder builder) {
        HttpResponse<byte[]> response = call(authorized(builder, scope), HttpResponse.BodyHandlers.ofByteArray(),
                what);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(response.statusCode(), response.body(), what, scope);
        }
        return response;
    }

    private HttpRequest authorized(HttpRequest.Builder builder, String scope) {
        String header = authorizationFor(scope);
        if (header != null) {
            builder.header("Authorization", header);
        }
        return builder.build();
    }

    private String authorizationFor(String scope) {
        return authorizations.getOrDefault(scope, authorizations.get(ANY_SCOPE));
    }

    private void authenticate(String header, String scope, String what) {
        Challenge challenge = Challenge.parse(header).orElseThrow(() -> refused(401, new byte[0], what, scope));
        if (challenge.isBasic()) {
            Credential given = credential.orElseThrow(() -> refused(401, new byte[0], what, scope));
            authorizations.put(ANY_SCOPE, "Basic " + Base64.getEncoder().encodeToString(
                    (given.username() + ":" + given.password()).getBytes(StandardCharsets.UTF_8)));
        } else if (challenge.isBearer()) {
            authorizations.put(scope, "Bearer " + token(challenge, scope, what));
        } else {
            throw new RegistryException(RegistryException.Reason.REFUSED, registry + " asks for " + challenge.scheme()
                    + " authentication to " + what, "only Basic and Bearer (token) authentication are supported");
        }
    }

    /** The Bearer token flow: the realm hands a token for the service and scopes, to the credentials or to anyone. */
    private String token(Challenge challenge, String scope, String what) {
        String realm = challenge.parameter("realm").orElseThrow(() -> new RegistryException(
                RegistryException.Reason.REFUSED, registry + " asks for a token without naming its realm",
                "the registry's token authentication is misconfigured"));
        // the challenge's scopes and ours, one per resource with the union of actions (pull + pull,push → pull,push)
        Map<String, Set<String>> actions = new LinkedHashMap<>();
        String asked = challenge.parameter("scope").orElse("") + " " + scope;
        for (String one : asked.strip().split(" +")) {
            int colon = one.lastIndexOf(':');
            actions.computeIfAbsent(one.substring(0, colon), r -> new LinkedHashSet<>())
                    .addAll(List.of(one.substring(colon + 1).split(",")));
        }
        List<String> scopes = actions.entrySet().stream()
                .map(e -> e.getKey() + ":" + String.join(",", e.getValue())).toList();
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        challenge.parameter("service").ifPresent(s -> url.append("service=").append(encode(s)).append('&'));
        scopes.forEach(s -> url.append("scope=").append(encode(s)).append('&'));
        URI tokenUri;
        try {
            tokenUri = URI.create(url.substring(0, url.length() - 1));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.REFUSED, registry + " names a token realm that is "
                    + "not a URL", "the registry's token authentication is misconfigured");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(timeout).GET();
        credential.ifPresent(c -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<byte[]> response = call(request.build(), HttpResponse.BodyHandlers.ofByteArray(),
                "get a token from " + tokenUri.getHost() + " to " + what);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(response.statusCode(), response.body(), what, scope);
        }
        if (response.statusCode() != 200) {
            throw refusal(response.statusCode(), response.body(), "get a token from " + tokenUri.getHost() + " to "
                    + what);
        }
        try {
            JsonNode json = JsonMapper.shared().readTree(response.body());
            String token = json.path("token").asString(json.path("access_token").asString(""));
            if (!token.isEmpty()) {
                return token;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new RegistryException(RegistryException.Reason.REFUSED, "the token service " + tokenUri.getHost()
                + " of " + registry + " answered without a token", "the registry's token authentication is "
                + "misconfigured");
    }

    private RegistryException refused(int status, byte[] body, String what, String scope) {
        String who = credential.map(c -> "the credentials from " + c.source()).orElse("anonymous access");
        String hint = credential.isPresent()
                ? "check the user and password or token in " + credential.get().source() + ", and that it may "
                        + (scope.contains("push") ? "push to" : "pull from") + " this repository"
                : credentials.howToAuthenticate(registry);
        return new RegistryException(RegistryException.Reason.UNAUTHORIZED, registry + " refused " + who + " to "
                + what + " (HTTP " + status + errorSuffix(body) + ")", hint);
    }

    // ---- HTTP

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    private URI path(String repository, String rest) {
        return base.resolve(repository + "/" + rest);
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(what, e instanceof ConnectException ? "connection refused" : "connect timed out");
        } catch (HttpTimeoutException e) {
            throw unreachable(what, "no answer within " + timeout.toSeconds() + " s");
        } catch (SSLException e) {
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, "cannot " + what + ": TLS with "
                    + registry + " failed (" + e.getMessage() + ")", "a registry on plain HTTP must be named as "
                    + "insecure; one with a private CA needs that CA in the JVM's trust store");
        } catch (IOException e) {
            throw unreachable(what, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(what, "interrupted");
        }
    }

    private RegistryException unreachable(String what, String why) {
        return new RegistryException(RegistryException.Reason.UNREACHABLE, "cannot " + what + ": registry "
                + registry + " is not reachable at " + base + " (" + why + ")",
                "check the registry's address and that it runs; plain HTTP is used only for loopback addresses and "
                        + "registries named as insecure");
    }

    private void expect(HttpResponse<byte[]> response, int status, String what) {
        if (response.statusCode() != status) {
            throw refusal(response.statusCode(), response.body(), what);
        }
    }

    private RegistryException refusal(int status, byte[] body, String what) {
        boolean down = status >= 500 || status == 429;
        return new RegistryException(down ? RegistryException.Reason.UNREACHABLE : RegistryException.Reason.REFUSED,
                registry + " answered HTTP " + status + errorSuffix(body) + " when asked to " + what,
                down ? "the registry is failing or throttling; try again later" : "see the registry's error above");
    }

    private Upload upload(HttpResponse<?> response, String what) {
        long minimum = response.headers().firstValueAsLong("OCI-Chunk-Min-Length").orElse(0);
        return new Upload(location(response, what), minimum);
    }

    /** The Location header, relative or absolute, resolved against the request it answers. */
    private URI location(HttpResponse<?> response, String what) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                RegistryException.Reason.REFUSED, registry + " answered HTTP " + response.statusCode()
                        + " without a Location when asked to " + what, "the registry does not follow the OCI "
                        + "distribution API"));
        return response.request().uri().resolve(location);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The registry's first error as {@code CODE: message}, from its JSON error body. */
    static String errorOf(byte[] body) {
        try {
            JsonNode error = JsonMapper.shared().readTree(body).path("errors").path(0);
            String code = error.path("code").asString("");
            String message = error.path("message").asString("");
            return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
        } catch (JacksonException e) {
            return "";
        }
    }

    private static String errorSuffix(byte[] body) {
        String error = body.length == 0 ? "" : errorOf(body);
        return error.isEmpty() ? "" : " " + error;
    }

    private static byte[] readAll(HttpResponse<?> response) {
        if (response.body() instanceof byte[] bytes) {
            return bytes;
        }
        if (response.body() instanceof InputStream in) {
            try (in) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    private static void close(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
    }

    private static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    private static String push(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
