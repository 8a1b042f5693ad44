package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.LoadResult;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random repositories built from the pieces real ones have (build files, Dockerfiles, compose files with
 * interpolation, manifests, Helm templates, AppHosts, code defaults) and from broken versions of them: init must
 * always either write a slipway.yaml that validates unedited or find no services (the CLI's clear error), and
 * never throw.
 */
class InitFuzzTest {

    private static final String[] DIRECTORIES = {"", "svc-a/", "svc-b/", "src/Api/", "src/Lib/", "tests/e2e/", "deploy/",
        "charts/app/", "charts/app/templates/", "tools/", "monitoring/", "svc-a/src/main/resources/", "svc-b/config/"};

    private static final List<String[]> FILES = List.of(
            new String[] {"go.mod", "module x\n"},
            new String[] {"package.json", "{\"name\": \"x\"}"},
            new String[] {"package.json", "{ not json"},
            new String[] {"pom.xml", "<project><modules><module>a</module></modules></project>"},
            new String[] {"requirements.txt", "flask==3.0.0\n"},
            new String[] {"Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>"},
            new String[] {"Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>"},
            new String[] {"Host.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><Sdk Name=\"Aspire.AppHost.Sdk\" />"
                    + "<PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>"},
            new String[] {"Program.cs", "var b = DistributedApplication.CreateBuilder(args);\nvar r = b.AddRedis(\"cache\");\n"
                    + "b.AddProject<Projects.Api>(\"api\").WithReference(r).WithReference(nope);\nb.AddContainer(\"x\");\n"},
            new String[] {"Program.cs", "b.AddProject<Projects.Missing>(\"ghost\").WithReference(;;"},
            new String[] {"Dockerfile", "FROM golang:1.22\nEXPOSE 8080\nENV A=http://svc-b:80 B \\\n  C=\"x\"\n"},
            new String[] {"Dockerfile", "FROM scratch\nEXPOSE abc\nENV\n"},
            new String[] {"docker-compose.yml", "services:\n  svc-a:\n    build: ./svc-a\n    environment:\n      - B_URL=http://svc-b:${PORT:-80}\n"
                    + "      - PASSED\n    depends_on: [svc-b, redis]\n  svc-b:\n    build: {context: svc-b, dockerfile: Nope}\n"
                    + "    depends_on:\n      svc-a: {condition: service_started}\n  redis:\n    image: redis\n"},
            new String[] {"docker-compose.override.yml", "services:\n  svc-b:\n    image: ${REG:?no registry}/b:${TAG}\n"
                    + "    extends: {file: missing.yml, service: base}\n    env_file: [gone.env]\n"},
            new String[] {"compose.yaml", "include:\n  - other.yml\n  - path: [../../etc/passwd]\nservices: [1, 2]\n"},
            new String[] {"compose.monitoring.yml", "services:\n  grafana:\n    image: grafana/grafana\n    profiles: [x]\n"},
            new String[] {".env", "PORT=8080\nexport TAG='1.0'\n# comment\nbroken line\nREG=\"ghcr.io/x\" # c\n"},
            new String[] {"app.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-a\n  labels: {app: a}\nspec:\n"
                    + "  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n        - name: svc-a\n"
                    + "          image: ghcr.io/x/svc-a:1.0.0\n          envFrom: [{configMapRef: {name: cfg}}]\n"
                    + "          env: [{name: X, valueFrom: {configMapKeyRef: {name: cfg, key: nope}}}]\n"},
            new String[] {"cfg.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata:\n  DB_HOST: db\n  URL: http://svc-a:1\n"},
            new String[] {"netpol.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n"
                    + "  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: a}}}]}]\n"
                    + "  egress: [{to: [{podSelector: {}}]}, {to: \"oops\"}]\n"},
            new String[] {"db.yaml", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: three\n"
                    + "  template: {spec: {containers: [{name: db, image: \"postgres\", ports: [{containerPort: 99999}]}]}}\n"},
            new String[] {"broken.yaml", "apiVersion: v1\nkind: Service\nmetadata: [oops\n"},
            new String[] {"Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n"},
            new String[] {"values.yaml", "image: {tag: 1.2.3}\nenabled: true\nlist: [a, b]\n"},
            new String[] {"deployment.yaml", "{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                    + "  name: {{ include \"app.name\" . | default \"svc-b\" }}\nspec:\n  template:\n    spec:\n      containers:\n"
                    + "        - name: x\n          image: \"ghcr.io/x/svc-b:{{ .Values.image.tag }}\"\n          env:\n"
                    + "          {{- range $i, $v := .Values.list }}\n            - name: V{{ $i }}\n              value: {{ $v | quote }}\n"
                    + "          {{- end }}\n{{- end }}\n"},
            new String[] {"weird.yaml", "{{ .Values.nothing.at.all | toYaml | nindent 4 }}\n{{ if }}{{ end }}{{ range .Values.x }}\n"
                    + "{{ printf \"%s\" }}{{ template }}{{ \"unterminated }}\n{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}"
                    + "{{ include \"loop\" . }}\n"},
            new String[] {"index.js", "const r = process.env.REDIS_URL || 'redis://redis:6379';\nlisten(process.env.PORT ?? 3000);\n"},
            new String[] {"app.py", "os.getenv(\"SVC_B_ADDR\", \"svc-b:7070\")\nos.environ.get('X', '')\n"},
            new String[] {"application.yml", "server:\n  port: 8081\nspring:\n  datasource:\n    url: ${DB:jdbc:postgresql://db:5432/x}\n"},
            new String[] {"appsettings.json", "{\"ConnectionStrings\": {\"Db\": \"Host=db;Port=5432\", \"Bad\": \"Server=\"}}"},
            new String[] {"launchSettings.json", "{\"profiles\": {\"http\": {\"applicationUrl\": \"http://localhost:notaport\"}}}"},
            new String[] {"kustomization.yaml", "resources:\n  - app.yaml\n  - ../../outside.yaml\n  - https://example.com/x\n"},
            new String[] {"binary.yaml", "\u0000\u0001\u00ff apiVersion: kind:"});

    @TempDir
    Path tmp;

    @Test
    void anyTreeGivesASpecThatValidatesOrNoServicesNeverAnException() throws IOException {
        Random random = new Random(7);
        int written = 0;
        for (int run = 0; run < 150; run++) {
            Path repo = Files.createDirectories(tmp.resolve("repo" + run));
            StringBuilder tree = new StringBuilder();
            for (int i = 1 + random.nextInt(14); i > 0; i--) {
                String dir = DIRECTORIES[random.nextInt(DIRECTORIES.length)];
                String[] file = FILES.get(random.nextInt(FILES.size()));
                Path path = repo.resolve(dir + file[0]);
                Files.createDirectories(path.getParent());
                Files.writeString(path, file[1]);
                tree.append(dir).append(file[0]).append(' ');
            }
            ImportResult result;
            try {
                result = RepositoryImport.scan(repo);
            } catch (RuntimeException e) {
                throw new AssertionError("init threw on the tree " + tree, e);
            }
            if (result.services().isEmpty()) {
                continue; // the CLI says "found no services" with a hint
            }
            String text = SpecText.write(result, result.systemName(), result.registryFor(result.systemName()));
            LoadResult loaded = SpecLoader.load(text, "slipway.yaml");
            assertThat(loaded.errors()).as("tree %s wrote:%n%s", tree, text).isEmpty();
            assertThat(result.warnings()).allMatch(w -> w.startsWith("warning: ")).noneMatch(w -> w.contains("Exception"));
            written++;
        }
        assertThat(written).as("most random trees hold a service: the spec path is exercised").isGreaterThan(75);
    }
}
