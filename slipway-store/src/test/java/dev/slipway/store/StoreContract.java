package dev.slipway.store;

import dev.slipway.model.VersionRange;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.slipway.release.dora.Deployment;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.Track;
import dev.slipway.release.TrackState;
import dev.slipway.release.analysis.Judgement;
import dev.slipway.release.analysis.Measurement;
import dev.slipway.release.analysis.Verdict;
import dev.slipway.release.execute.Journal;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.report.PodEvent;
import dev.slipway.release.report.Evidence;
import dev.slipway.release.time.VirtualClock;
import dev.slipway.store.auth.FailedAuthentications;
import dev.slipway.store.auth.Principal;
import dev.slipway.store.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store promises, whichever database is behind it: the subclasses run this same suite on H2 and on
 * PostgreSQL. Every test starts on an empty database of its own.
 */
abstract class StoreContract {

    /** Microseconds: the finest both databases keep. */
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456Z");

    Store store;

    /** Makes the database the next {@link #open()} connects to, empty. */
    abstract void newDatabase() throws Exception;

    /** A store on this test's database; every call opens the same database again. */
    abstract Store open();

    /** Flyway's own view of this test's database, to see what was migrated. */
    abstract Flyway flyway();

    /** A plain JDBC connection to this test's database, beside the store: how the tests tamper with rows. */
    abstract java.sql.Connection connect() throws java.sql.SQLException;

    @BeforeEach
    void openStore() throws Exception {
        newDatabase();
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static Transition transition(String release, long sequence, String reason) {
        return new Transition(release, sequence, T0.plusMillis(sequence * 1500), "catalog", "pending", "deploying",
                -1, 0, "canary", "stable", reason, false);
    }

    // ---- the journal ----

    @Test
    void theJournalReadsBackEveryTransitionExactlyAndInSequenceOrder() {
        Journal journal = store.journal();
        List<Transition> appended = List.of(
                new Transition("r1", 0, T0, Transition.RELEASE, "new", "running", -1, 0, "", "", "release of 1", false),
                new Transition("r1", 1, T0.plusNanos(1_000), "catalog", "pending", "deploying", -1, 0, "canary",
                        "stable", "", false),
                new Transition("r1", 2, T0.plusSeconds(60), "catalog", "deploying", "analysing 0", 0, 10, "canary",
                        "stable", "canary up, 10 % of traffic", false),
                new Transition("r1", 3, T0.plusSeconds(120), "catalog", "analysing 0", "rolling-back", 0, 10,
                        "canary", "stable", "error rate 30 % > 5 % (ünïcode ✓)", true));
        appended.forEach(journal::append);
        journal.append(transition("other", 0, "another release"));

        assertThat(journal.read("r1")).containsExactlyElementsOf(appended);
        assertThat(journal.read("other")).extracting(Transition::reason).containsExactly("another release");
    }

    @Test
    void theJournalOfAnUnknownReleaseIsEmpty() {
        store.journal().append(transition("r1", 0, "first"));
        assertThat(store.journal().read("r2")).isEmpty();
    }

    @Test
    void theJournalRefusesASequenceThatIsNotTheNextOne() {
        Journal journal = store.journal();
        assertThatThrownBy(() -> journal.append(transition("r1", 1, "gap before the first")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("release r1: transition 1 appended where 0 was expected");
        journal.append(transition("r1", 0, "first"));
        journal.append(transition("r1", 1, "second"));
        assertThatThrownBy(() -> journal.append(transition("r1", 1, "duplicate")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("release r1: transition 1 appended where 2 was expected");
        assertThatThrownBy(() -> journal.append(transition("r1", 5, "gap")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("release r1: transition 5 appended where 2 was expected");
        assertThat(journal.read("r1")).extracting(Transition::reason).containsExactly("first", "second");
    }

    @Test
    void ofConcurrentAppendersOfTheSameSequenceExactlyOneWins() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (long sequence = 0; sequence < 15; sequence++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    // each writer has a journal of its own, as separate engines (or replicas) would
                    Journal journal = store.journal();
                    Transition candidate = transition("r1", sequence, "writer " + w);
                    attempts.add(pool.submit(() -> {
                        go.await();
                        try {
                            journal.append(candidate);
                            return true;
                        } catch (IllegalStateException lost) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                List<String> winners = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    if (attempts.get(w).get()) {
                        winners.add("writer " + w);
                    }
                }
                assertThat(winners).as("winners of sequence %d", sequence).hasSize(1);
                assertThat(store.journal().read("r1").getLast().reason()).isEqualTo(winners.getFirst());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.journal().read("r1")).extracting(Transition::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 15).boxed().toList());
    }

    // ---- opening ----

    @Test
    void everythingSurvivesCloseAndReopen() {
        fill(store);
        store.close();
        store = open();
        assertFilled(store);
    }

    @Test
    void openingAgainMigratesNothingAndKeepsTheData() {
        fill(store);
        try (Store second = open()) {
            assertFilled(second);
        }
        store.close();
        store = open();
        assertFilled(store);
    }

    @Test
    void aReleasesServiceIsRecordedInTheHistoryOnceHoweverOftenItIsRecorded() {
        Deployment row = Deployment.succeeded("cart", "2.0.0", "staging", T0, T0.plusSeconds(60))
                .withRelease("r-once-1");
        store.deployments().record(row);
        store.deployments().record(row); // a resumed runner records the end again
        assertThat(store.deployments().list("staging", T0.minusSeconds(1), T0.plusSeconds(1))).hasSize(1);
        // rows of no release (imported history) are never taken for each other
        Deployment loose = Deployment.succeeded("cart", "2.0.1", "staging", T0, T0.plusSeconds(60));
        store.deployments().record(loose);
        store.deployments().record(loose);
        assertThat(store.deployments().list("staging", T0.minusSeconds(1), T0.plusSeconds(1))).hasSize(3);
    }

    @Test
    void aReleaseKeepsItsRunnersDocumentAcrossUpdatesAndAStreamReadsTheJournalAfterAnId() {
        StoredRelease release = new StoredRelease("r-doc-1", "staging", "running", "slipway.yaml",
                Map.of("cart", "2.0.0"), Map.of(), T0, T0, Optional.empty(), List.of());
        store.releases().save(release, "{\"v\":1}");
        store.releases().update(release.with("paused", Optional.empty(), T0.plusSeconds(1), List.of()));
        assertThat(store.releases().document("r-doc-1")).as("an update without a document keeps it")
                .contains("{\"v\":1}");
        store.releases().update(release.with("succeeded", Optional.of("succeeded"), T0.plusSeconds(2), List.of()),
                "{\"v\":2}");
        assertThat(store.releases().document("r-doc-1")).contains("{\"v\":2}");
        assertThat(store.releases().documents()).containsExactly("{\"v\":2}");
        assertThat(store.releases().document("r-none")).isEmpty();
        for (int i = 0; i < 4; i++) {
            store.journal().append(transition("r-doc-1", i, "step " + i));
        }
        assertThat(store.journal().readAfter("r-doc-1", 1)).extracting(Transition::sequence).containsExactly(2L, 3L);
        assertThat(store.journal().readAfter("r-doc-1", -1)).hasSize(4);
        assertThat(store.journal().readAfter("r-doc-1", 3)).isEmpty();
    }

    @Test
    void theSchemaIsMigratedOnceHoweverOftenItIsOpened() {
        try (Store second = open()) {
            second.journal().append(transition("r1", 0, "first"));
        }
        store.close();
        store = open();
        MigrationInfo[] applied = flyway().info().applied();
        assertThat(applied).extracting(m -> m.getVersion().getVersion() + " " + m.getState().isApplied())
                .containsExactly("1 true", "2 true", "3 true", "4 true", "5 true", "6 true");
        assertThat(flyway().info().pending()).isEmpty();
    }

    // ---- builds, approvals, verifications ----

    static Build build(String version, String digest, String by) {
        return new Build("cart", version, "registry.example/shop/cart", digest, Optional.of("abc123"),
                Optional.of(T0), Optional.empty(), by, T0.plusSeconds(1));
    }

    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);

    @Test
    void aBuildIsRecordedOnceARerunIsHarmlessAndARepushedVersionOrDigestIsRefused() {
        assertThat(store.builds().record(build("1.4.0", DIGEST_A, "ci")).created()).isTrue();
        Builds.Recorded again = store.builds().record(build("1.4.0", DIGEST_A, "ci-rerun"));
        assertThat(again.created()).isFalse();
        assertThat(again.build().recordedBy()).isEqualTo("ci");

        assertThatThrownBy(() -> store.builds().record(build("1.4.0", DIGEST_B, "ci")))
                .isInstanceOf(Builds.Conflict.class)
                .hasMessage("cart version 1.4.0 is already recorded as " + DIGEST_A + " (recorded by ci at "
                        + T0.plusSeconds(1) + ")");
        assertThatThrownBy(() -> store.builds().record(build("1.4.1", DIGEST_A, "ci")))
                .isInstanceOf(Builds.Conflict.class).hasMessageContaining("is already recorded as version 1.4.0");

        assertThat(store.builds().find("cart", "1.4.0")).get().extracting(Build::reference)
                .isEqualTo("registry.example/shop/cart@" + DIGEST_A);
        assertThat(store.builds().find("cart", "9.9.9")).isEmpty();
        store.builds().record(build("1.5.0", DIGEST_B, "ci"));
        assertThat(store.builds().of("cart")).extracting(Build::version).containsExactly("1.4.0", "1.5.0");
        assertThat(store.builds().latest(1)).extracting(Build::version).containsExactly("1.5.0");
    }

    @Test
    void aPersonDecidesOnAReleaseOnceAndTheDecisionsReadBackInOrder() {
        Approval alice = new Approval("r-production-1", "alice", Approval.Decision.APPROVE, Optional.of("ok"), T0);
        assertThat(store.approvals().record(alice)).isTrue();
        assertThat(store.approvals().record(new Approval("r-production-1", "alice", Approval.Decision.REJECT,
                Optional.empty(), T0.plusSeconds(5)))).isFalse();
        store.approvals().record(new Approval("r-production-1", "bob", Approval.Decision.REJECT, Optional.empty(),
                T0.plusSeconds(9)));
        assertThat(store.approvals().of("r-production-1")).extracting(a -> a.approver() + " " + a.decision().keyword())
                .containsExactly("alice approve", "bob reject");
        assertThat(store.approvals().of("r-production-1").getFirst()).isEqualTo(alice);
    }

    @Test
    void verificationsReadBackForTheServiceOnEitherSide() {
        store.verifications().record(new Verification("web", "2.0.0", "cart", "1.4.0", true, "ci", T0));
        store.verifications().record(new Verification("cart", "1.4.0", "db", "3.0.0", false, "ci", T0));
        store.verifications().record(new Verification("web", "2.0.0", "api", "1.0.0", true, "ci", T0));
        assertThat(store.verifications().involving("cart")).extracting(v -> v.consumer() + ">" + v.provider()
                + " " + v.passed()).containsExactly("web>cart true", "cart>db false");
    }

    // ---- API tokens ----

    static final Set<String> STAGING = Set.of("staging");

    @Test
    void aTokenIsShownOnceAndTheDatabaseKeepsOnlyItsHash() throws Exception {
        IssuedToken issued = store.tokens().create("ci", Role.DEPLOYER, Set.of("staging", "production"), "alice", T0);
        assertThat(issued.secret()).matches("slw_[A-Za-z0-9_-]{43}");
        assertThat(issued.info()).isEqualTo(new TokenInfo(issued.info().id(), "ci", Role.DEPLOYER,
                Set.of("production", "staging"), T0, Optional.of("alice"), Optional.empty()));
        assertThat(store.tokens().list()).containsExactly(issued.info());
        try (java.sql.Connection connection = connect();
             java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM api_tokens")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("token_hash")).isEqualTo(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(issued.secret().getBytes(UTF_8))));
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                assertThat(String.valueOf(rows.getObject(column))).doesNotContain(issued.secret().substring(4));
            }
        }
    }

    @Test
    void aTokenAuthenticatesAsItsPrincipalUntilRevoked() {
        Tokens tokens = store.tokens();
        IssuedToken deployer = tokens.create("ci", Role.DEPLOYER, STAGING, "alice", T0);
        IssuedToken viewer = tokens.create("dashboard", Role.VIEWER, Set.of(), "alice", T0.plusSeconds(1));
        assertThat(deployer.secret()).isNotEqualTo(viewer.secret());
        assertThat(deployer.info().id()).isNotEqualTo(viewer.info().id());

        assertThat(tokens.authenticate(deployer.secret()))
                .contains(new Principal(deployer.info().id(), "ci", Role.DEPLOYER, STAGING));
        assertThat(tokens.authenticate(viewer.secret()))
                .contains(new Principal(viewer.info().id(), "dashboard", Role.VIEWER, Set.of()));

        String secret = deployer.secret();
        char last = secret.charAt(secret.length() - 1);
        for (String wrong : new String[] {secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A'),
            secret + "A", secret.substring(1), "", "slw_", "Bearer " + secret, "x".repeat(100_000),
            deployer.info().id(), null}) {
            assertThat(tokens.authenticate(wrong)).as("%.60s", wrong).isEmpty();
        }

        assertThat(tokens.revoke(deployer.info().id(), T0.plusSeconds(60))).isTrue();
        assertThat(tokens.revoke(deployer.info().id(), T0.plusSeconds(61))).as("already revoked").isFalse();
        assertThat(tokens.revoke("tok_unknown", T0.plusSeconds(61))).isFalse();
        assertThat(tokens.authenticate(deployer.secret())).isEmpty();
        assertThat(tokens.authenticate(viewer.secret())).isPresent();
        assertThat(tokens.list()).extracting(TokenInfo::name, TokenInfo::revoked).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ci", Optional.of(T0.plusSeconds(60))),
                org.assertj.core.groups.Tuple.tuple("dashboard", Optional.empty()));
    }

    @Test
    void aTokenNeedsANameAndAViewerCannotBeGrantedEnvironments() {
        assertThatThrownBy(() -> store.tokens().create(" ", Role.ADMIN, Set.of(), "alice", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a token needs a name");
        assertThatThrownBy(() -> store.tokens().create("dash", Role.VIEWER, STAGING, "alice", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a viewer only reads: it cannot be granted environments");
        assertThat(store.tokens().list()).isEmpty();
    }

    @Test
    void noSecretReachesAMessageOrAString() {
        IssuedToken issued = store.tokens().create("ci", Role.ADMIN, Set.of(), "alice", T0);
        String secret = issued.secret();
        assertThat(issued.toString()).doesNotContain(secret).doesNotContain(secret.substring(4, 20));
        Authenticator authenticator = new Authenticator(store.tokens(),
                FailedAuthentications.standard(new VirtualClock(T0)));
        assertThat(authenticator.authenticate(secret, "10.0.0.1").toString()).doesNotContain(secret);
        assertThat(authenticator.authenticate(secret + "x", "10.0.0.1").toString()).doesNotContain(secret);

        // a database failure while authenticating: neither the exception nor its causes may carry the secret
        Tokens tokens = store.tokens();
        store.close();
        Throwable failure = catchThrowable(() -> tokens.authenticate(secret));
        assertThat(failure).isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
        store = open();
    }

    /** Issue 15, item 3: failures are counted per address and per credential, and a valid token is let through. */
    @Test
    void anAddressThatFailsTooOftenIsRefusedForGuessesButNeverForAGoodToken() {
        VirtualClock clock = new VirtualClock(T0);
        Authenticator authenticator = new Authenticator(store.tokens(),
                new FailedAuthentications(clock, 3, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        IssuedToken issued = store.tokens().create("ci", Role.DEPLOYER, STAGING, "alice", T0);
        Principal principal = store.tokens().authenticate(issued.secret()).orElseThrow();

        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticate("slw_guess" + i, "10.0.0.9"))
                    .isEqualTo(new Authenticator.Rejected());
        }
        assertThat(authenticator.authenticate("slw_guess4", "10.0.0.9"))
                .as("another guess from the refused address").isEqualTo(new Authenticator.Refused(Duration.ofMinutes(5)));
        assertThat(authenticator.anonymous("10.0.0.9")).as("nothing presented from it")
                .isEqualTo(new Authenticator.Refused(Duration.ofMinutes(5)));
        assertThat(authenticator.authenticate(issued.secret(), "10.0.0.9"))
                .as("a valid token, from the same address").isEqualTo(new Authenticator.Authenticated(principal));

        // one credential that keeps failing is refused wherever it comes from, and without a lookup
        for (int i = 0; i < 3; i++) {
            authenticator.authenticate("slw_revoked", "10.0.1." + i);
        }
        assertThat(authenticator.authenticate("slw_revoked", "10.0.2.1"))
                .isEqualTo(new Authenticator.Refused(Duration.ofMinutes(5)));
        assertThat(authenticator.authenticate("slw_other", "10.0.2.1")).isEqualTo(new Authenticator.Rejected());
        clock.runUntil(T0.plus(Duration.ofMinutes(5)));
        assertThat(authenticator.authenticate("slw_guess5", "10.0.0.9")).as("cooled down")
                .isEqualTo(new Authenticator.Rejected());
    }

    @Test
    void aRememberedTokenIsTakenOnTrustForAWhileUnlessItsRevocationWasSeenHere() {
        VirtualClock clock = new VirtualClock(T0);
        Authenticator authenticator = new Authenticator(store.tokens(), FailedAuthentications.standard(clock),
                clock::now, Duration.ofSeconds(5));
        IssuedToken revokedElsewhere = store.tokens().create("ci", Role.DEPLOYER, STAGING, "alice", T0);
        IssuedToken revokedHere = store.tokens().create("cd", Role.DEPLOYER, STAGING, "alice", T0);
        Principal principal = store.tokens().authenticate(revokedElsewhere.secret()).orElseThrow();
        assertThat(authenticator.authenticate(revokedElsewhere.secret(), "10.0.0.1"))
                .isEqualTo(new Authenticator.Authenticated(principal));
        assertThat(authenticator.authenticate(revokedHere.secret(), "10.0.0.1"))
                .isInstanceOf(Authenticator.Authenticated.class);

        store.tokens().revoke(revokedElsewhere.info().id(), T0);
        store.tokens().revoke(revokedHere.info().id(), T0);
        authenticator.forget(revokedHere.info().id());
        assertThat(authenticator.authenticate(revokedElsewhere.secret(), "10.0.0.1"))
                .as("another replica revoked it: trusted until remembered no more")
                .isEqualTo(new Authenticator.Authenticated(principal));
        assertThat(authenticator.authenticate(revokedHere.secret(), "10.0.0.1")).isEqualTo(new Authenticator.Rejected());
        clock.runUntil(T0.plusSeconds(5));
        assertThat(authenticator.authenticate(revokedElsewhere.secret(), "10.0.0.1"))
                .isEqualTo(new Authenticator.Rejected());
    }

    // ---- the audit log ----

    /** Appends {@code count} rows, one second apart, one of them with no source address and non-ASCII text. */
    static List<AuditEntry> appendRows(AuditLog log, int count) {
        List<AuditEntry> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(log.append(i == 2 ? "zoë" : "alice", "create-release", "release r-" + i,
                    i == 2 ? null : "10.0.0." + i, i == 3 ? "denied" : "ok", T0.plusSeconds(i).plusNanos(999)));
        }
        return rows;
    }

    @Test
    void theAuditLogChainsEveryRowToTheOneBefore() {
        AuditLog log = store.auditLog();
        assertThat(log.verify()).isEqualTo(new AuditVerification(0, AuditLog.GENESIS, Optional.empty()));
        List<AuditEntry> appended = appendRows(log, 5);

        assertThat(log.read()).containsExactlyElementsOf(appended);
        assertThat(appended).extracting(AuditEntry::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(appended.getFirst().prevHash()).isEqualTo(AuditLog.GENESIS);
        for (int i = 1; i < appended.size(); i++) {
            assertThat(appended.get(i).prevHash()).isEqualTo(appended.get(i - 1).hash());
        }
        assertThat(appended.get(1).sourceAddress()).isEmpty();
        assertThat(appended.get(1).at()).as("kept to the microsecond").isEqualTo(T0.plusSeconds(2));
        assertThat(log.verify()).isEqualTo(new AuditVerification(5, appended.getLast().hash(), Optional.empty()));
        assertThat(log.verify(appended.get(2).hash()).intact()).as("anchored at row 3").isTrue();
    }

    @Test
    void theHashEncodingHasNoFieldBoundaryAmbiguity() {
        String one = AuditLog.hash(AuditLog.GENESIS, 1, T0, "ab", "c", "t", null, "ok");
        assertThat(one).isNotEqualTo(AuditLog.hash(AuditLog.GENESIS, 1, T0, "a", "bc", "t", null, "ok"))
                .isNotEqualTo(AuditLog.hash(AuditLog.GENESIS, 1, T0, "ab", "c", "t", "", "ok"))
                .isEqualTo(AuditLog.hash(AuditLog.GENESIS, 1, T0, "ab", "c", "t", null, "ok"))
                .matches("[0-9a-f]{64}");
    }

    void tamper(String... statements) throws Exception {
        try (java.sql.Connection connection = connect(); java.sql.Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    AuditVerification.Break tamperedBreak(String... statements) throws Exception {
        appendRows(store.auditLog(), 5);
        tamper(statements);
        AuditVerification verification = store.auditLog().verify();
        assertThat(verification.intact()).isFalse();
        return verification.firstBreak().orElseThrow();
    }

    @Test
    void verifyFindsAnEditedField() throws Exception {
        assertThat(tamperedBreak("UPDATE audit_log SET outcome = 'ok' WHERE id = 3"))
                .isEqualTo(new AuditVerification.Break(3, "row 3 does not match its hash (a field was edited)"));
    }

    @Test
    void verifyFindsAnEditedTime() throws Exception {
        assertThat(tamperedBreak("UPDATE audit_log SET at = at + INTERVAL '1' HOUR WHERE id = 2"))
                .isEqualTo(new AuditVerification.Break(2, "row 2 does not match its hash (a field was edited)"));
    }

    @Test
    void verifyFindsADeletedRow() throws Exception {
        assertThat(tamperedBreak("DELETE FROM audit_log WHERE id = 3"))
                .isEqualTo(new AuditVerification.Break(3, "row 3 is missing (deleted)"));
    }

    @Test
    void verifyFindsTheFirstRowDeleted() throws Exception {
        assertThat(tamperedBreak("DELETE FROM audit_log WHERE id <= 2"))
                .isEqualTo(new AuditVerification.Break(1, "rows 1 to 2 are missing (deleted)"));
    }

    @Test
    void verifyFindsADeletedRowWhoseSuccessorsWereRenumbered() throws Exception {
        assertThat(tamperedBreak("DELETE FROM audit_log WHERE id = 3",
                "UPDATE audit_log SET id = id - 1 WHERE id > 3",
                "UPDATE audit_head SET last_id = 4 WHERE id = 1"))
                .isEqualTo(new AuditVerification.Break(3, "row 3 does not link to the row before it (a row was "
                        + "deleted, inserted or moved)"));
    }

    @Test
    void verifyFindsReorderedRows() throws Exception {
        // rows 2 and 3 swap places, each whole with its own hashes: only the ids stay
        appendRows(store.auditLog(), 5);
        tamper("UPDATE audit_log SET id = 102 WHERE id = 2",
                "UPDATE audit_log SET id = 2 WHERE id = 3",
                "UPDATE audit_log SET id = 3 WHERE id = 102");
        assertThat(store.auditLog().verify().firstBreak()).contains(new AuditVerification.Break(2,
                "row 2 does not link to the row before it (a row was deleted, inserted or moved)"));
    }

    @Test
    void verifyFindsRowsRemovedFromTheEndWhileTheHeadRemembersThem() throws Exception {
        assertThat(tamperedBreak("DELETE FROM audit_log WHERE id >= 4"))
                .isEqualTo(new AuditVerification.Break(4,
                        "the log ends at row 3 but its head records row 5: rows were removed from the end"));
    }

    @Test
    void verifyFindsARowInsertedAtTheEndBehindTheHeadsBack() throws Exception {
        List<AuditEntry> rows = appendRows(store.auditLog(), 5);
        String forged = AuditLog.hash(rows.getLast().hash(), 6, T0, "mallory", "roll-back", "production", null, "ok");
        tamper("INSERT INTO audit_log (id, at, actor, action, target, outcome, prev_hash, hash) VALUES (6, "
                + "TIMESTAMP WITH TIME ZONE '2026-03-04 05:06:07.123456+00', 'mallory', 'roll-back', 'production', "
                + "'ok', '" + rows.getLast().hash() + "', '" + forged + "')");
        assertThat(store.auditLog().verify().firstBreak()).contains(new AuditVerification.Break(6,
                "the head records row 5: the rows after it were inserted directly, not appended"));
    }

    @Test
    void aTruncationThatAlsoRewroteTheHeadNeedsTheRecordedHeadHashToBeFound() throws Exception {
        List<AuditEntry> rows = appendRows(store.auditLog(), 5);
        String recorded = store.auditLog().verify().headHash();
        tamper("DELETE FROM audit_log WHERE id >= 4",
                "UPDATE audit_head SET last_id = 3, head_hash = '" + rows.get(2).hash() + "' WHERE id = 1");
        // the limit of a chain without an outside anchor: this truncation is consistent
        assertThat(store.auditLog().verify()).isEqualTo(new AuditVerification(3, rows.get(2).hash(), Optional.empty()));
        assertThat(store.auditLog().verify(recorded).firstBreak()).contains(new AuditVerification.Break(4,
                "the recorded head " + recorded + " is not the hash of any row: the log was truncated or rewritten "
                        + "since it was recorded"));
    }

    @Test
    void concurrentAppendersEachLinkToThePreviousRow() throws Exception {
        int writers = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                // each writer with a log of its own, as separate server threads or replicas would have
                AuditLog log = store.auditLog();
                String actor = "writer-" + w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        log.append(actor, "resume-gate", "release r-" + i, "10.0.0.1", "ok", T0.plusMillis(i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        AuditVerification verification = store.auditLog().verify();
        assertThat(verification.firstBreak()).isEmpty();
        assertThat(verification.rows()).isEqualTo((long) writers * each);
        assertThat(store.auditLog().read()).extracting(AuditEntry::actor).filteredOn("writer-3"::equals)
                .hasSize(each);
    }

    // ---- releases ----

    static StoredRelease release(String id, String environment, Instant created) {
        return new StoredRelease(id, environment, "running", "/repo/slipway.yaml",
                Map.of("catalog", "2.0.0", "cart", "2.0.0"), Map.of("catalog", "sha256:" + "c".repeat(64)),
                created, created, Optional.empty(), List.of(
                        StoredRollout.pending("catalog", Optional.of("1.4.0"), "2.0.0"),
                        StoredRollout.pending("cart", Optional.empty(), "2.0.0")));
    }

    @Test
    void aReleaseReadsBackAsSavedAndAsUpdated() {
        Releases releases = store.releases();
        StoredRelease saved = release("r-production-1", "production", T0);
        releases.save(saved);
        assertThat(releases.find("r-production-1")).contains(saved);

        StoredRelease ended = saved.with("rolled-back", Optional.of("rolled-back"), T0.plusSeconds(600), List.of(
                new StoredRollout("catalog", Optional.of("1.4.0"), "2.0.0", Optional.of("rolled-back"),
                        Optional.of(T0.plusMillis(1)), Optional.of(T0.plusSeconds(540))),
                new StoredRollout("cart", Optional.empty(), "2.0.0", Optional.of("cancelled"), Optional.empty(),
                        Optional.of(T0.plusSeconds(541)))));
        releases.update(ended);
        assertThat(releases.find("r-production-1")).contains(ended);
        assertThat(releases.find("r-production-2")).isEmpty();
    }

    @Test
    void releasesListPerEnvironmentOldestFirst() {
        Releases releases = store.releases();
        releases.save(release("r-production-2", "production", T0.plusSeconds(10)));
        releases.save(release("r-staging-1", "staging", T0));
        releases.save(release("r-production-1", "production", T0));
        assertThat(releases.list("production")).extracting(StoredRelease::id)
                .containsExactly("r-production-1", "r-production-2");
        assertThat(releases.list("production").getFirst()).isEqualTo(release("r-production-1", "production", T0));
        assertThat(releases.list("dev")).isEmpty();
        // all environments at once, each release with its own rollouts
        assertThat(releases.list()).extracting(StoredRelease::id)
                .containsExactly("r-production-1", "r-staging-1", "r-production-2");
        assertThat(releases.list().get(1)).isEqualTo(release("r-staging-1", "staging", T0));
        assertThat(releases.latest("production")).contains(new Releases.Head("r-production-2", "running"));
        assertThat(releases.latest("dev")).isEmpty();
    }

    @Test
    void aStoreIsReachableUntilClosed() {
        assertThat(store.reachable()).isTrue();
        store.close();
        assertThat(store.reachable()).isFalse();
        store = open(); // closeStore() closes it again
    }

    @Test
    void aReleaseIsSavedOnceAndUpdatedOnlyOnceSaved() {
        Releases releases = store.releases();
        releases.save(release("r1", "production", T0));
        assertThatThrownBy(() -> releases.save(release("r1", "production", T0.plusSeconds(1))))
                .isInstanceOf(IllegalStateException.class).hasMessage("release r1 is already stored");
        assertThatThrownBy(() -> releases.update(release("r2", "production", T0)))
                .isInstanceOf(IllegalStateException.class).hasMessage("release r2 is not stored: save it first");
        assertThat(releases.find("r1")).contains(release("r1", "production", T0));
    }

    // ---- deployment history ----

    static Deployment deployment(String service, String version, Instant started, Optional<Instant> finished,
                                 String outcome) {
        return new Deployment(service, version, Optional.of("sha256:" + "d".repeat(64)), "production",
                Optional.of("0123456789abcdef0123456789abcdef01234567"),
                Optional.of(started.minus(Duration.ofHours(3))),
                started, finished, Deployment.Outcome.of(outcome), Optional.of("r-production-" + version));
    }

    @Test
    void deploymentsListByEnvironmentServiceAndWindow() {
        DeploymentHistory history = store.deployments();
        Deployment early = deployment("catalog", "1.4.0", T0, Optional.of(T0.plusSeconds(300)), "succeeded");
        Deployment cart = deployment("cart", "2.0.0", T0.plusSeconds(3600), Optional.of(T0.plusSeconds(3900)),
                "succeeded");
        Deployment late = deployment("catalog", "2.0.0", T0.plusSeconds(7200), Optional.empty(), "rolled-back");
        Deployment bare = Deployment.failed("redis", "7.4.1", "production", Deployment.Outcome.FAILED,
                T0.plusSeconds(7200), null);
        Deployment staging = Deployment.succeeded("catalog", "2.0.0", "staging", T0, T0.plusSeconds(30));
        List.of(late, early, bare, cart, staging).forEach(history::record);

        Instant until = T0.plusSeconds(7200).plusNanos(1_000);
        assertThat(history.list("production", T0, until)).containsExactly(early, cart, late, bare);
        assertThat(history.list("production", "catalog", T0, until)).containsExactly(early, late);
        assertThat(history.list("production", T0.plusNanos(1_000), T0.plusSeconds(7200)))
                .as("from is inclusive, until exclusive").containsExactly(cart);
        assertThat(history.list("staging", T0, until)).containsExactly(staging);
        assertThat(history.list("dev", T0, until)).isEmpty();
    }

    // ---- inventories ----

    static Inventory inventory() {
        Deployed catalog = new Deployed("catalog", "2.0.0", Optional.of("sha256:" + "a".repeat(64)),
                List.of(new TrackState(Track.STABLE, "1.4.0", 90), new TrackState(Track.CANARY, "2.0.0", 10)),
                false, Optional.of(VersionRange.parseAll(Map.of("postgres", "^16.0.0", "redis", ">=7.2 <8"))));
        return new Inventory("production", Map.of("catalog", catalog, "cart", Deployed.stable("cart", "1.3.0"),
                "gone", new Deployed("gone", "0.1.0", Optional.empty(), List.of(), true, Optional.of(Map.of()))));
    }

    @Test
    void anInventoryReadTwiceIsReadAgainOnceAnotherWriterReplacedIt() {
        store.inventories().replace(Inventory.empty("dev").with(Deployed.stable("cart", "1.0.0")), T0);
        assertThat(store.inventories().read("dev").deployed("cart").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(store.inventories().read("dev").deployed("cart").orElseThrow().version()).isEqualTo("1.0.0");
        // the same number of services, replaced by another process (a new leader) a second later
        try (Store other = open()) {
            other.inventories().replace(Inventory.empty("dev").with(Deployed.stable("cart", "1.1.0")),
                    T0.plusSeconds(1));
        }
        assertThat(store.inventories().read("dev").deployed("cart").orElseThrow().version()).isEqualTo("1.1.0");
        store.inventories().replace(Inventory.empty("dev"), T0.plusSeconds(2));
        assertThat(store.inventories().read("dev").services()).isEmpty();
    }

    @Test
    void anInventoryReadsBackAsReplaced() throws Exception {
        Inventories inventories = store.inventories();
        assertThat(inventories.read("production")).isEqualTo(Inventory.empty("production"));
        assertThat(inventories.updated("production")).isEmpty();

        inventories.replace(inventory(), T0);
        inventories.replace(Inventory.empty("staging").with(Deployed.stable("cart", "2.0.0")), T0);
        assertThat(inventories.read("production")).isEqualTo(inventory());
        try (java.sql.Connection connection = connect(); java.sql.ResultSet row = connection.createStatement()
                .executeQuery("SELECT ranges FROM inventory WHERE service = 'catalog'")) {
            assertThat(row.next()).isTrue();
            assertThat(Sql.JSON.readTree(row.getString("ranges"))).as("ranges are kept as text, as they always were")
                    .isEqualTo(Sql.JSON.readTree("{\"postgres\": \"^16.0.0\", \"redis\": \">=7.2 <8\"}"));
        }
        assertThat(inventories.updated("production")).contains(T0);

        Inventory smaller = Inventory.empty("production").with(Deployed.stable("cart", "2.0.0"));
        inventories.replace(smaller, T0.plusSeconds(5));
        assertThat(inventories.read("production")).as("replaced as a whole").isEqualTo(smaller);
        assertThat(inventories.updated("production")).contains(T0.plusSeconds(5));
        assertThat(inventories.read("staging").services()).containsOnlyKeys("cart");
    }

    // ---- judgements ----

    static Judgement judgement(String release, int step, Verdict verdict) {
        return new Judgement(release, "catalog", "2.0.0", T0, T0.plusSeconds(60L * (step + 1)), step,
                10 * (step + 1), verdict.outcome() != Verdict.Outcome.INCONCLUSIVE, verdict);
    }

    static final Verdict FAILED = Verdict.fail("error rate 30 % > 5 %", List.of(
            new Measurement("threshold", "error-rate", Verdict.Outcome.FAIL, OptionalDouble.of(0.3),
                    OptionalDouble.of(0.001), 1200, 10800, Measurement.StatisticKind.NONE, "", OptionalDouble.empty(),
                    OptionalDouble.of(0.05),
                    "limit 5 %"),
            new Measurement("statistical", "latency-p95", Verdict.Outcome.PASS, OptionalDouble.of(0.1234567890123),
                    OptionalDouble.of(0.12), 1200, 10800, Measurement.StatisticKind.P_VALUE, "Mann-Whitney U p",
                    OptionalDouble.of(0.42),
                    OptionalDouble.of(Double.POSITIVE_INFINITY), "")));

    @Test
    void judgementsReadBackInTheOrderAppended() {
        Judgements judgements = store.judgements();
        Judgement nothing = judgement("r1", 0, Verdict.inconclusive("no data yet", List.of()));
        Judgement failed = judgement("r1", 1, FAILED);
        judgements.append(nothing);
        judgements.append(judgement("r2", 0, Verdict.pass("fine", List.of())));
        judgements.append(failed);

        assertThat(judgements.read("r1")).containsExactly(nothing, failed);
        assertThat(judgements.read("r3")).isEmpty();
    }

    /** Measurements as written before they carried a statistic kind: only the statistic's name. */
    static final String OLD_FORMAT_MEASUREMENTS = """
            [{"judge":"threshold","metric":"error-rate","outcome":"FAIL","canary":0.3,"baseline":0.001,\
            "canarySamples":1200,"baselineSamples":10800,"statistic":"canary error rate","value":0.3,"bound":0.05,\
            "detail":"limit 5 %"},
             {"judge":"statistical","metric":"error-rate","outcome":"FAIL","canary":0.3,"baseline":0.001,\
            "canarySamples":1200,"baselineSamples":10800,"statistic":"mixture likelihood ratio","value":400.0,\
            "bound":40.0,"detail":""},
             {"judge":"statistical","metric":"latency-p95","outcome":"PASS","canary":0.12,"baseline":0.12,\
            "canarySamples":1200,"baselineSamples":10800,"statistic":"Mann-Whitney U one-sided p-value",\
            "value":0.42,"bound":0.01,"detail":""},
             {"judge":"pods","metric":"restarts","outcome":"PASS","canary":0.0,"baseline":3.0,"canarySamples":0,\
            "baselineSamples":0,"statistic":"","value":null,"bound":null,"detail":"no restarts"}]""";

    @Test
    void judgementsWrittenBeforeStatisticKindsReadWithTheKindTheirNameMeant() throws Exception {
        store.judgements().append(judgement("r1", 1, FAILED));
        tamper("UPDATE judgements SET measurements = '" + OLD_FORMAT_MEASUREMENTS + "'");

        List<Measurement> read = store.judgements().read("r1").getFirst().verdict().measurements();
        assertThat(read).extracting(Measurement::statisticKind).containsExactly(Measurement.StatisticKind.OBSERVED,
                Measurement.StatisticKind.LIKELIHOOD_RATIO, Measurement.StatisticKind.P_VALUE,
                Measurement.StatisticKind.NONE);
        assertThat(read).extracting(Measurement::statistic).containsExactly("canary error rate",
                "mixture likelihood ratio", "Mann-Whitney U one-sided p-value", "");
        assertThat(read.get(1).value()).hasValue(400.0);
        assertThat(read.get(3).value()).isEmpty();
        assertThat(read.get(3).detail()).isEqualTo("no restarts");
    }

    @Test
    void aReleasesEvidenceIsItsJudgementsAndPodEventsInTheOrderSeen() {
        DatabaseEvidence evidence = store.evidence();
        PodEvent restarted = new PodEvent("catalog", Track.CANARY, "2.0.0", T0.plusSeconds(30),
                "restarted (1 restarts)", 1, 2, 1);
        PodEvent unready = new PodEvent("catalog", Track.STABLE, "1.4.0", T0.plusSeconds(40),
                "pods became unready (1 of 2 ready)", 1, 2, 0);
        evidence.append("r1", restarted);
        evidence.append(judgement("r1", 1, FAILED));
        evidence.append("r2", unready);
        evidence.append("r1", unready);

        Evidence read = evidence.read("r1");
        assertThat(read.pods()).containsExactly(restarted, unready);
        assertThat(read.judgements()).containsExactly(judgement("r1", 1, FAILED));
        assertThat(evidence.read("r9").pods()).isEmpty();
    }

    // ---- a whole release ----

    /** Stops the engine right after its {@code limit}-th append is stored, as a process that dies would. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("the engine's process died", null, false, false);
        }
    }

    @Test
    void aTwelveServiceReleaseResumedFromTheDatabaseAfterARestartEndsAsAnUninterruptedOne() {
        ShopRelease uninterrupted = new ShopRelease();
        ReleaseEngine reference = uninterrupted.start("reference", store.journal());
        uninterrupted.settle();
        ReleaseResult expected = reference.result().orElseThrow();
        assertThat(expected.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
        List<Transition> referenceJournal = store.journal().read("reference");
        assertThat(referenceJournal).hasSizeGreaterThan(25);

        long limit = referenceJournal.size() / 2;
        ShopRelease interrupted = new ShopRelease();
        Journal database = store.journal();
        Journal dying = new Journal() {
            long left = limit;

            @Override
            public void append(Transition transition) {
                if (left <= 0) {
                    throw new Crash(); // a dead process writes nothing more
                }
                database.append(transition);
                if (--left == 0) {
                    throw new Crash();
                }
            }

            @Override
            public List<Transition> read(String release) {
                return database.read(release);
            }
        };
        try {
            interrupted.start("interrupted", dying);
            interrupted.settle();
        } catch (Crash expectedCrash) {
            // the engine died right after storing transition limit - 1
        }
        assertThat(store.journal().read("interrupted")).hasSize((int) limit);

        store.close(); // the restart: a new process opens the database and resumes from its journal
        store = open();
        ReleaseEngine resumed = interrupted.resume("interrupted", store.journal());
        interrupted.settle();

        ReleaseResult result = resumed.result().orElseThrow(() -> new AssertionError("the resumed release did not end"));
        assertThat(result.outcome()).isEqualTo(expected.outcome());
        assertThat(result.services()).extracting(s -> s.name() + " " + s.outcome())
                .containsExactlyElementsOf(expected.services().stream().map(s -> s.name() + " " + s.outcome()).toList());
        assertThat(interrupted.serving()).isEqualTo(uninterrupted.serving());

        List<Transition> journal = store.journal().read("interrupted");
        assertThat(journal).extracting(Transition::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, journal.size()).boxed().toList());
        assertThat(journal.subList(0, (int) limit)).extracting(StoreContract::withoutRelease)
                .containsExactlyElementsOf(referenceJournal.subList(0, (int) limit).stream()
                        .map(StoreContract::withoutRelease).toList());
        assertThat(journal.getLast().to()).isEqualTo(expected.outcome().keyword());
    }

    private static String withoutRelease(Transition t) {
        return t.sequence() + " " + t.at() + " " + t.service() + " " + t.from() + " -> " + t.to() + " " + t.reason();
    }

    // ---- shared by the reopen tests ----

    private static final Deployment FILLED_DEPLOYMENT = deployment("catalog", "2.0.0", T0,
            Optional.of(T0.plusSeconds(60)), "succeeded");

    private static void fill(Store store) {
        for (long s = 0; s < 3; s++) {
            store.journal().append(transition("r1", s, "t" + s));
        }
        store.releases().save(release("r1", "production", T0));
        store.deployments().record(FILLED_DEPLOYMENT);
        store.inventories().replace(inventory(), T0);
        store.judgements().append(judgement("r1", 1, FAILED));
    }

    private static void assertFilled(Store store) {
        assertThat(store.journal().read("r1")).extracting(Transition::reason).containsExactly("t0", "t1", "t2");
        assertThat(store.releases().find("r1")).contains(release("r1", "production", T0));
        assertThat(store.deployments().list("production", T0, T0.plusSeconds(1)))
                .containsExactly(FILLED_DEPLOYMENT);
        assertThat(store.inventories().read("production")).isEqualTo(inventory());
        assertThat(store.judgements().read("r1")).containsExactly(judgement("r1", 1, FAILED));
    }

    // ---- environment leases (issue 15, item 9) ----

    private static final Duration LEASE = Duration.ofSeconds(30);
    /**
     * One holder id, as every lease of one process has: on H2 one process owns the database, so another holder's lease
     * is a dead process's (see {@code H2StoreTest}); {@code PostgresStoreTest} races holders of several processes.
     */
    static final String HOLDER = "host-1/5f2a9c1e";

    @Test
    void ofTwoStoresRacingForOneEnvironmentExactlyOneHoldsItAndTheOthersAreToldByWhomUntilWhen() throws Exception {
        try (Store other = open()) {
            List<Store> stores = List.of(store, other);
            int racers = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    Store mine = stores.get(i % 2); // two pools of connections, like two processes
                    String holder = HOLDER;
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            return mine.leases().acquire("production", holder, "r-production-1", LEASE);
                        } catch (EnvironmentLeases.Held e) {
                            return e;
                        }
                    }));
                }
                start.countDown();
                List<EnvironmentLeases.Lease> won = new ArrayList<>();
                List<EnvironmentLeases.Held> refused = new ArrayList<>();
                for (Future<Object> result : results) {
                    switch (result.get()) {
                        case EnvironmentLeases.Lease lease -> won.add(lease);
                        case EnvironmentLeases.Held held -> refused.add(held);
                        default -> throw new AssertionError(result.get());
                    }
                }
                assertThat(won).as("exactly one winner").hasSize(1);
                EnvironmentLeases.Lease lease = won.getFirst();
                assertThat(lease.token()).isEqualTo(1);
                assertThat(refused).hasSize(racers - 1).allSatisfy(held -> {
                    assertThat(held.lease().holder()).isEqualTo(lease.holder());
                    assertThat(held.getMessage()).isEqualTo("production is held by " + lease.holder() + " for "
                            + lease.release() + " since " + held.lease().acquired() + ", expires "
                            + held.lease().expires());
                    assertThat(held.lease().expires()).isAfter(held.lease().acquired());
                });
                assertThat(other.leases().holder("production")).map(EnvironmentLeases.Lease::token).hasValue(1L);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aLeaseReleasedIsTakenAtOnceWithTheNextFencingTokenAndItsOldHolderMayNoLongerWrite() {
        EnvironmentLeases.Lease first = store.leases().acquire("dev", HOLDER, "r-dev-1", LEASE);
        store.journal().fenced(first).append(transition("r-dev-1", 0, "under the first lease"));
        store.leases().release(first);
        assertThat(store.leases().holder("dev")).isEmpty();

        EnvironmentLeases.Lease second = store.leases().acquire("dev", HOLDER, "r-dev-2", LEASE);
        assertThat(second.token()).as("the token only grows").isEqualTo(first.token() + 1);
        assertThatThrownBy(() -> store.journal().fenced(first).append(transition("r-dev-1", 1, "late")))
                .isInstanceOf(EnvironmentLeases.Lost.class)
                .hasMessageContaining("fencing token " + first.token())
                .hasMessageContaining("taken over by " + HOLDER + " with fencing token " + second.token());
        assertThat(store.journal().read("r-dev-1")).extracting(Transition::reason)
                .containsExactly("under the first lease");
        store.leases().release(first); // a late release leaves the new holder's lease alone
        assertThat(store.leases().holder("dev")).map(EnvironmentLeases.Lease::holder).hasValue(HOLDER);
        store.leases().release(second);
        assertThatThrownBy(() -> store.journal().fenced(second).append(transition("r-dev-2", 0, "after release")))
                .isInstanceOf(EnvironmentLeases.Lost.class).hasMessageContaining("was released");
    }

    @Test
    void aHolderWhoseHeartbeatStoppedIsTakenOverAfterExpiryAndItsLateWritesAreRefused() throws Exception {
        Duration shortLease = Duration.ofMillis(400);
        try (Store other = open()) {
            EnvironmentLeases.Lease stalled = store.leases().acquire("staging", HOLDER, "r-staging-1", shortLease);
            DatabaseJournal stalledJournal = store.journal().fenced(stalled);
            stalledJournal.append(transition("r-staging-1", 0, "before the stall"));
            assertThatThrownBy(() -> other.leases().acquire("staging", HOLDER, "r-staging-1", shortLease))
                    .as("not before it expires").isInstanceOf(EnvironmentLeases.Held.class);

            Thread.sleep(shortLease.toMillis() + 200); // no heartbeat: the lease expires
            EnvironmentLeases.Lease taken = other.leases().acquire("staging", HOLDER, "r-staging-1", LEASE);
            assertThat(taken.token()).isEqualTo(stalled.token() + 1);
            other.journal().fenced(taken).append(transition("r-staging-1", 1, "the new holder resumes"));

            // the stalled holder wakes up: its write, its heartbeat and its sandbox save are all refused
            assertThatThrownBy(() -> stalledJournal.append(transition("r-staging-1", 2, "late write")))
                    .isInstanceOf(EnvironmentLeases.Lost.class);
            assertThat(store.leases().renew(stalled, shortLease)).isEmpty();
            assertThatThrownBy(() -> store.sandbox().saveEnvironment("staging", "{\"stale\":true}", stalled))
                    .isInstanceOf(EnvironmentLeases.Lost.class);
            assertThat(store.journal().read("r-staging-1")).extracting(Transition::reason)
                    .containsExactly("before the stall", "the new holder resumes");
        }
    }

    @Test
    void theHeartbeatKeepsALeasePastItsFirstExpiry() throws Exception {
        Duration shortLease = Duration.ofMillis(600);
        EnvironmentLeases.Lease lease = store.leases().acquire("dev", HOLDER, "r-dev-1", shortLease);
        for (int beat = 0; beat < 4; beat++) {
            Thread.sleep(200);
            Optional<EnvironmentLeases.Lease> renewed = store.leases().renew(lease, shortLease);
            assertThat(renewed).isPresent();
            assertThat(renewed.get().expires()).isAfter(lease.expires().minusMillis(1));
            lease = renewed.get();
        }
        assertThatThrownBy(() -> store.leases().acquire("dev", HOLDER, "r-dev-2", shortLease))
                .isInstanceOf(EnvironmentLeases.Held.class).hasMessageContaining("held by " + HOLDER + " for r-dev-1");
        EnvironmentLeases.Lease named = store.leases().holdFor(lease, "r-dev-7");
        assertThat(store.leases().holder("dev")).map(EnvironmentLeases.Lease::release).hasValue("r-dev-7");
        store.journal().fenced(named).append(transition("r-dev-7", 0, "still mine"));
    }

    @Test
    void theSandboxIsSharedItsTimeOnlyMovesForwardAndAnEnvironmentIsWrittenUnderItsLease() {
        assertThat(store.sandbox().read()).isEmpty();
        store.sandbox().saveShared(42, T0, Optional.of("[{\"service\":\"catalog\"}]"));
        store.sandbox().saveShared(42, T0.minusSeconds(60), Optional.empty()); // a process whose clock is behind
        EnvironmentLeases.Lease lease = store.leases().acquire("dev", HOLDER, "r-dev-1", LEASE);
        store.sandbox().saveEnvironment("dev", "{\"services\":{}}", lease);
        store.sandbox().saveEnvironment("dev", "{\"services\":{\"catalog\":{}}}", lease);
        store.sandbox().saveEnvironment("staging", "{\"services\":{}}", null);

        try (Store other = open()) {
            SandboxStates.Saved saved = other.sandbox().read().orElseThrow();
            assertThat(saved.seed()).isEqualTo(42);
            assertThat(saved.time()).isEqualTo(T0);
            assertThat(saved.faults()).isEqualTo("[{\"service\":\"catalog\"}]");
            assertThat(saved.environments()).containsExactly(Map.entry("dev", "{\"services\":{\"catalog\":{}}}"),
                    Map.entry("staging", "{\"services\":{}}"));
            assertThat(other.sandbox().environment("dev")).hasValue("{\"services\":{\"catalog\":{}}}");
            assertThat(other.sandbox().reset()).isTrue();
        }
        assertThat(store.sandbox().read()).isEmpty();
        assertThat(store.sandbox().reset()).isFalse();
    }
}
