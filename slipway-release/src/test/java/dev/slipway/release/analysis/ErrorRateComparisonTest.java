package dev.slipway.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Counts read from scrapes that do not line up with the intervals: a side's requests land in some intervals only.
 * Such intervals are carried into the next until both sides have served requests, so no evidence is thrown away.
 */
class ErrorRateComparisonTest {

    @Test
    void intervalsWhereOneSideServedNothingAreCarriedIntoTheNextAsOneBlock() {
        ErrorRateComparison staggered = new ErrorRateComparison();
        ErrorRateComparison merged = new ErrorRateComparison();
        for (int i = 0; i < 5; i++) {
            staggered.add(150, 30, 0, 0); // the canary's pods scraped in this interval,
            staggered.add(0, 0, 1500, 15); // the stable ones in the next
            merged.add(150, 30, 1500, 15);
        }

        assertThat(staggered.logLikelihoodRatio()).isCloseTo(merged.logLikelihoodRatio(), within(1e-9));
        assertThat(staggered.rejects(0.005)).isTrue();
        assertThat(staggered.canaryRequests()).isEqualTo(750);
        assertThat(staggered.baselineErrors()).isEqualTo(75);
    }

    @Test
    void aBlockWithoutErrorsCarriesNoInformationAndIsNotCarriedFurther() {
        ErrorRateComparison test = new ErrorRateComparison();
        test.add(100, 0, 0, 0);
        test.add(0, 0, 1000, 0); // the block closes: no errors, Λ stays 1
        assertThat(test.logLikelihoodRatio()).isCloseTo(0, within(1e-12));

        test.add(100, 20, 1000, 10); // the next block stands alone
        ErrorRateComparison alone = new ErrorRateComparison();
        alone.add(100, 20, 1000, 10);
        assertThat(test.logLikelihoodRatio()).isCloseTo(alone.logLikelihoodRatio(), within(1e-9));
    }

    @Test
    void atAFullStepTheBaselineServesNothingAndTheStatisticStandsWhereItWas() {
        ErrorRateComparison test = new ErrorRateComparison();
        test.add(100, 5, 900, 9);
        double before = test.logLikelihoodRatio();
        for (int i = 0; i < 100; i++) {
            test.add(1000, 500, 0, 0);
        }
        assertThat(test.logLikelihoodRatio()).isEqualTo(before);
    }
}
