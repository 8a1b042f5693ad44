package dev.slipway.generate.ci;

import dev.slipway.generate.Layout;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.docker.BuildInspector;
import dev.slipway.generate.docker.ServiceBuild;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.Trigger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What every CI target builds and deploys, independent of the CI's syntax: one build track per service built
 * from source (lint → unit tests → image build → integration → scan → push → record), run on the main branch for
 * the services that changed, and one deployment per environment: a release of what was built to an environment
 * without {@code promoteFrom}, a promotion to the others. External images get no build track: they are deployed
 * as the spec pins them.
 */
public record ReleasePipeline(SystemSpec spec, List<BuildTrack> builds, List<Deployment> deployments) {

    /** The order of the stages; a stage starts only when the one before it passed. */
    public enum Stage {
        CHANGES("changes", "Detect changed services"),
        LINT("lint", "Lint"),
        TEST("test", "Unit tests"),
        BUILD("build", "Build image"),
        INTEGRATION("integration", "Integration test"),
        SCAN("scan", "Scan image"),
        PUSH("push", "Push image"),
        RECORD("record", "Record the build in Slipway"),
        DEPLOY("deploy", "Deploy");

        private final String id;
        private final String title;

        Stage(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public String id() {
            return id;
        }

        public String title() {
            return title;
        }
    }

    /** The build of one service from source. */
    public record BuildTrack(ServiceBuild build, Toolchain toolchain, String image) {

        public Service service() {
            return build.service();
        }

        public String name() {
            return build.name();
        }

        /** The service's source directory. */
        public String path() {
            return build.directory();
        }

        /** The Dockerfile the image is built with: the service's own, or the generated one. */
        public String dockerfile() {
            return build.dockerfile();
        }

        public String context() {
            return build.context();
        }

        /** Paths whose change means this service must be rebuilt: its source, its Dockerfile, its {@code watch} globs. */
        public List<String> watchedPaths() {
            String source = path().equals(".") ? "**" : path() + "/**";
            List<String> paths = new java.util.ArrayList<>(List.of(source));
            if (!context().equals(path())) {
                paths.add(context().equals(".") ? "**" : context() + "/**");
            }
            String dockerfile = dockerfile();
            if (!dockerfile.startsWith(path() + "/") && !path().equals(".")) {
                paths.add(dockerfile);
            }
            paths.addAll(service().watch());
            return paths.stream().distinct().toList();
        }

        /** Services with a port answer HTTP on their health path; the others are not probed. */
        public boolean probed() {
            return service().port().isPresent();
        }

        /** A shell/CI-variable-safe upper-case form of the name, e.g. {@code ORDER_API}. */
        public String variable() {
            return variableName(name());
        }
    }

    /** A deployment to one environment and what starts it. */
    public record Deployment(Environment environment, Optional<Deployment> promotedFrom) {

        public String name() {
            return environment.name();
        }

        public Trigger trigger() {
            return environment.trigger();
        }

        public boolean approval() {
            return environment.approval();
        }

        public String variable() {
            return variableName(name());
        }

        /** The variable holding a service's base URL in this environment, read by the smoke test. */
        public String urlVariable(BuildTrack build) {
            return "SLIPWAY_" + variable() + "_" + build.variable() + "_URL";
        }

        /** The variable holding the environment's entry URL, shown by the CI next to the deployment. */
        public String environmentUrlVariable() {
            return "SLIPWAY_" + variable() + "_URL";
        }

        /** The variable holding the environment's host name, where a CI takes only a literal URL. */
        public String hostVariable() {
            return "SLIPWAY_" + variable() + "_HOST";
        }

        /**
         * A promotion: the environment takes what runs healthy in its {@code promoteFrom}, never a build of its own.
         * The others receive the services the main branch built.
         */
        public boolean promotion() {
            return environment.promoteFrom().isPresent();
        }

        /** True when the environment it is promoted from deploys in the same pipeline run (same trigger). */
        public Optional<Deployment> sameRunSource() {
            return promotedFrom.filter(source -> source.trigger() == trigger());
        }
    }

    /** The first environment a push to the main branch deploys to: the one change detection compares with. */
    public Optional<Deployment> mainBranchDeployment() {
        return deployments.stream().filter(d -> d.trigger() == Trigger.PUSH).findFirst();
    }

    /**
     * The environment whose last successful deployment of a service tells whether the main branch must build it
     * again: the main branch's first environment (any environment when none is; the pipelines then compare with
     * the previous push instead).
     */
    public String changeEnvironment() {
        return mainBranchDeployment().map(Deployment::name)
                .orElse(deployments.isEmpty() ? spec.ci().mainBranch() : deployments.getFirst().name());
    }

    public static ReleasePipeline of(SystemSpec spec, SourceTree sources) {
        List<BuildTrack> builds = BuildInspector.all(spec, sources).stream()
                .map(build -> new BuildTrack(build, Toolchain.of(build), Layout.imageRepository(spec, build.service())))
                .toList();
        List<Deployment> deployments = new java.util.ArrayList<>();
        for (Environment environment : spec.environments()) {
            Optional<Deployment> source = environment.promoteFrom()
                    .flatMap(from -> deployments.stream().filter(d -> d.name().equals(from)).findFirst());
            deployments.add(new Deployment(environment, source));
        }
        return new ReleasePipeline(spec, builds, List.copyOf(deployments));
    }

    public String mainBranch() {
        return spec.ci().mainBranch();
    }

    /** The severities that fail the scan, comma-separated as Trivy takes them. */
    public String failOn() {
        return String.join(",", spec.ci().scan().failOn());
    }

    /** The registry host of the system's images, e.g. {@code ghcr.io}. */
    public String registryHost() {
        String registry = spec.system().registry();
        int slash = registry.indexOf('/');
        return slash < 0 ? registry : registry.substring(0, slash);
    }

    public boolean uses(Trigger trigger) {
        return deployments.stream().anyMatch(d -> d.trigger() == trigger);
    }

    public List<Deployment> deployments(Trigger trigger) {
        return deployments.stream().filter(d -> d.trigger() == trigger).toList();
    }

    static String variableName(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
