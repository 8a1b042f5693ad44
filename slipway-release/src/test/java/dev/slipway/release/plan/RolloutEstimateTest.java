package dev.slipway.release.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Service;
import dev.slipway.model.Verification;
import dev.slipway.model.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutEstimateTest {

    private final Service template = TestSpecs.system().service("api").build().service("api").orElseThrow();

    private Service with(int replicas, Strategy strategy) {
        Service s = template;
        return new Service(s.name(), s.path(), s.language(), s.buildTool(), s.dockerfile(), s.image(), s.port(),
                s.healthPath(), replicas, s.resources(), s.env(), s.dependsOn(), strategy, s.stateful(), s.analysis(),
                s.livenessPath(), s.secrets(), s.watch(), Verification.off(), List.of());
    }

    @Test
    void aVerificationWindowLengthensRollingAndBlueGreenButNotACanaryWhoseLastStepIsItsVerification() {
        Service s = with(4, new Strategy.Rolling("25%", "0"));
        Service verified = new Service(s.name(), s.path(), s.language(), s.buildTool(), s.dockerfile(), s.image(),
                s.port(), s.healthPath(), 4, s.resources(), s.env(), s.dependsOn(), s.strategy(), s.stateful(),
                s.analysis(), s.livenessPath(), s.secrets(), s.watch(), new Verification(Duration.ofMinutes(5)), List.of());
        assertThat(estimate(verified)).isEqualTo(Duration.ofSeconds(80 + 300));
        assertThat(RolloutEstimate.DEFAULT.of(verified, new Strategy.BlueGreen(Duration.ofMinutes(1))))
                .isEqualTo(Duration.ofSeconds(32 + 300));
        assertThat(RolloutEstimate.DEFAULT.of(verified, new Strategy.Canary(List.of(50, 100), Duration.ofMinutes(1))))
                .isEqualTo(Duration.ofMinutes(2));
    }

    private static Duration estimate(Service service) {
        return RolloutEstimate.DEFAULT.of(service);
    }

    @Test
    void rollingReplacesOneBatchOfPodsPerPodStartup() {
        // 25% of 4 = 1 pod per wave: 4 waves
        assertThat(estimate(with(4, new Strategy.Rolling("25%", "0")))).isEqualTo(Duration.ofSeconds(80));
        // a surge percentage rounds up: 25% of 2 is 1 pod
        assertThat(estimate(with(2, new Strategy.Rolling("25%", "0")))).isEqualTo(Duration.ofSeconds(40));
        // 2 surge + 1 unavailable = 3 pods per wave: ceil(10 / 3) = 4 waves
        assertThat(estimate(with(10, new Strategy.Rolling("2", "1")))).isEqualTo(Duration.ofSeconds(80));
        // an unavailable percentage rounds down: 10% of 5 is 0, so the wave is the surge alone
        assertThat(estimate(with(5, new Strategy.Rolling("1", "10%")))).isEqualTo(Duration.ofSeconds(100));
        // nothing surges and nothing may be unavailable: still one pod at a time
        assertThat(estimate(with(3, new Strategy.Rolling("0", "0")))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void blueGreenStartsGreenSmokeTestsItAndSwitches() {
        assertThat(estimate(with(6, new Strategy.BlueGreen(Duration.ofMinutes(15))))).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void canaryPausesOneIntervalPerStep() {
        assertThat(estimate(with(2, new Strategy.Canary(List.of(10, 25, 50, 100), Duration.ofMinutes(2)))))
                .isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void thePodStartUpTimeIsAParameter() {
        RolloutEstimate slow = new RolloutEstimate(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(2));
        assertThat(slow.of(with(2, new Strategy.Rolling("1", "0")))).isEqualTo(Duration.ofMinutes(2));
    }
}
