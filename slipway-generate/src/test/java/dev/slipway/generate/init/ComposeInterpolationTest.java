package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compose's interpolation semantics, as documented for {@code docker compose}: examples first, then a property
 * test that builds random templates together with the value compose gives them and compares.
 */
class ComposeInterpolationTest {

    private static final Map<String, String> VARIABLES = Map.of("SET", "value", "EMPTY", "", "PORT", "8080");

    private static String interpolate(String text, List<String> problems) {
        return ComposeInterpolation.interpolate(text, VARIABLES, problems::add);
    }

    @Test
    void theFormsComposeDocuments() {
        List<String> problems = new ArrayList<>();
        assertThat(interpolate("http://cart:${PORT}/x", problems)).isEqualTo("http://cart:8080/x");
        assertThat(interpolate("$SET-$PORT", problems)).isEqualTo("value-8080");
        assertThat(interpolate("${EMPTY:-fallback}|${EMPTY-unused}|", problems)).as("- keeps an empty value")
                .isEqualTo("fallback||");
        assertThat(interpolate("${UNSET:-a} ${UNSET-b}", problems)).isEqualTo("a b");
        assertThat(interpolate("${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}", problems)).isEqualTo("alt  alt ");
        assertThat(interpolate("$${NOT} costs $$5 and $ alone", problems)).isEqualTo("${NOT} costs $5 and $ alone");
        assertThat(interpolate("${UNSET:-${SET}}", problems)).as("defaults nest").isEqualTo("value");
        assertThat(problems).isEmpty();

        assertThat(interpolate("${UNSET}", problems)).isEmpty();
        assertThat(interpolate("${EMPTY:?must be set}", problems)).isEmpty();
        assertThat(interpolate("${EMPTY?fine when empty}", problems)).isEmpty();
        assertThat(problems).containsExactly("variable UNSET is not set",
                "variable EMPTY is required (must be set) but not set");
    }

    @Test
    void anUnclosedBraceIsKeptAsWritten() {
        List<String> problems = new ArrayList<>();
        assertThat(interpolate("a ${SET", problems)).isEqualTo("a ${SET");
    }

    /** Random templates built with the value compose gives them: literal text, $$, and every operator, nested. */
    @Test
    void randomTemplatesInterpolateLikeCompose() {
        Random random = new Random(20261206);
        for (int run = 0; run < 2000; run++) {
            StringBuilder template = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            int[] expectedProblems = {0};
            for (int i = random.nextInt(5); i >= 0; i--) {
                piece(random, 2, template, expected, expectedProblems);
            }
            List<String> problems = new ArrayList<>();
            assertThat(ComposeInterpolation.interpolate(template.toString(), VARIABLES, problems::add))
                    .as(template.toString()).isEqualTo(expected.toString());
            assertThat(problems).as(template.toString()).hasSize(expectedProblems[0]);
        }
    }

    private static final String[] NAMES = {"SET", "EMPTY", "UNSET", "PORT"};
    private static final String[] LITERALS = {"http://", ":", "/api", "x", " ", "a-b", "}", "{", "-", "?"};

    private static void piece(Random random, int depth, StringBuilder template, StringBuilder expected, int[] problems) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String value = VARIABLES.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        switch (random.nextInt(depth > 0 ? 10 : 4)) {
            case 0 -> {
                String literal = LITERALS[random.nextInt(LITERALS.length)];
                template.append(literal);
                expected.append(literal);
            }
            case 1 -> {
                template.append("$$");
                expected.append('$');
            }
            case 2 -> {
                template.append("${").append(name).append('}');
                expected.append(set ? value : "");
                problems[0] += set ? 0 : 1;
            }
            case 3 -> {
                template.append('$').append(name).append('/');
                expected.append(set ? value : "").append('/');
                problems[0] += set ? 0 : 1;
            }
            default -> {
                String[] operators = {":-", "-", ":+", "+", ":?", "?"};
                String operator = operators[random.nextInt(operators.length)];
                StringBuilder argumentTemplate = new StringBuilder();
                StringBuilder argumentValue = new StringBuilder();
                int[] argumentProblems = {0};
                piece(random, depth - 1, argumentTemplate, argumentValue, argumentProblems);
                if (argumentTemplate.indexOf("}") >= 0 && argumentTemplate.indexOf("${") < 0) {
                    argumentTemplate.setLength(0); // a bare } would close the expression early, as in compose
                    argumentValue.setLength(0);
                    argumentProblems[0] = 0;
                }
                template.append("${").append(name).append(operator).append(argumentTemplate).append('}');
                boolean useArgument = switch (operator) {
                    case ":-" -> !nonEmpty;
                    case "-" -> !set;
                    case ":+" -> nonEmpty;
                    case "+" -> set;
                    default -> false;
                };
                boolean failed = (operator.equals(":?") && !nonEmpty) || (operator.equals("?") && !set);
                if (useArgument) {
                    expected.append(argumentValue);
                    problems[0] += argumentProblems[0];
                } else if (failed) {
                    problems[0] += 1 + argumentProblems[0]; // the message is interpolated too
                } else if (operator.equals(":+") || operator.equals("+")) {
                    expected.append("");
                } else {
                    expected.append(value);
                }
            }
        }
    }
}
