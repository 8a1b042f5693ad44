package dev.slipway.model.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slipway.model.LoadResult;
import dev.slipway.model.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid specs at random and asserts that loading either succeeds or returns located errors: no other
 * exception, no hang. Seeded, so a failure reproduces; the failing input is printed.
 */
class SpecFuzzTest {

    private static final int CASES = 5_000;
    private static final String ALPHABET = " \n:-{}[],\"'&*!|>#%@`?0123456789abcxyz.^~<>=\t";
    private static final String[] SCALARS = {"", "~", "null", "true", "-1", "0", "99999999999999999999", "1e400",
        ".nan", "\"\"", "[]", "{}", "\"*\"", "\">=2.x\"", "\"^\"", "canary", "latest", "x:latest", "0x1F", "0o17",
        "2m", "-", "&a x", "*a", "!!binary aGk=", "!custom x", "\"\\u0000\"", "|\n  multi\n  line"};

    @Test
    void nestingThousandsDeepIsAProblemNotAStackOverflow() {
        for (String deep : List.of("[".repeat(20_000), "a: ".repeat(20_000) + "1\n", "{a: ".repeat(20_000))) {
            LoadResult result = SpecLoader.load(deep, "slipway.yaml");
            assertThat(result.ok()).isFalse();
            assertThat(result.errors()).isNotEmpty();
        }
    }

    @Test
    void mutatedSpecsLoadOrReportLocatedErrors() {
        List<String> seeds = List.of(SpecLoaderTest.VALID, """
                system: {name: s, registry: r.io/s, repository: https://g.it/s.git}
                ci: {providers: [github, gitlab], mainBranch: main, scan: {tool: trivy, failOn: [HIGH]}}
                defaults: {replicas: 1, healthPath: /h, strategy: {type: blue-green, scaleDownDelay: 5m}}
                services:
                  a: {path: a, language: go, port: 80, dependsOn: {b: "^1.2"}, env: {X: "b:80"}}
                  b: {image: "redis:7.2", port: 6379, resources: {limits: {cpu: 1, memory: 1Gi}}}
                """);
        Random random = new Random(20261126L);
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            int failures = 0;
            for (int i = 0; i < CASES; i++) {
                String input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                LoadResult result;
                try {
                    result = SpecLoader.load(input, "slipway.yaml");
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("case " + i + " threw " + e + " on input:\n" + input, e);
                }
                if (!result.ok()) {
                    failures++;
                    assertThat(result.errors()).as("case %d on input:%n%s", i, input).isNotEmpty();
                    for (Problem problem : result.problems()) {
                        assertThat(problem.line()).as("line of %s in case %d:%n%s", problem, i, input).isPositive();
                        assertThat(problem.column()).as("column of %s", problem).isPositive();
                        assertThat(problem.message()).isNotBlank();
                        assertThat(problem.hint()).as("hint of %s", problem).isPresent();
                    }
                } else {
                    assertThat(result.spec()).isPresent();
                }
            }
            // The mutations must actually break most inputs, or the test proves little.
            assertThat(failures).isGreaterThan(CASES / 2);
        });
    }

    static String mutate(String text, Random random) {
        String result = text;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            result = switch (random.nextInt(7)) {
                case 0 -> deleteRange(result, random);
                case 1 -> insertChars(result, random);
                case 2 -> duplicateLine(result, random);
                case 3 -> swapLines(result, random);
                case 4 -> reindent(result, random);
                case 5 -> replaceScalar(result, random);
                default -> result.isEmpty() ? result : result.substring(0, random.nextInt(result.length()));
            };
        }
        return result;
    }

    private static String deleteRange(String s, Random random) {
        if (s.isEmpty()) {
            return s;
        }
        int start = random.nextInt(s.length());
        int end = Math.min(s.length(), start + 1 + random.nextInt(12));
        return s.substring(0, start) + s.substring(end);
    }

    private static String insertChars(String s, Random random) {
        int at = s.isEmpty() ? 0 : random.nextInt(s.length());
        StringBuilder chars = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            chars.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.substring(0, at) + chars + s.substring(at);
    }

    private static String duplicateLine(String s, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        int i = random.nextInt(lines.size());
        lines.add(i, lines.get(i));
        return String.join("\n", lines);
    }

    private static String swapLines(String s, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        String line = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, line);
        return String.join("\n", lines);
    }

    private static String reindent(String s, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        int i = random.nextInt(lines.size());
        lines.set(i, random.nextBoolean() ? "  " + lines.get(i) : lines.get(i).stripLeading());
        return String.join("\n", lines);
    }

    private static String replaceScalar(String s, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        int i = random.nextInt(lines.size());
        int colon = lines.get(i).indexOf(": ");
        if (colon < 0) {
            return s;
        }
        lines.set(i, lines.get(i).substring(0, colon + 2) + SCALARS[random.nextInt(SCALARS.length)]);
        return String.join("\n", lines);
    }
}
