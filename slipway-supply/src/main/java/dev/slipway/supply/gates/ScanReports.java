package dev.slipway.supply.gates;

import dev.slipway.model.UserError;
import dev.slipway.model.VulnerabilitySeverity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the vulnerability reports Trivy writes: its own JSON ({@code trivy image --format json}, SchemaVersion 2)
 * and SARIF 2.1.0 ({@code --format sarif}). A report that is not one of them, or is broken, is a {@link UserError}
 * naming where (line and column for bad JSON, a JSON pointer for a bad shape) and what was expected.
 */
public final class ScanReports {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Enough problems to fix a broken report in one go without flooding the answer. */
    private static final int MOST_PROBLEMS = 10;
    /** Trivy's SARIF result message: "Package: x\nInstalled Version: y\nVulnerability CVE\nSeverity: S\nFixed Version: z". */
    private static final Pattern MESSAGE_FIELD = Pattern.compile("^(Package|Installed Version|Severity|Fixed Version): ?(.*)$",
            Pattern.MULTILINE);

    /** Trivy's contrib/sarif.tpl names a rule "[HIGH] CVE-2024-1": the id is the part a waiver names. */
    private static final Pattern TEMPLATE_ID = Pattern.compile("^\\[[A-Z]+\\] (\\S+)$");

    private final String label;
    private final List<String> problems = new ArrayList<>();

    private ScanReports(String label) {
        this.label = label;
    }

    /** Reads a Trivy JSON or SARIF report; {@code label} names it in errors (a file name, "the uploaded report"). */
    public static ScanReport parse(String text, String label) {
        return new ScanReports(label).read(text);
    }

    private ScanReport read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (StreamReadException e) {
            var at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new UserError(label + where + ": not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""),
                    "upload the file trivy wrote with --format json or --format sarif, unchanged");
        } catch (JacksonException e) {
            throw new UserError(label + ": not valid JSON: " + e.getOriginalMessage(),
                    "upload the file trivy wrote with --format json or --format sarif, unchanged");
        }
        if (root == null || root.isMissingNode()) {
            throw new UserError(label + ": the report is empty", "upload the file trivy wrote with --format json");
        }
        if (root.isArray()) {
            throw new UserError(label + ": this is a list of results, the report of a Trivy older than 0.20",
                    "run a current trivy with --format json (SchemaVersion 2)");
        }
        if (!root.isObject()) {
            throw new UserError(label + ": / must be a JSON object", "upload a Trivy JSON or SARIF report");
        }
        ScanReport report;
        if (root.has("SchemaVersion")) {
            report = trivy(root);
        } else if (root.has("runs") || root.has("version")) {
            report = sarif(root);
        } else {
            throw new UserError(label + ": neither a Trivy JSON report (no /SchemaVersion) nor SARIF (no /version,"
                    + " /runs)", "run trivy with --format json or --format sarif");
        }
        if (!problems.isEmpty()) {
            throw new UserError(label + ": " + String.join("; ", problems),
                    "upload the report as trivy wrote it; these fields are part of its format");
        }
        return report;
    }

    private ScanReport trivy(JsonNode root) {
        JsonNode version = root.get("SchemaVersion");
        if (!version.isInt() || version.asInt() != 2) {
            throw new UserError(label + ": /SchemaVersion is " + version + ", expected 2",
                    "run a current trivy (0.20 or later) with --format json");
        }
        List<ScanFinding> findings = new ArrayList<>();
        JsonNode results = root.get("Results");
        if (isAbsent(results)) {
            return new ScanReport("trivy-json", text(root, "ArtifactName").orElse(""), findings); // a clean scan
        }
        if (!expect(results.isArray(), "/Results", "a list")) {
            return new ScanReport("trivy-json", "", findings);
        }
        for (int r = 0; r < results.size(); r++) {
            JsonNode result = results.get(r);
            String pointer = "/Results/" + r;
            if (!expect(result.isObject(), pointer, "an object")) {
                continue;
            }
            String target = required(result, pointer, "Target").orElse("");
            JsonNode vulnerabilities = result.get("Vulnerabilities");
            if (isAbsent(vulnerabilities) || !expect(vulnerabilities.isArray(), pointer + "/Vulnerabilities", "a list")) {
                continue;
            }
            for (int v = 0; v < vulnerabilities.size(); v++) {
                trivyFinding(vulnerabilities.get(v), pointer + "/Vulnerabilities/" + v, target).ifPresent(findings::add);
            }
        }
        return new ScanReport("trivy-json", text(root, "ArtifactName").orElse(""), findings);
    }

    private Optional<ScanFinding> trivyFinding(JsonNode vulnerability, String pointer, String target) {
        if (!expect(vulnerability.isObject(), pointer, "an object")) {
            return Optional.empty();
        }
        Optional<String> id = required(vulnerability, pointer, "VulnerabilityID");
        Optional<String> pkg = required(vulnerability, pointer, "PkgName");
        Optional<String> installed = optional(vulnerability, pointer, "InstalledVersion");
        Optional<String> fixed = optional(vulnerability, pointer, "FixedVersion").filter(f -> !f.isBlank());
        Optional<String> status = optional(vulnerability, pointer, "Status");
        Optional<VulnerabilitySeverity> severity = required(vulnerability, pointer, "Severity").flatMap(s -> {
            Optional<VulnerabilitySeverity> known = VulnerabilitySeverity.of(s);
            expect(known.isPresent(), pointer + "/Severity", "one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN, not \"" + s + "\"");
            return known;
        });
        if (id.isEmpty() || pkg.isEmpty() || severity.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ScanFinding(id.get(), pkg.get(), installed.orElse(""), fixed, severity.get(), target,
                status, ScanFinding.SeveritySource.REPORT));
    }

    private ScanReport sarif(JsonNode root) {
        JsonNode version = root.get("version");
        if (version == null || !version.isString() || !version.asString().equals("2.1.0")) {
            throw new UserError(label + ": /version is " + version + ", expected \"2.1.0\"",
                    "run trivy with --format sarif, which writes SARIF 2.1.0");
        }
        List<ScanFinding> findings = new ArrayList<>();
        JsonNode runs = root.get("runs");
        String artifact = "";
        if (!expect(runs != null && runs.isArray(), "/runs", "a list")) {
            return new ScanReport("sarif", artifact, findings);
        }
        for (int r = 0; r < runs.size(); r++) {
            JsonNode run = runs.get(r);
            String pointer = "/runs/" + r;
            if (!expect(run.isObject(), pointer, "an object")) {
                continue;
            }
            artifact = artifact.isEmpty() ? run.path("properties").path("imageName").asString("") : artifact;
            List<SarifRule> rules = sarifRules(run.path("tool").path("driver").get("rules"), pointer + "/tool/driver/rules");
            Map<String, SarifRule> byId = new HashMap<>();
            rules.forEach(rule -> byId.putIfAbsent(rule.id(), rule));
            JsonNode results = run.get("results");
            if (isAbsent(results) || !expect(results.isArray(), pointer + "/results", "a list")) {
                continue;
            }
            for (int i = 0; i < results.size(); i++) {
                sarifFinding(results.get(i), pointer + "/results/" + i, rules, byId).ifPresent(findings::add);
            }
        }
        return new ScanReport("sarif", artifact, findings);
    }

    /** What a SARIF rule says about its vulnerability: Trivy puts the severity in the tags and the CVSS score. */
    private record SarifRule(String id, List<String> tags, Optional<String> securitySeverity, Optional<String> level,
                             String help) {
    }

    private List<SarifRule> sarifRules(JsonNode rules, String pointer) {
        List<SarifRule> read = new ArrayList<>();
        if (isAbsent(rules) || !expect(rules.isArray(), pointer, "a list")) {
            return read;
        }
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String at = pointer + "/" + i;
            if (!expect(rule.isObject(), at, "an object")) {
                read.add(new SarifRule("", List.of(), Optional.empty(), Optional.empty(), ""));
                continue;
            }
            List<String> tags = new ArrayList<>();
            rule.path("properties").path("tags").forEach(t -> tags.add(t.asString("")));
            JsonNode score = rule.path("properties").get("security-severity");
            read.add(new SarifRule(required(rule, at, "id").orElse(""), tags,
                    score == null || score.isNull() ? Optional.empty() : Optional.of(score.asString("")),
                    text(rule.path("defaultConfiguration"), "level"), rule.path("help").path("text").asString("")));
        }
        return read;
    }

    private Optional<ScanFinding> sarifFinding(JsonNode result, String pointer, List<SarifRule> rules,
                                               Map<String, SarifRule> byId) {
        if (!expect(result.isObject(), pointer, "an object")) {
            return Optional.empty();
        }
        Optional<String> ruleId = text(result, "ruleId").or(() -> text(result.path("rule"), "id"));
        JsonNode index = result.get("ruleIndex");
        Optional<SarifRule> rule = index != null && index.isInt() && index.asInt() >= 0 && index.asInt() < rules.size()
                ? Optional.of(rules.get(index.asInt())) : ruleId.map(byId::get);
        if (!expect(ruleId.isPresent() || rule.isPresent(), pointer + "/ruleId", "present (the vulnerability id)")) {
            return Optional.empty();
        }
        List<String> tags = rule.map(SarifRule::tags).orElse(List.of());
        if (tags.contains("misconfiguration") || tags.contains("secret") || tags.contains("license")) {
            return Optional.empty(); // Trivy's other scanners write to the same report; they are not this gate's
        }
        // the result's message first; the rule's help text says the same for reports of Trivy's SARIF template
        Map<String, String> fields = new HashMap<>();
        for (String text : List.of(result.path("message").path("text").asString(""), rule.map(SarifRule::help).orElse(""))) {
            Matcher m = MESSAGE_FIELD.matcher(text);
            while (m.find()) {
                fields.putIfAbsent(m.group(1), m.group(2).trim());
            }
        }
        String target = result.path("locations").path(0).path("physicalLocation").path("artifactLocation")
                .path("uri").asString("");
        Severity severity = severity(tags, fields.get("Severity"), rule.flatMap(SarifRule::securitySeverity),
                text(result, "level").or(() -> rule.flatMap(SarifRule::level)));
        String id = ruleId.orElse(rule.map(SarifRule::id).orElse(""));
        Matcher templated = TEMPLATE_ID.matcher(id);
        return Optional.of(new ScanFinding(templated.matches() ? templated.group(1) : id,
                fields.getOrDefault("Package", ""), fields.getOrDefault("Installed Version", ""),
                Optional.ofNullable(fields.get("Fixed Version")).filter(f -> !f.isBlank()),
                severity.value(), target, Optional.empty(), severity.source()));
    }

    private record Severity(VulnerabilitySeverity value, ScanFinding.SeveritySource source) {
    }

    /**
     * The scanner's own word first (Trivy's tag, or the "Severity:" line of its message), then the CVSS score
     * (the bands GitHub code scanning uses), then the SARIF level (Trivy maps CRITICAL/HIGH to error, MEDIUM to
     * warning, LOW to note), else UNKNOWN.
     */
    private static Severity severity(List<String> tags, String stated, Optional<String> score, Optional<String> level) {
        Optional<VulnerabilitySeverity> named = tags.stream().flatMap(t -> VulnerabilitySeverity.of(t).stream())
                .findFirst().or(() -> Optional.ofNullable(stated).flatMap(VulnerabilitySeverity::of));
        if (named.isPresent()) {
            return new Severity(named.get(), ScanFinding.SeveritySource.REPORT);
        }
        Optional<Double> cvss = score.flatMap(s -> {
            try {
                return Optional.of(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).filter(s -> s > 0);
        if (cvss.isPresent()) {
            double s = cvss.get();
            return new Severity(s >= 9 ? VulnerabilitySeverity.CRITICAL : s >= 7 ? VulnerabilitySeverity.HIGH
                    : s >= 4 ? VulnerabilitySeverity.MEDIUM : VulnerabilitySeverity.LOW, ScanFinding.SeveritySource.CVSS);
        }
        return level.<Severity>map(l -> switch (l) {
            case "error" -> new Severity(VulnerabilitySeverity.HIGH, ScanFinding.SeveritySource.LEVEL);
            case "warning" -> new Severity(VulnerabilitySeverity.MEDIUM, ScanFinding.SeveritySource.LEVEL);
            case "note" -> new Severity(VulnerabilitySeverity.LOW, ScanFinding.SeveritySource.LEVEL);
            default -> null;
        }).orElse(new Severity(VulnerabilitySeverity.UNKNOWN, ScanFinding.SeveritySource.NONE));
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    private Optional<String> required(JsonNode node, String pointer, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problem(pointer + "/" + field + " is missing");
            return Optional.empty();
        }
        expect(value.isString(), pointer + "/" + field, "a string");
        return text(node, field);
    }

    private Optional<String> optional(JsonNode node, String pointer, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        expect(value.isString(), pointer + "/" + field, "a string");
        return text(node, field);
    }

    private boolean expect(boolean condition, String pointer, String what) {
        if (!condition) {
            problem(pointer + " must be " + what);
        }
        return condition;
    }

    private void problem(String message) {
        if (problems.size() < MOST_PROBLEMS) {
            problems.add(message);
        }
    }
}
