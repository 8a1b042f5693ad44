import java.util.Random;

/**
 * Writes a synthetic slipway.yaml with N services to stdout: a seeded random DAG (each service depends on up to
 * three earlier ones), all languages and build tools, every strategy, a few external images.
 * Usage: java bench/SyntheticSystem.java 200 > slipway.yaml
 */
public class SyntheticSystem {
    public static void main(String[] args) {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "200");
        Random random = new Random(42);
        String[][] languages = {{"java", "maven"}, {"java", "gradle"}, {"go", "go"}, {"node", "npm"}, {"node", "pnpm"},
            {"python", "poetry"}, {"python", "pip"}, {"dotnet", "dotnet"}, {"rust", "cargo"}, {"ruby", "bundler"}};
        StringBuilder out = new StringBuilder();
        out.append("system:\n  name: synthetic\n  registry: ghcr.io/acme/synthetic\n")
           .append("  repository: https://github.com/acme/synthetic.git\n")
           .append("ci:\n  providers: [github, gitlab, jenkins, tekton]\n")
           .append("environments:\n  - {name: dev, trigger: push}\n")
           .append("  - {name: staging, trigger: release-branch, promoteFrom: dev, soak: 10m}\n")
           .append("  - {name: production, trigger: tag, promoteFrom: staging, approval: true}\n")
           .append("services:\n");
        for (int i = 0; i < n; i++) {
            String name = String.format("svc-%03d", i);
            out.append("  ").append(name).append(":\n");
            if (i % 20 == 0) {
                out.append("    image: redis:7.2.").append(i % 10).append("-alpine\n    port: 6379\n");
            } else {
                String[] lang = languages[random.nextInt(languages.length)];
                out.append("    path: services/").append(name).append('\n')
                   .append("    language: ").append(lang[0]).append('\n')
                   .append("    buildTool: ").append(lang[1]).append('\n')
                   .append("    port: ").append(8000 + i).append('\n');
                switch (i % 3) {
                    case 0 -> out.append("    strategy: {type: canary, steps: [10, 50, 100], stepInterval: 1m}\n");
                    case 1 -> out.append("    strategy: {type: blue-green}\n");
                    default -> { }
                }
            }
            if (i > 0) {
                StringBuilder deps = new StringBuilder();
                java.util.Set<Integer> chosen = new java.util.TreeSet<>();
                for (int d = 0, k = random.nextInt(4); d < k; d++) {
                    chosen.add(random.nextInt(i));
                }
                for (int dep : chosen) {
                    deps.append(deps.isEmpty() ? "" : ", ").append(String.format("svc-%03d: \"^1.%d\"", dep, dep % 5));
                }
                if (!deps.isEmpty()) {
                    out.append("    dependsOn: {").append(deps).append("}\n");
                }
            }
        }
        System.out.print(out);
    }
}
