package dev.slipway.supply.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token service of Docker's token authentication, for a real docker-registry configured with
 * {@code auth.token}: it checks a user's Basic credentials and hands out a JWT (RS256, the signing certificate in
 * {@code x5c}, which the registry verifies against its {@code rootcertbundle}) granting the scopes asked for. The
 * key pair and the self-signed certificate come from the JDK's keytool. Anonymous and wrong credentials get 401.
 */
final class TokenServer implements AutoCloseable {

    static final String SERVICE = "slipway-test-registry";
    static final String ISSUER = "slipway-test-token-issuer";

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String user;
    private final String password;
    /** every token request's query and whether it carried the right credentials, for assertions */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Path certificateBundle;

    private TokenServer(Path dir, String user, String password) throws Exception {
        this.user = user;
        this.password = password;
        Path keystore = dir.resolve("token-signer.p12");
        Tools.run(dir, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keyalg", "RSA", "-keysize", "2048", "-alias", "signer", "-dname", "CN=slipway test token signer",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        this.key = (PrivateKey) store.getKey("signer", "changeit".toCharArray());
        this.certificate = (X509Certificate) store.getCertificate("signer");
        this.certificateBundle = Files.writeString(dir.resolve("token-signer.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    static TokenServer start(Path dir, String user, String password) {
        try {
            Files.createDirectories(dir);
            return new TokenServer(dir, user, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("cannot make the token signer: " + e, e);
        }
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private void token(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        boolean authenticated = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add((authenticated ? "user " : "refused ") + URLDecoder.decode(query, StandardCharsets.UTF_8));
        if (!authenticated) {
            reply(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
            return;
        }
        List<Map<String, Object>> access = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("scope=")) {
                String[] scope = URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8).split(":");
                access.add(Map.of("type", scope[0], "name", scope[1], "actions", List.of(scope[2].split(","))));
            }
        }
        reply(exchange, 200, JsonMapper.shared().writeValueAsString(Map.of("token", jwt(access),
                "expires_in", 300)));
    }

    private String jwt(List<Map<String, Object>> access) {
        try {
            long now = Instant.now().getEpochSecond();
            Map<String, Object> header = Map.of("typ", "JWT", "alg", "RS256",
                    "x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("sub", user);
            claims.put("aud", SERVICE);
            claims.put("exp", now + 300);
            claims.put("nbf", now - 10);
            claims.put("iat", now);
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("access", access);
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signed = url.encodeToString(JsonMapper.shared().writeValueAsBytes(header)) + "."
                    + url.encodeToString(JsonMapper.shared().writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + url.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
