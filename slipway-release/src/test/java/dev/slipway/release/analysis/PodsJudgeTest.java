package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.analysis.Verdict.Outcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodsJudgeTest {

    private final FakeMetrics metrics = new FakeMetrics();

    @Test
    void allPodsReadyWithoutRestartsPass() {
        Verdict verdict = new PodsJudge().judge(Looks.withPods(Optional.of(Looks.pods(3, 0)), metrics));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.reason()).isEqualTo("canary pods ready 3 of 3, no restarts");
        assertThat(verdict.measurements()).extracting(Measurement::metric, Measurement::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ready-pods", Outcome.PASS),
                        org.assertj.core.groups.Tuple.tuple("restarts", Outcome.PASS));
    }

    @Test
    void aRestartFailsTheCanary() {
        Verdict verdict = new PodsJudge().judge(Looks.withPods(Optional.of(Looks.pods(3, 2)), metrics));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).isEqualTo("canary pods restarted 2 times");
    }

    @Test
    void aPodNotReadyYetKeepsTheCanaryFromPassingWithoutFailingIt() {
        Verdict verdict = new PodsJudge().judge(Looks.withPods(Optional.of(Looks.pods(2, 0)), metrics));

        assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(verdict.reason()).isEqualTo("waiting for the canary's pods: ready 2 of 3");
        assertThat(verdict.measurements().getFirst().canary()).hasValue(2);
        assertThat(verdict.measurements().getFirst().baseline()).hasValue(3);
    }

    @Test
    void withoutAStatusOfThePodsThereIsNothingToConclude() {
        Verdict verdict = new PodsJudge().judge(Looks.withPods(Optional.empty(), metrics));

        assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    }
}
