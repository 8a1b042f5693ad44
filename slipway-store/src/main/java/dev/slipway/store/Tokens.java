package dev.slipway.store;

import dev.slipway.store.auth.Authorizer;

import dev.slipway.store.auth.Principal;
import dev.slipway.store.auth.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens: {@code slw_} and 32 random bytes in base64url. The plaintext is returned once by {@link #create};
 * the database keeps only its SHA-256. A plain, unsalted, fast hash is right here because the secret is 256 random
 * bits, not a password: there is no dictionary to try and no preimage to find, while a slow password hash would
 * make every API request pay for a threat that does not exist.
 */
public final class Tokens {

    static final String PREFIX = "slw_";
    private static final int SECRET_BYTES = 32;
    /** {@code slw_} + 43 base64url characters (32 bytes, no padding): anything else is not a token. */
    private static final int TOKEN_LENGTH = PREFIX.length() + 43;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The spec's rule for environment names. */
    private static final java.util.regex.Pattern ENVIRONMENT =
            java.util.regex.Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Jdbi jdbi;

    Tokens(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Creates a token for {@code name} with {@code role}, allowed to release to {@code grants}; returns the only copy
     * of its secret. A viewer cannot be granted environments (grants are about releasing, which a viewer never does).
     */
    public IssuedToken create(String name, Role role, Set<String> grants, String createdBy, Instant at) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a token needs a name");
        }
        SafeText.require("the token's name", name, SafeText.NAME_AT_MOST);
        if (role == Role.VIEWER && !grants.isEmpty()) {
            throw new IllegalArgumentException("a viewer only reads: it cannot be granted environments");
        }
        for (String environment : grants) {
            if (environment == null || environment.isBlank()) {
                throw new IllegalArgumentException("a granted environment needs a name");
            }
            String granted = environment.startsWith(Authorizer.APPROVER_PREFIX)
                    ? environment.substring(Authorizer.APPROVER_PREFIX.length()) : environment;
            if (!ENVIRONMENT.matcher(granted).matches()) {
                throw new IllegalArgumentException("a granted environment is a name as slipway.yaml writes it "
                        + "(lower-case letters, digits and '-', starting with a letter), or approve:ENV, got \""
                        + SafeText.printable(environment, SafeText.NAME_AT_MOST) + "\"");
            }
        }
        byte[] random = new byte[SECRET_BYTES];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        TokenInfo info = new TokenInfo("tok_" + HexFormat.of().formatHex(id), name, role, grants, at,
                Optional.ofNullable(createdBy), Optional.empty());
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO api_tokens (id, name, role, token_hash, created_at, created_by)
                            VALUES (:id, :name, :role, :hash, :created, :createdBy)""")
                    .bind("id", info.id()).bind("name", name).bind("role", role.keyword())
                    .bind("hash", hash(secret)).bind("created", at).bind("createdBy", createdBy).execute();
            for (String environment : info.grants()) {
                handle.createUpdate("INSERT INTO api_token_grants (token_id, environment) VALUES (:id, :environment)")
                        .bind("id", info.id()).bind("environment", environment).execute();
            }
        });
        return new IssuedToken(info, secret);
    }

    /** Every token, revoked ones included, oldest first; never a secret or a hash. */
    public List<TokenInfo> list() {
        return jdbi.withHandle(handle -> {
            Map<String, Set<String>> grants = new LinkedHashMap<>();
            handle.createQuery("SELECT token_id, environment FROM api_token_grants")
                    .map((row, context) -> Map.entry(row.getString("token_id"), row.getString("environment")))
                    .forEach(g -> grants.computeIfAbsent(g.getKey(), key -> new TreeSet<>()).add(g.getValue()));
            List<TokenInfo> tokens = new ArrayList<>();
            handle.createQuery("""
                            SELECT id, name, role, created_at, created_by, revoked_at FROM api_tokens
                            ORDER BY created_at, id""")
                    .map((row, context) -> new TokenInfo(row.getString("id"), row.getString("name"),
                            Role.of(row.getString("role")), grants.getOrDefault(row.getString("id"), Set.of()),
                            Sql.instant(row, "created_at"), Sql.optionalString(row, "created_by"),
                            Sql.optionalInstant(row, "revoked_at")))
                    .forEach(tokens::add);
            return tokens;
        });
    }

    /** Revokes token {@code id} as of {@code at}; false when there is no such token or it was revoked already. */
    public boolean revoke(String id, Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL""")
                .bind("id", id).bind("at", at).execute()) == 1;
    }

    /** The principal of an active token; empty for anything else (malformed, unknown, revoked). */
    public Optional<Principal> authenticate(String presented) {
        // the shape is checked first, so a huge or odd string is neither hashed nor sent to the database
        if (presented == null || presented.length() != TOKEN_LENGTH || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = hash(presented);
        // Looking the row up by its hash is safe from timing attacks: a guesser controls the secret, not its hash,
        // so how far an index comparison gets says nothing useful. The constant-time comparison below re-checks
        // the row found so that no comparison of secret material in this process short-circuits.
        return jdbi.withHandle(handle -> {
            Optional<Map<String, Object>> row = handle.createQuery("""
                            SELECT id, name, role, token_hash FROM api_tokens
                            WHERE token_hash = :hash AND revoked_at IS NULL""")
                    .bind("hash", hash).mapToMap().findFirst();
            if (row.isEmpty() || !MessageDigest.isEqual(
                    ((String) row.get().get("token_hash")).getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            String id = (String) row.get().get("id");
            Set<String> grants = handle.createQuery("SELECT environment FROM api_token_grants WHERE token_id = :id")
                    .bind("id", id).mapTo(String.class).set();
            return Optional.of(new Principal(id, (String) row.get().get("name"),
                    Role.of((String) row.get().get("role")), grants));
        });
    }

    /** The SHA-256 of a secret, hex: what the table keeps, and what a cache of authenticated tokens is keyed by. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
