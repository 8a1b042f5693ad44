package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class LatencyComparisonTest {

    @Test
    void itsPValueIsCommonsMathsTwoSidedTestHalvedMadeSlightlyMoreCautiousByTheContinuityCorrection() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            double[] canary = random.doubles(12 + trial % 20).map(v -> 45 + 10 * v).toArray();
            double[] other = random.doubles(15 + trial % 7).map(v -> 40 + 10 * v).toArray();
            double twoSided = new MannWhitneyUTest().mannWhitneyUTest(canary, other);
            double p = LatencyComparison.pValue(canary, other);
            double reversed = LatencyComparison.pValue(other, canary);

            double oneSided = p < 0.5 ? twoSided / 2 : 1 - twoSided / 2;
            assertThat(p).isGreaterThanOrEqualTo(oneSided).isCloseTo(oneSided, org.assertj.core.data.Offset.offset(0.05));
            assertThat(p + reversed).isGreaterThanOrEqualTo(1); // one-sided both ways: never both small
        }
    }

    @Test
    void aCanaryFasterThanTheBaselineIsNeverAboveIt() {
        double[] canary = {20, 21, 22, 20, 21, 22, 20, 21, 22, 20};
        double[] baseline = {40, 41, 42, 40, 41, 42, 40, 41, 42, 40};

        LatencyComparison.Result result = LatencyComparison.test(canary, baseline, 0.1, 10, 0.01);

        assertThat(result.tested()).isTrue();
        assertThat(result.rejects()).isFalse();
        assertThat(result.p()).isGreaterThan(0.999);
    }

    @Test
    void theToleranceScalesTheBaseline() {
        double[] canary = {43, 43, 43, 43, 43, 43, 43, 43, 43, 43};
        double[] baseline = {40, 40, 40, 40, 40, 40, 40, 40, 40, 40};

        assertThat(LatencyComparison.test(canary, baseline, 0.1, 10, 0.01).rejects()).isFalse();
        assertThat(LatencyComparison.test(canary, baseline, 0.05, 10, 0.01).rejects()).isTrue();
    }

    @Test
    void nothingIsTestedBeforeTheFirstLookOrWithFewValues() {
        double[] slow = {90, 90, 90, 90, 90, 90, 90, 90, 90, 90};
        double[] fast = {40, 40, 40, 40, 40, 40, 40, 40, 40, 40};

        assertThat(LatencyComparison.test(slow, fast, 0.1, LatencyComparison.FIRST_LOOK - 1, 0.01).tested()).isFalse();
        assertThat(LatencyComparison.test(new double[] {90, 90}, fast, 0.1, 10, 0.01).tested()).isFalse();
        assertThat(LatencyComparison.test(slow, fast, 0.1, 10, 0.01).rejects()).isTrue();
    }
}
