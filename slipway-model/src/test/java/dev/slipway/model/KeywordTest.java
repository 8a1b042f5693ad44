package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One spelling of enum constants as keywords, read back strictly for what Slipway wrote itself. */
class KeywordTest {

    private enum Ending implements Keyword {
        SUCCEEDED, ROLLED_BACK, FAILED
    }

    @Test
    void aConstantIsSpelledInLowerCaseWithHyphens() {
        assertThat(Ending.ROLLED_BACK.keyword()).as("the default spelling").isEqualTo("rolled-back");
        assertThat(Keyword.spelled(Thread.State.TIMED_WAITING)).isEqualTo("timed-waiting");
        assertThat(Keyword.required(Ending.class, "rolled-back", "ending")).isEqualTo(Ending.ROLLED_BACK);
        assertThat(Keyword.parse(Ending.class, "ROLLED_BACK")).as("names are not keywords").isEmpty();
    }

    @Test
    void anUnknownKeywordWhereOneIsRequiredNamesWhatWasExpected() {
        assertThatThrownBy(() -> Keyword.required(Ending.class, "rolled_back", "ending"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown ending \"rolled_back\"; expected succeeded, rolled-back or failed");
    }
}
