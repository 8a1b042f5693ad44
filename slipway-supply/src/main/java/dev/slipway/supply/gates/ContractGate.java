package dev.slipway.supply.gates;

import dev.slipway.release.plan.DeclaredRanges;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.VersionRange;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Can I deploy service S at version V to an environment? Answered the way Pact's can-i-deploy answers it, from
 * Slipway's own contract first: the declared version ranges, in both directions (what S@V needs of what runs there,
 * and what every running service needs of S), then from recorded verification results as extra evidence.
 * <p>
 * What blocks: a range that is not satisfied, a dependency that does not run there at all, and a recorded
 * verification of exactly those two versions that failed. A pair without a recorded verification does not block
 * by default, because the ranges are the contract every service declares and verifications are optional
 * evidence; pass {@code requireVerification} to make an unverified pair block (the strict Pact way).
 */
public final class ContractGate {

    public static final String NAME = "contracts";

    private ContractGate() {
    }

    /** How one pair of services stands. */
    public enum Outcome {
        /** The consumer's declared range accepts the provider's version. */
        RANGE_SATISFIED,
        /** The consumer's declared range does not accept the provider's version. */
        RANGE_VIOLATED,
        /** The service needs a dependency that does not run in the environment. */
        NOT_RUNNING,
        /** The latest recorded verification of exactly these two versions passed. */
        VERIFIED,
        /** The latest recorded verification of exactly these two versions failed. */
        VERIFICATION_FAILED,
        /** No verification of these two versions is recorded. */
        UNVERIFIED
    }

    /** A service that runs in the target environment, with the ranges its running version was released with. */
    public record Running(String service, String version, Map<String, VersionRange> needs) {

        public Running {
            needs = Map.copyOf(needs);
        }
    }

    /**
     * One reason of the answer.
     *
     * @param providerVersion empty when the provider does not run in the environment
     * @param range           the consumer's declared range, empty for a pair only verifications relate
     */
    public record Reason(String consumer, String consumerVersion, String provider, Optional<String> providerVersion,
                         Optional<VersionRange> range, Outcome outcome, boolean blocks, String detail) {
    }

    /** The answer: every reason, and whether S@V may be deployed. */
    public record Answer(String service, String version, String environment, List<Reason> reasons) {

        public Answer {
            reasons = List.copyOf(reasons);
        }

        public boolean ok() {
            return reasons.stream().noneMatch(Reason::blocks);
        }

        public GateResult gate() {
            String subject = service + " " + version + " in " + environment;
            if (reasons.isEmpty()) {
                return GateResult.passed(NAME, subject + ": no declared dependency or dependent, and no recorded"
                        + " verification, relates it to what runs there");
            }
            List<String> blocking = reasons.stream().filter(Reason::blocks).map(Reason::detail).toList();
            String all = String.join("; ", reasons.stream().map(Reason::detail).toList());
            if (blocking.isEmpty()) {
                return GateResult.passed(NAME, subject + ": " + all);
            }
            return GateResult.blocked(NAME, subject + ": " + blocking.size() + " of " + reasons.size()
                    + " checks block: " + all, "deploy versions whose ranges accept each other (or release them"
                    + " together in one release), or fix what the failed verification found and record a new one");
        }
    }

    /**
     * What runs in {@code inventory}, each service with the ranges recorded with its running version, or, when
     * none were recorded (installed before Slipway kept them), the ranges {@code spec} declares for it.
     */
    public static Map<String, Running> running(Inventory inventory, SystemSpec spec) {
        Map<String, Running> running = new TreeMap<>();
        for (Deployed deployed : inventory.services().values()) {
            Map<String, VersionRange> needs = DeclaredRanges.of(deployed.ranges(), spec.service(deployed.service()))
                    .ranges();
            running.put(deployed.service(), new Running(deployed.service(), deployed.version(), needs));
        }
        return running;
    }

    /**
     * {@code slipway can-i-deploy SERVICE VERSION --to ENV}: {@code version} of {@code service} with the ranges
     * {@code spec} declares for it, against what runs in {@code inventory}'s environment.
     */
    public static Answer canIDeploy(SystemSpec spec, String service, String version, Inventory inventory,
                                    List<Verification> verifications, boolean requireVerification) {
        Map<String, VersionRange> needs = new LinkedHashMap<>();
        spec.service(service).map(Service::dependsOn).orElse(List.of()).forEach(d -> needs.put(d.service(), d.range()));
        return canIDeploy(service, version, needs, inventory.environment(), running(inventory, spec), verifications,
                requireVerification);
    }

    /**
     * Can {@code service} at {@code version}, which declares {@code needs}, be deployed to {@code environment}
     * where {@code running} runs? For a release of several services, pass {@code running} with the release's
     * other new versions in place, so that services released together are judged against each other.
     */
    public static Answer canIDeploy(String service, String version, Map<String, VersionRange> needs,
                                    String environment, Map<String, Running> running,
                                    List<Verification> verifications, boolean requireVerification) {
        List<Reason> reasons = new ArrayList<>();
        Map<String, VersionRange> ordered = new TreeMap<>(needs);
        ordered.remove(service);
        ordered.forEach((dependency, range) -> {
            Running provider = running.get(dependency);
            if (provider == null) {
                reasons.add(new Reason(service, version, dependency, Optional.empty(), Optional.of(range),
                        Outcome.NOT_RUNNING, true, service + " " + version + " needs " + dependency + " " + range
                        + ", and no " + dependency + " runs in " + environment));
                return;
            }
            reasons.add(rangeReason(service, version, dependency, provider.version(), range));
            reasons.add(verificationReason(service, version, dependency, provider.version(), verifications,
                    requireVerification));
        });
        running.values().stream().filter(r -> !r.service().equals(service) && r.needs().containsKey(service))
                .forEach(consumer -> {
                    reasons.add(rangeReason(consumer.service(), consumer.version(), service, version,
                            consumer.needs().get(service)));
                    reasons.add(verificationReason(consumer.service(), consumer.version(), service, version,
                            verifications, requireVerification));
                });
        // pairs only a verification relates (a contract test without a declared range): a failure still blocks
        verifications.stream()
                .filter(v -> v.consumer().equals(service) && v.consumerVersion().equals(version)
                        && !ordered.containsKey(v.provider()) && running.containsKey(v.provider())
                        && running.get(v.provider()).version().equals(v.providerVersion()))
                .map(v -> v.provider()).distinct().sorted()
                .forEach(provider -> reasons.add(verificationReason(service, version, provider,
                        running.get(provider).version(), verifications, false)));
        verifications.stream()
                .filter(v -> v.provider().equals(service) && v.providerVersion().equals(version)
                        && running.containsKey(v.consumer()) && !running.get(v.consumer()).needs().containsKey(service)
                        && !v.consumer().equals(service)
                        && running.get(v.consumer()).version().equals(v.consumerVersion()))
                .map(v -> v.consumer()).distinct().sorted()
                .forEach(consumer -> reasons.add(verificationReason(consumer, running.get(consumer).version(), service,
                        version, verifications, false)));
        return new Answer(service, version, environment, reasons);
    }

    private static Reason rangeReason(String consumer, String consumerVersion, String provider, String providerVersion,
                                      VersionRange range) {
        boolean satisfied = range.isSatisfiedBy(providerVersion);
        return new Reason(consumer, consumerVersion, provider, Optional.of(providerVersion), Optional.of(range),
                satisfied ? Outcome.RANGE_SATISFIED : Outcome.RANGE_VIOLATED, !satisfied,
                consumer + " " + consumerVersion + " needs " + provider + " " + range + ": " + providerVersion
                        + (satisfied ? " satisfies it" : " is outside it"));
    }

    private static Reason verificationReason(String consumer, String consumerVersion, String provider,
                                             String providerVersion, List<Verification> verifications,
                                             boolean requireVerification) {
        Optional<Verification> latest = verifications.stream()
                .filter(v -> v.covers(consumer, consumerVersion, provider, providerVersion))
                .max(Comparator.comparing(Verification::verifiedAt));
        String pair = consumer + " " + consumerVersion + " with " + provider + " " + providerVersion;
        if (latest.isEmpty()) {
            return new Reason(consumer, consumerVersion, provider, Optional.of(providerVersion), Optional.empty(),
                    Outcome.UNVERIFIED, requireVerification, pair + ": no verification recorded"
                    + (requireVerification ? " (required)" : ""));
        }
        boolean passed = latest.get().passed();
        return new Reason(consumer, consumerVersion, provider, Optional.of(providerVersion), Optional.empty(),
                passed ? Outcome.VERIFIED : Outcome.VERIFICATION_FAILED, !passed,
                pair + ": verification " + (passed ? "passed" : "failed") + " at " + latest.get().verifiedAt());
    }
}
