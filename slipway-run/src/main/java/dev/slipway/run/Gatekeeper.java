package dev.slipway.run;

import dev.slipway.release.plan.DeclaredRanges;
import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.targets.Generators;
import dev.slipway.model.DurationText;
import dev.slipway.model.Environment;
import dev.slipway.model.ManifestPolicy;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.model.VersionRange;
import dev.slipway.release.Inventory;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Build;
import dev.slipway.store.Store;
import dev.slipway.supply.gates.ContractGate;
import dev.slipway.supply.gates.GateResult;
import dev.slipway.supply.gates.ManifestFile;
import dev.slipway.supply.gates.ManifestPolicyGate;
import dev.slipway.supply.gates.ScanReports;
import dev.slipway.supply.gates.SoakGate;
import dev.slipway.supply.gates.Verification;
import dev.slipway.supply.gates.VulnerabilityGate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lets a release into its environment, the way "build once, promote the digest" needs: each version takes the digest
 * CI recorded for it, and the environment's gates (the checks of {@code dev.slipway.supply.gates}) are evaluated over
 * what the store knows — its deployment history, build records with their scan reports, contract verifications.
 * Each gate answers once for the whole release, naming the services that block it.
 */
public final class Gatekeeper {

    static final String APPROVAL = "approval";

    private final Store store;
    private final SystemSpec spec;
    /** Where the spec's repository is: its manifests are generated from it for the manifest policy. */
    private final Path repository;

    public Gatekeeper(Store store, SystemSpec spec, Path repository) {
        this.store = store;
        this.spec = spec;
        this.repository = repository;
    }

    /**
     * The request with the recorded digest of every version named alone. A service whose builds Slipway records
     * must name a recorded version (and, with a digest, that version's digest); a service with no recorded build at
     * all is deployed by its tag, as before builds were recorded (the sandbox, a team not yet on the road).
     *
     * @throws UserError for a version with no record, or a digest that is not the version's
     */
    public ReleaseRequest withRecordedDigests(ReleaseRequest request) {
        Map<String, String> digests = new LinkedHashMap<>(request.digests());
        for (Map.Entry<String, String> target : request.versions().entrySet()) {
            String service = target.getKey();
            String version = target.getValue();
            Optional<Build> build = store.builds().find(service, version);
            String given = request.digests().get(service);
            if (build.isPresent()) {
                if (given != null && !given.equals(build.get().digest())) {
                    throw new UserError(service + " " + version + " was built as " + build.get().digest()
                            + ", not " + given, "name the version alone (its recorded digest is used), or the "
                            + "digest it was built as");
                }
                digests.put(service, build.get().digest());
            } else if (given == null) {
                List<Build> recorded = store.builds().of(service);
                if (!recorded.isEmpty()) {
                    throw new UserError("no build of " + service + " " + version + " is recorded (recorded: "
                            + String.join(", ", recorded.stream().map(Build::version).toList().reversed()
                            .stream().limit(5).toList()) + (recorded.size() > 5 ? ", …" : "") + ")",
                            "record it first (`slipway build record`, or POST /api/v1/builds from CI), or name "
                                    + "its digest: --set " + service + "=" + version + "@sha256:…");
                }
            }
        }
        return new ReleaseRequest(request.environment(), request.versions(), digests, request.ranges());
    }

    /**
     * Every gate of the environment for this release, each with what it found.
     *
     * @param running   what runs in the environment now
     * @param timeScale how many times faster than the wall clock the source environment's time runs (the sandbox at
     *                  {@code --speed N}: a soak there passes in sandbox time); 1 elsewhere
     */
    public List<GateResult> check(ReleaseRequest request, Inventory running, double timeScale) {
        Optional<Environment> named = spec.environment(request.environment());
        if (named.isEmpty()) {
            return List.of(); // no gates to check: the plan refuses an environment the spec does not have
        }
        Environment environment = named.get();
        Instant now = Instant.now();
        List<GateResult> gates = new ArrayList<>();
        environment.promoteFrom().ifPresent(source -> gates.addAll(fromSource(source, request, now, timeScale)));
        environment.scan().ifPresent(policy -> gates.add(combine(VulnerabilityGate.NAME,
                request.versions().entrySet().stream().map(target -> {
                    String subject = target.getKey() + " " + target.getValue();
                    Optional<Build> build = store.builds().find(target.getKey(), target.getValue());
                    return VulnerabilityGate.check(subject, build.flatMap(Build::scanReport)
                            .map(report -> ScanReports.parse(report, "the scan report of " + subject)), policy, now);
                }).toList())));
        environment.policy().ifPresent(policy -> gates.add(manifestPolicy(request, policy)));
        contracts(request, running).ifPresent(gates::add);
        if (environment.approval()) {
            Environment.Approvers approvers = environment.approvers();
            gates.add(GateResult.passed(APPROVAL, "the release waits for " + approvers.minimum() + " approver"
                    + (approvers.minimum() == 1 ? "" : "s")
                    + (approvers.names().isEmpty() ? "" : " of " + String.join(", ", approvers.names()))
                    + (approvers.allowSelf() ? "" : ", not the person who starts it") + " (`slipway approve RELEASE`)"));
        }
        return gates;
    }

    /** promote-from and soak: every target ran healthy in the source environment, long enough. */
    private List<GateResult> fromSource(String source, ReleaseRequest request, Instant now, double timeScale) {
        Duration soak = spec.environment(source).map(Environment::soak).orElse(Duration.ZERO);
        List<String> ran = new ArrayList<>();
        List<String> never = new ArrayList<>();
        List<SoakGate.Soak> soaked = new ArrayList<>();
        for (Map.Entry<String, String> target : request.versions().entrySet()) {
            String service = target.getKey();
            List<dev.slipway.release.dora.Deployment> history = store.deployments().list(source, service).stream()
                    .map(d -> scaled(d, now, timeScale)).toList();
            // a version released by its tag is known in the source by the digest the cluster ran for it there
            Optional<String> digest = Optional.ofNullable(request.digests().get(service)).or(() -> history.stream()
                    .filter(d -> d.version().equals(target.getValue()) && d.digest().isPresent())
                    .max(Comparator.comparing(dev.slipway.release.dora.Deployment::at))
                    .flatMap(dev.slipway.release.dora.Deployment::digest));
            String subject = service + " " + target.getValue();
            Optional<SoakGate.Soak> soakOf = digest.map(d -> SoakGate.check(source, history, service, d, soak, now));
            if (soakOf.isEmpty() || !soakOf.get().promoteFrom().ok()) {
                never.add(subject);
                continue;
            }
            ran.add(subject);
            soaked.add(soakOf.get());
        }
        GateResult promoted = never.isEmpty()
                ? GateResult.passed(SoakGate.PROMOTE_FROM, "ran healthy in " + source + ": " + String.join(", ", ran))
                : GateResult.blocked(SoakGate.PROMOTE_FROM, "never ran healthy in " + source + " (which "
                        + request.environment() + " is promoted from): " + String.join(", ", never),
                        "promote what runs in " + source + " with `slipway promote --to " + request.environment()
                                + "`, or release it to " + source + " first; an admin may override with --force "
                                + "--reason TEXT");
        List<GateResult> gates = new ArrayList<>(List.of(promoted));
        if (!soak.isZero() && !soaked.isEmpty()) {
            gates.add(soak(source, soak, soaked));
        }
        return gates;
    }

    /** soak, once for the release: the services still soaking with what remains, or how long they all ran. */
    private static GateResult soak(String source, Duration soak, List<SoakGate.Soak> soaked) {
        List<SoakGate.Soak> waiting = soaked.stream().filter(s -> !s.ok()).toList();
        if (waiting.isEmpty()) {
            Duration least = soaked.stream().map(SoakGate.Soak::ran).min(Comparator.naturalOrder()).orElseThrow();
            return GateResult.passed(SoakGate.NAME, soaked.size() + " service" + (soaked.size() == 1 ? " has" : "s have")
                    + " run healthy in " + source + " for at least " + DurationText.of(least) + " (the soak is "
                    + DurationText.of(soak) + ")");
        }
        Duration most = waiting.stream().map(SoakGate.Soak::remains).max(Comparator.naturalOrder()).orElseThrow();
        return GateResult.blocked(SoakGate.NAME, "the " + DurationText.of(soak) + " soak in " + source
                        + " is not over for " + String.join(", ", waiting.stream().map(s -> s.service() + " ("
                        + DurationText.of(s.remains()) + " remain" + (s.until().isPresent() ? ", no longer runs there"
                        : "") + ")").toList()),
                "wait " + DurationText.of(most) + " and promote again, or promote what has soaked");
    }

    /**
     * The history as it looks in the source environment's own time: on a sandbox sped up N times, what finished
     * a minute ago by the wall clock has run N minutes there.
     */
    private static dev.slipway.release.dora.Deployment scaled(dev.slipway.release.dora.Deployment d, Instant now,
                                                              double timeScale) {
        if (timeScale == 1) {
            return d;
        }
        java.util.function.UnaryOperator<Instant> shift = at -> now.minusMillis(
                (long) (Duration.between(at, now).toMillis() * timeScale));
        return new dev.slipway.release.dora.Deployment(d.service(), d.version(), d.digest(), d.environment(),
                d.commit(), d.committed(), shift.apply(d.started()), d.finished().map(shift), d.outcome(), d.release());
    }

    /**
     * manifest-policy: over the Kubernetes manifests {@code slipway generate} writes for the released services (their
     * base and this environment's overlay), the ones this release's delivery applies or commits.
     */
    private GateResult manifestPolicy(ReleaseRequest request, ManifestPolicy policy) {
        List<GeneratedFile> generated;
        try {
            generated = Generators.byTarget("kubernetes").orElseThrow().generate(spec, SourceTree.at(repository));
        } catch (GenerationException e) {
            return GateResult.blocked(ManifestPolicyGate.NAME, "the manifests cannot be generated: " + e.getMessage(),
                    e.hint());
        }
        String overlays = "/overlays/";
        List<ManifestFile> files = generated.stream()
                .filter(f -> request.versions().keySet().stream().anyMatch(service ->
                        f.path().startsWith("deploy/kubernetes/" + service + "/")))
                .filter(f -> !f.path().contains(overlays)
                        || f.path().contains(overlays + request.environment() + "/"))
                .map(f -> new ManifestFile(f.path(), f.content())).toList();
        return ManifestPolicyGate.check(files, policy).gate();
    }

    /**
     * contracts: each target against the environment as it will be once the release is done (its other targets in
     * place) — the recorded verifications of the versions that will run together; a failed one blocks. Empty when
     * none is recorded.
     */
    private Optional<GateResult> contracts(ReleaseRequest request, Inventory running) {
        Map<String, ContractGate.Running> after = new LinkedHashMap<>(ContractGate.running(running, spec));
        Map<String, Map<String, VersionRange>> needs = new LinkedHashMap<>();
        for (Map.Entry<String, String> target : request.versions().entrySet()) {
            Map<String, VersionRange> declared = DeclaredRanges.of(request.ranges(target.getKey()),
                    spec.service(target.getKey())).ranges();
            needs.put(target.getKey(), declared);
            after.put(target.getKey(), new ContractGate.Running(target.getKey(), target.getValue(), declared));
        }
        List<GateResult> answers = new ArrayList<>();
        for (Map.Entry<String, String> target : request.versions().entrySet()) {
            List<Verification> verifications = CanIDeploy.verifications(store, target.getKey());
            ContractGate.Answer answer = ContractGate.canIDeploy(target.getKey(), target.getValue(),
                    needs.get(target.getKey()), request.environment(), after, verifications, false);
            // the ranges are the plan's to check, at every moment of the rollout: here only what CI verified
            List<ContractGate.Reason> verified = answer.reasons().stream()
                    .filter(r -> r.outcome() == ContractGate.Outcome.VERIFIED
                            || r.outcome() == ContractGate.Outcome.VERIFICATION_FAILED).toList();
            if (!verified.isEmpty()) {
                answers.add(new ContractGate.Answer(answer.service(), answer.version(), answer.environment(),
                        verified).gate());
            }
        }
        // no verification recorded for these versions: nothing to say beyond the plan's range checks
        return answers.isEmpty() ? Optional.empty() : Optional.of(combine(ContractGate.NAME, answers));
    }

    /** One answer of a gate for the whole release: passed when every service passed, else the ones that block. */
    static GateResult combine(String name, List<GateResult> perService) {
        List<GateResult> blocked = perService.stream().filter(g -> !g.ok()).toList();
        if (blocked.isEmpty()) {
            return GateResult.passed(name, perService.size() == 1 ? perService.getFirst().detail()
                    : perService.size() + " services pass: " + String.join("; ",
                    perService.stream().map(GateResult::detail).toList()));
        }
        return GateResult.blocked(name, String.join("; ", blocked.stream().map(GateResult::detail).toList()),
                blocked.getFirst().hint());
    }
}
