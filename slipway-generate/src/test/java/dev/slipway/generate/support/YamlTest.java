package dev.slipway.generate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/** The emitter against a real YAML reader: whatever it writes must load back as exactly what it was given. */
class YamlTest {

    /** Strings that a YAML 1.1 or 1.2 reader takes for something else when they stand unquoted. */
    private static final List<String> LOOK_ALIKES = List.of(
            "on", "On", "ON", "off", "yes", "Yes", "no", "NO", "y", "Y", "n", "N", "true", "False", "null", "Null",
            "~", "", " ", "0", "12", "-3", "+4", "017", "0o17", "0x1F", "0b101", "1_000", "1e3", "1E-3", "3.10", ".5",
            "1.2.3", "12:30", "190:20:30", ".inf", "-.Inf", ".NaN", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
            "<<", "=", "- x", "-", "?", ":", "? x", "a: b", "a #b", "#x", "x:", "&a", "*a", "!tag", "|", ">", "'q'",
            "\"q\"", "%x", "@x", "`x", "[a]", "{a}", ",", "---", "...", "--- x", " lead", "trail ", "tab\there",
            "\ttab", "ctl\u0001", "nel\u0085", "bom\uFEFF", "line\u2028sep", "é ü 😀", "it's", "x\r\ny", "a\n",
            "a\nb", "a\n\nb\n\n", " lead\nx\n", "trail \nx\n", "\nlead break", "x\n\n\n", "x\ty\n\tz\n");

    private static final String ALPHABET = "ab zZ09-_.:#'\"\\/|>!&*?,[]{}%@`~+=\t\n\rüé😀\u0001\u0085\uFEFF";
    private static final int[] SPECIAL = ALPHABET.codePoints().toArray();

    @Test
    void stringsThatLookLikeOtherTypesLoadBackAsStrings() {
        Map<String, Object> document = new LinkedHashMap<>();
        for (int i = 0; i < LOOK_ALIKES.size(); i++) {
            document.put("k" + i, LOOK_ALIKES.get(i));
        }
        document.put("list", LOOK_ALIKES);
        Map<String, Object> keys = new LinkedHashMap<>();
        LOOK_ALIKES.forEach(s -> keys.put(s, s));
        document.put("keys", keys);

        String yaml = Yaml.write(document);

        assertLoadsBack(yaml, document);
        for (String plain : yaml.lines().map(String::strip).toList()) {
            // YAML 1.1 words and numbers must never stand plain, as a key or as a value
            assertThat(plain).doesNotMatch("(- |[^:]*: )?(on|yes|no|y|n|off|~|0o17|0x1F|1_000|2001-12-14|3\\.10|1\\.2\\.3)");
        }
    }

    @Test
    void randomNestedDocumentsLoadBackEqual() {
        for (long seed = 1; seed <= 500; seed++) {
            Random random = new Random(seed);
            Object document = random.nextBoolean() ? map(random, 0) : list(random, 0);
            String yaml = Yaml.write(document);
            assertThat(Yaml.write(document)).as("deterministic, seed %d", seed).isEqualTo(yaml);
            assertLoadsBack(yaml, document);
        }
    }

    @Test
    void writesTheHandWrittenLayout() {
        Map<String, Object> document = Yaml.map("name", "ci", "on", Yaml.map("push", Yaml.map("branches", List.of("main"))),
                "jobs", List.of(Yaml.map("run", "make\nmake test\n", "with", Yaml.map("count", 3, "debug", false)), "plain"),
                "empty", List.of(), "none", Map.of(), "version", "3.10", "image", "nginx:1.27-alpine", "timeout", "30s");

        assertThat(Yaml.write(document)).isEqualTo("""
                name: ci
                'on':
                  push:
                    branches:
                      - main
                jobs:
                  - run: |
                      make
                      make test
                    with:
                      count: 3
                      debug: false
                  - plain
                empty: []
                none: {}
                version: '3.10'
                image: nginx:1.27-alpine
                timeout: 30s
                """);
    }

    private static void assertLoadsBack(String yaml, Object expected) {
        for (LoadSettings settings : List.of(LoadSettings.builder().setSchema(new CoreSchema()).build(),
                LoadSettings.builder().setSchema(new JsonSchema()).build())) {
            assertThat(new Load(settings).loadFromString(yaml)).as("loaded from:%n%s", yaml).isEqualTo(expected);
        }
    }

    private static Map<String, Object> map(Random random, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(depth == 0 ? 1 : 0, 5);
        for (int i = 0; i < size; i++) {
            map.put(random.nextInt(4) == 0 ? lookAlike(random) : string(random), value(random, depth + 1));
        }
        return map;
    }

    private static List<Object> list(Random random, int depth) {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(depth == 0 ? 1 : 0, 5);
        for (int i = 0; i < size; i++) {
            list.add(value(random, depth + 1));
        }
        return list;
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> random.nextInt(-1000, 1000);
            case 1 -> random.nextBoolean();
            case 2 -> lookAlike(random);
            case 3, 4, 5 -> string(random);
            case 6 -> map(random, depth);
            default -> list(random, depth);
        };
    }

    private static String lookAlike(Random random) {
        return LOOK_ALIKES.get(random.nextInt(LOOK_ALIKES.size()));
    }

    private static String string(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(0, 12);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(random.nextInt(3) == 0
                    ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : 'a' + random.nextInt(26));
        }
        return s.toString();
    }
}
