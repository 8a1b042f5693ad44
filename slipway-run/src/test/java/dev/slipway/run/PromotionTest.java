package dev.slipway.run;

import static dev.slipway.release.ShopFixture.shopYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.ShopFixture;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Approval;
import dev.slipway.store.Build;
import dev.slipway.release.dora.Deployment;
import dev.slipway.store.Store;
import dev.slipway.supply.gates.GateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The road from a build to production on the example shop (dev → staging → production with approval), on the
 * sandbox in virtual time with the store in an H2 file: build records, the promote-from gate, promotions of the
 * digests that ran, and approvals.
 */
class PromotionTest {

    @TempDir
    Path dir;

    Path specFile;
    Path data;
    SystemSpec spec;

    @BeforeEach
    void shop() throws IOException {
        specFile = Files.writeString(dir.resolve("slipway.yaml"), shopYaml());
        data = Files.createDirectories(dir.resolve("data"));
        spec = SpecLoader.load(specFile).orThrow();
    }

    private Releaser releaser(ReleaseRecords records) {
        return new Releaser(records, spec, specFile, w -> { }, Releaser.Fence.OPEN);
    }

    private Releaser.Preparation create(ReleaseRecords records, ReleaseRequest request, Releaser.Starter starter) {
        try (World world = World.open(records.store(), data, spec, 0)) {
            Releaser releaser = releaser(records);
            Releaser.Preparation preparation = releaser.create(world, request, ReleaseEngine.Options.DEFAULT, null,
                    Commit.NONE, starter);
            preparation.prepared().ifPresent(p -> releaser.run(world, p, ProgressListener.NONE, false));
            return preparation;
        }
    }

    private Releaser.Ended proceed(ReleaseRecords records, String id, Consumer<ReleaseEngine> then) {
        try (World world = World.open(records.store(), data, spec, 0)) {
            Releaser releaser = releaser(records);
            return releaser.run(world, releaser.proceed(world, records.require(id), then), ProgressListener.NONE,
                    false);
        }
    }

    /** The shop as the tests' first release installs it in dev. */
    private static final Map<String, String> SHOP = new java.util.LinkedHashMap<>(ShopFixture.RUNNING);

    static {
        SHOP.remove("search");
    }

    private void installInDev(ReleaseRecords records) {
        assertThat(create(records, new ReleaseRequest("dev", SHOP), Releaser.Starter.of("ci")).prepared())
                .as("the shop installed in dev").isPresent();
    }

    /**
     * The wall clock cannot wait a 15-minute soak in a test: what ran in {@code environment} is recorded again as
     * deployed an hour ago (the history is what the soak gate reads; the same digests, so nothing else changes).
     */
    private static void soakedLongAgo(Store store, String environment) {
        Instant hourAgo = Instant.now().minus(java.time.Duration.ofHours(1));
        for (String service : SHOP.keySet()) {
            for (Deployment d : store.deployments().list(environment, service)) {
                store.deployments().record(new Deployment(d.service(), d.version(), d.digest(), d.environment(),
                        d.commit(), d.committed(), hourAgo, Optional.of(hourAgo), d.outcome(), Optional.empty()));
            }
        }
    }

    private ReleaseRequest promotion(Store store, String environment) {
        String from = spec.environment(environment).orElseThrow().promoteFrom().orElseThrow();
        return Promotion.request(spec, environment, World.inventory(store, data, spec, from, ClusterAccess.DEFAULT),
                World.inventory(store, data, spec, environment, ClusterAccess.DEFAULT), java.util.List.of());
    }

    @Test
    void theDigestsThatRanInDevArePromotedThroughStagingToProductionAfterAnotherPersonApproves() {
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            Releaser.Starter alice = Releaser.Starter.of("alice");
            installInDev(records);
            create(records, new ReleaseRequest("dev", Map.of("cart", "1.1.0")), alice);
            String devDigest = store.deployments().list("dev", "cart").getLast().digest().orElseThrow();

            // staging takes only what ran healthy in dev
            Releaser.Preparation refused = create(records, new ReleaseRequest("staging", Map.of("cart", "1.2.0")),
                    alice);
            assertThat(refused.prepared()).isEmpty();
            assertThat(refused.unmet()).extracting(GateResult::name).containsExactly("promote-from");
            assertThat(refused.unmet().getFirst().detail())
                    .isEqualTo("never ran healthy in dev (which staging is promoted from): cart 1.2.0");
            assertThat(refused.unmet().getFirst().hint()).contains("slipway promote --to staging");

            ReleaseRequest toStaging = promotion(store, "staging");
            assertThat(toStaging.versions()).hasSize(SHOP.size()).containsEntry("cart", "1.1.0");
            assertThat(toStaging.digests()).containsEntry("cart", devDigest);
            Releaser.Preparation staged = create(records, toStaging, alice);
            assertThat(staged.gates()).extracting(GateResult::name, GateResult::ok).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("promote-from", true));
            assertThat(store.deployments().list("staging", "cart").getLast())
                    .extracting(Deployment::outcome, d -> d.digest().orElseThrow())
                    .containsExactly(Deployment.Outcome.SUCCEEDED, devDigest);

            // staging soaks 15 minutes: production takes nothing that ran there a moment ago
            Releaser.Preparation early = create(records, promotion(store, "production"), alice);
            assertThat(early.prepared()).isEmpty();
            assertThat(early.unmet()).singleElement().satisfies(gate -> {
                assertThat(gate.name()).isEqualTo("soak");
                assertThat(gate.detail()).startsWith("the 15m soak in staging is not over for cart (");
                assertThat(gate.hint()).startsWith("wait ");
            });
            soakedLongAgo(store, "staging");

            // production waits for an approver who is not the one who started it
            Releaser.Preparation production = create(records, promotion(store, "production"), alice);
            String id = production.prepared().orElseThrow().record().id();
            ReleaseRecord waiting = records.require(id);
            assertThat(waiting.state()).isEqualTo("awaiting-approval");
            assertThat(waiting.admission().startedBy()).isEqualTo("alice");
            assertThat(World.inventory(store, data, spec, "production", ClusterAccess.DEFAULT).deployed("cart"))
                    .as("nothing changed before the approval").isEmpty();

            ApprovalDesk desk = new ApprovalDesk(store.approvals());
            assertThatThrownBy(() -> desk.decide(waiting, "alice", "alice", Approval.Decision.APPROVE, Optional.empty(),
                    Instant.now())).isInstanceOf(UserError.class)
                    .hasMessage("alice started release " + id + " and may not approve it");
            ApprovalDesk.Outcome bob = desk.decide(waiting, "bob", "bob", Approval.Decision.APPROVE, Optional.of("ok"),
                    Instant.now());
            assertThat(bob.next()).isEqualTo(ApprovalDesk.Next.APPROVE);
            Releaser.Ended ended = proceed(records, id, engine -> engine.approve(id, bob.reason()));

            assertThat(ended.result()).hasValueSatisfying(r ->
                    assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED));
            assertThat(store.deployments().list("production", "cart").getLast().digest()).contains(devDigest);
            assertThat(store.approvals().of(id)).extracting(Approval::approver).containsExactly("bob");
        }
    }

    @Test
    void aRejectedReleaseEndsWithNothingChanged() {
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            Releaser.Starter alice = Releaser.Starter.of("alice");
            installInDev(records);
            create(records, promotion(store, "staging"), alice);
            soakedLongAgo(store, "staging");
            String id = create(records, promotion(store, "production"), alice).prepared().orElseThrow().record().id();

            ApprovalDesk.Outcome no = new ApprovalDesk(store.approvals()).decide(records.require(id), "bob",
                    "bob", Approval.Decision.REJECT, Optional.of("not during the sale"), Instant.now());
            assertThat(no.next()).isEqualTo(ApprovalDesk.Next.REJECT);
            Releaser.Ended ended = proceed(records, id, engine -> engine.rollback(id, no.reason()));

            assertThat(ended.result().orElseThrow().outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            assertThat(ended.transitions().getLast().reason()).isEqualTo("every rollout has ended");
            assertThat(ended.transitions()).anySatisfy(t -> assertThat(t.reason())
                    .isEqualTo("rejected by bob: not during the sale"));
            assertThat(World.inventory(store, data, spec, "production", ClusterAccess.DEFAULT).deployed("cart")).isEmpty();
        }
    }

    /**
     * Production names its approvers: a person it does not name is refused, approving and rejecting alike, even
     * holding the grant, and nothing is recorded for them; the list is the one the release was admitted with (saved
     * with it), so a later edit of slipway.yaml does not change who decides a waiting release.
     */
    @Test
    void onlyTheNamedApproversDecideAndTheListIsTheOneTheReleaseWasAdmittedWith() throws IOException {
        assertThat(shopYaml()).as("the example shop names its approver").contains("    approvers:\n      names: [bob]");
        String named = shopYaml().replace("    approvers:\n      names: [bob]", "    approvers:\n      minimum: 2\n      names: [bob, carol]");
        Files.writeString(specFile, named);
        spec = SpecLoader.load(specFile).orThrow();
        assertThat(spec.environment("production").orElseThrow().approvers().names()).containsExactly("bob", "carol");
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            installInDev(records);
            create(records, promotion(store, "staging"), Releaser.Starter.of("alice"));
            soakedLongAgo(store, "staging");
            String id = create(records, promotion(store, "production"), Releaser.Starter.of("alice")).prepared()
                    .orElseThrow().record().id();
            ReleaseRecord waiting = records.require(id);
            assertThat(waiting.admission().approvers().names()).containsExactly("bob", "carol");

            ApprovalDesk desk = new ApprovalDesk(store.approvals());
            for (Approval.Decision decision : Approval.Decision.values()) {
                assertThatThrownBy(() -> desk.decide(waiting, "mallory (tok_1)", "mallory", decision, Optional.empty(),
                        Instant.now())).isInstanceOf(ApprovalDesk.NotAnApprover.class)
                        .hasMessage("mallory is not an approver of production: only bob, carol may " + decision.keyword()
                                + " release " + id)
                        .satisfies(e -> assertThat(((UserError) e).hint()).hasValue("one of them decides"
                                + " (approvers.names of production in slipway.yaml, as it was when the release started)"));
            }
            assertThat(store.approvals().of(id)).isEmpty();

            // slipway.yaml now names mallory: the waiting release still follows the list it was admitted with
            Files.writeString(specFile, named.replace("names: [bob, carol]", "names: [mallory]"));
            assertThatThrownBy(() -> desk.decide(records.require(id), "mallory (tok_1)", "mallory",
                    Approval.Decision.APPROVE, Optional.empty(), Instant.now()))
                    .isInstanceOf(ApprovalDesk.NotAnApprover.class);

            ApprovalDesk.Outcome bob = desk.decide(records.require(id), "bob (tok_2)", "bob", Approval.Decision.APPROVE,
                    Optional.empty(), Instant.now());
            assertThat(bob.next()).isEqualTo(ApprovalDesk.Next.WAIT);
            ApprovalDesk.Outcome carol = desk.decide(records.require(id), "carol (tok_3)", "carol",
                    Approval.Decision.APPROVE, Optional.of("ok"), Instant.now());
            assertThat(carol.next()).isEqualTo(ApprovalDesk.Next.APPROVE);
            assertThat(carol.reason()).isEqualTo("approved by bob (tok_2), carol (tok_3): ok");
            assertThat(store.approvals().of(id)).extracting(Approval::approver)
                    .containsExactly("bob (tok_2)", "carol (tok_3)");
        }
    }

    @Test
    void aFailedContractVerificationOfTheVersionsThatWouldRunTogetherBlocksTheRelease() {
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            installInDev(records);
            store.verifications().record(new dev.slipway.store.Verification("checkout", SHOP.get("checkout"), "cart",
                    "1.1.0", false, "ci", Instant.now()));

            Releaser.Preparation refused = create(records, new ReleaseRequest("dev", Map.of("cart", "1.1.0")),
                    Releaser.Starter.of("ci"));

            assertThat(refused.prepared()).isEmpty();
            assertThat(refused.unmet()).singleElement().satisfies(gate -> {
                assertThat(gate.name()).isEqualTo("contracts");
                assertThat(gate.detail()).contains("checkout " + SHOP.get("checkout") + " with cart 1.1.0: "
                        + "verification failed");
            });
            store.verifications().record(new dev.slipway.store.Verification("checkout", SHOP.get("checkout"), "cart",
                    "1.1.0", true, "ci", Instant.now().plusSeconds(1)));
            assertThat(create(records, new ReleaseRequest("dev", Map.of("cart", "1.1.0")), Releaser.Starter.of("ci"))
                    .prepared()).as("the newest verification counts").isPresent();
        }
    }

    @Test
    void anEnvironmentWithAPolicyChecksTheManifestsOfTheReleasedServices() throws IOException {
        String yaml = shopYaml().replace("  - name: dev\n    trigger: push\n",
                "  - name: dev\n    trigger: push\n    policy: {}\n");
        assertThat(yaml).contains("policy: {}");
        Files.writeString(specFile, yaml);
        spec = SpecLoader.load(specFile).orThrow();
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            installInDev(records);
            Releaser.Preparation cart = create(records, new ReleaseRequest("dev", Map.of("cart", "1.1.0")),
                    Releaser.Starter.of("ci"));
            assertThat(cart.gates()).filteredOn(g -> g.name().equals("manifest-policy")).singleElement()
                    .satisfies(gate -> {
                        assertThat(gate.ok()).isTrue();
                        assertThat(gate.detail()).startsWith("1 workloads in ").contains("follow the rules (");
                    });
        }
    }

    @Test
    void anAdminMayForceAReleasePastAnUnmetGateAndTheReasonIsRecorded() {
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            Map<String, String> hotfix = new java.util.LinkedHashMap<>(SHOP);
            hotfix.put("cart", "1.2.0");
            Releaser.Preparation forced = create(records, new ReleaseRequest("staging", hotfix),
                    new Releaser.Starter("root", Optional.of("hotfix for INC-42")));
            ReleaseRecord record = records.require(forced.prepared().orElseThrow().record().id());
            assertThat(record.admission().forced()).isEqualTo("hotfix for INC-42");
            assertThat(record.admission().gates()).extracting(GateResult::name, GateResult::ok)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("promote-from", false));
            assertThat(record.admission().gates().getFirst().detail())
                    .startsWith("never ran healthy in dev (which staging is promoted from): cart 1.2.0, catalog");
            assertThat(record.state()).isEqualTo("succeeded");
        }
    }

    @Test
    void aVersionNamedAloneDeploysItsRecordedDigestAndAnUnrecordedVersionIsRefused() {
        String digest = "sha256:" + "c".repeat(64);
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            installInDev(records); // by tags: no build of the shop was recorded then
            store.builds().record(new Build("cart", "1.9.0", "registry.example/shop/cart", digest,
                    Optional.of("abc"), Optional.empty(), Optional.empty(), "ci", Instant.now()));

            Releaser.Preparation deployed = create(records, new ReleaseRequest("dev", Map.of("cart", "1.9.0")),
                    Releaser.Starter.of("ci"));
            assertThat(records.require(deployed.prepared().orElseThrow().record().id()).digests())
                    .containsExactly(Map.entry("cart", digest));
            assertThat(World.inventory(store, data, spec, "dev", ClusterAccess.DEFAULT).deployed("cart").orElseThrow()
                    .digest()).contains(digest);

            assertThatThrownBy(() -> create(records, new ReleaseRequest("dev", Map.of("cart", "1.9.1")),
                    Releaser.Starter.of("ci"))).isInstanceOf(UserError.class)
                    .hasMessage("no build of cart 1.9.1 is recorded (recorded: 1.9.0)")
                    .satisfies(e -> assertThat(((UserError) e).hint()).get().asString()
                            .contains("slipway build record"));
            assertThatThrownBy(() -> create(records, new ReleaseRequest("dev", Map.of("cart", "1.9.0"),
                    Map.of("cart", "sha256:" + "d".repeat(64))), Releaser.Starter.of("ci")))
                    .isInstanceOf(UserError.class).hasMessageStartingWith("cart 1.9.0 was built as " + digest);
        }
    }
}
