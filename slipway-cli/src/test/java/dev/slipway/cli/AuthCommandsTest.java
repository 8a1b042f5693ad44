package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.store.AuditEntry;
import dev.slipway.store.Store;
import dev.slipway.store.auth.Principal;
import dev.slipway.store.auth.Role;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuthCommandsTest {

    private static final Pattern TOKEN = Pattern.compile("slw_[A-Za-z0-9_-]{43}");
    private static final Pattern HEAD = Pattern.compile("Head: ([0-9a-f]{64})");

    @TempDir
    Path data;

    private Cli slipway(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        return Cli.run(all);
    }

    /** Plain SQL, as someone who can read the data directory (the database and its password file) could run it. */
    private void tamper(String sql) throws Exception {
        String password = java.nio.file.Files.readString(data.resolve("slipway.db-password")).strip();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("slipway"), "sa",
                password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String head(Cli verify) {
        Matcher head = HEAD.matcher(verify.out());
        assertThat(head.find()).as(verify.out()).isTrue();
        return head.group(1);
    }

    @Test
    void aTokenIsCreatedShownOnceListedRevokedAndEveryChangeIsAudited() throws Exception {
        Cli created = slipway("token", "create", "--name", "ci", "--role", "deployer", "--grant", "staging",
                "--grant", "production");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(token).as("the token alone on standard output").matches(TOKEN);
        assertThat(created.err()).contains("(ci, deployer, grants: production, staging)")
                .contains("it cannot be shown again");
        String id;
        try (Store store = Store.h2(data)) {
            Principal principal = store.tokens().authenticate(token).orElseThrow();
            assertThat(principal.grants()).isEqualTo(Set.of("staging", "production"));
            id = principal.id();
        }

        Cli listed = slipway("token", "list");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("ID", "NAME", "ROLE", "GRANTS").contains(id)
                .contains("production,staging").contains(System.getProperty("user.name")).doesNotContain(token)
                .doesNotContain(token.substring(4));
        JsonNode json = JsonMapper.builder().build().readTree(slipway("token", "list", "--format", "json").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("id").asString()).isEqualTo(id);
        assertThat(json.get(0).get("role").asString()).isEqualTo("deployer");
        assertThat(json.get(0).get("grants").toString()).isEqualTo("[\"production\",\"staging\"]");
        assertThat(json.get(0).get("revoked").isNull()).isTrue();
        assertThat(json.toString()).doesNotContain(token.substring(4));

        Cli revoked = slipway("token", "revoke", id);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(revoked.out()).isEqualTo("Revoked " + id + ".\n");
        Cli again = slipway("token", "revoke", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("error: there is no active token " + id);
        JsonNode afterwards = JsonMapper.builder().build().readTree(slipway("token", "list", "--format", "json").out());
        assertThat(afterwards.get(0).get("revoked").isNull()).isFalse();

        try (Store store = Store.h2(data)) {
            assertThat(store.tokens().authenticate(token)).as("revoked").isEmpty();
            List<AuditEntry> audit = store.auditLog().read();
            assertThat(audit).extracting(AuditEntry::action, AuditEntry::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("token-create", "ok"),
                    org.assertj.core.groups.Tuple.tuple("token-revoke", "ok"),
                    org.assertj.core.groups.Tuple.tuple("token-revoke", "no active token"));
            assertThat(audit).allSatisfy(e -> {
                assertThat(e.actor()).isEqualTo(System.getProperty("user.name"));
                assertThat(e.target()).startsWith(id).doesNotContain(token.substring(4));
            });
        }

        Cli verified = slipway("audit", "verify");
        assertThat(verified.exitCode()).as(verified.out()).isZero();
        assertThat(verified.out()).startsWith("Audit log intact: 3 rows.\n");
        assertThat(head(verified)).matches("[0-9a-f]{64}");
    }

    @Test
    void verifyExitsOneAndNamesTheFirstBrokenRowOfATamperedDatabase() throws Exception {
        slipway("token", "create", "--name", "ci", "--role", "admin");
        slipway("token", "create", "--name", "ops", "--role", "admin", "--grant", "production");
        tamper("UPDATE audit_log SET target = 'tok_other (ci, viewer, grants: none)' WHERE id = 1");
        Cli verified = slipway("audit", "verify");
        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.out()).startsWith("Audit log BROKEN at row 1: row 1 does not match its hash (a field was "
                + "edited) (0 rows intact before it)\nHead: " + "0".repeat(64) + "\n");
    }

    @Test
    void aRecordedHeadFindsATruncationThatRewroteTheHeadRow() throws Exception {
        slipway("token", "create", "--name", "ci", "--role", "admin");
        String first = head(slipway("audit", "verify"));
        slipway("token", "create", "--name", "ops", "--role", "admin");
        String recorded = head(slipway("audit", "verify"));
        tamper("DELETE FROM audit_log WHERE id = 2");
        tamper("UPDATE audit_head SET last_id = 1, head_hash = '" + first + "'");

        assertThat(slipway("audit", "verify").exitCode()).as("consistent without an anchor").isZero();
        Cli anchored = slipway("audit", "verify", "--expect-head", recorded);
        assertThat(anchored.exitCode()).isEqualTo(1);
        assertThat(anchored.out()).contains("the recorded head " + recorded + " is not the hash of any row");
    }

    @Test
    void badRolesAndViewerGrantsAreRefused() {
        Cli badRole = slipway("token", "create", "--name", "ci", "--role", "root");
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).contains("'root' is not one of: viewer, deployer, admin");
        Cli viewer = slipway("token", "create", "--name", "dash", "--role", "viewer", "--grant", "staging");
        assertThat(viewer.exitCode()).isEqualTo(1);
        assertThat(viewer.err()).contains("error: a viewer only reads: it cannot be granted environments");
        assertThat(slipway("token", "list").out()).startsWith("No API tokens yet");
    }

    @Test
    void dbUrlNamesTheDatabase() {
        String url = "jdbc:h2:file:" + data.resolve("elsewhere").resolve("db");
        Cli created = Cli.run("token", "create", "--name", "ci", "--role", "viewer", "--db-url", url);
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(Cli.run("token", "list", "--db-url", url).out()).contains("viewer");
        assertThat(slipway("token", "list").out()).as("not the data directory's").startsWith("No API tokens yet");
        try (Store store = Store.open(url, "", "")) {
            assertThat(store.tokens().authenticate(created.out().strip()).map(Principal::role)).contains(Role.VIEWER);
        }
    }
}
