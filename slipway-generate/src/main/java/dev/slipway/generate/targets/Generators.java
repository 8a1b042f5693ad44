package dev.slipway.generate.targets;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.SourceTree;

import dev.slipway.generate.ci.GithubActions;
import dev.slipway.generate.ci.GitlabCi;
import dev.slipway.generate.ci.Jenkinsfile;
import dev.slipway.generate.ci.tekton.TektonPipeline;
import dev.slipway.generate.deploy.ArgoCdApplications;
import dev.slipway.generate.deploy.ArgoRollouts;
import dev.slipway.generate.deploy.FluxKustomizations;
import dev.slipway.generate.deploy.GatewayApiRouting;
import dev.slipway.generate.deploy.IstioRouting;
import dev.slipway.generate.deploy.KubernetesManifests;
import dev.slipway.generate.docker.Dockerfiles;
import dev.slipway.model.CiProvider;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every target Slipway can generate, by name. */
public final class Generators {

    private static final List<Generator> ALL = List.of(
            new GithubActions(), new GitlabCi(), new Jenkinsfile(), new TektonPipeline(),
            new Dockerfiles(), new KubernetesManifests(), new ArgoCdApplications(), new FluxKustomizations(),
            new IstioRouting(), new GatewayApiRouting(), new ArgoRollouts());

    private static final Map<String, Generator> BY_TARGET = ALL.stream()
            .collect(Collectors.toMap(Generator::target, Function.identity(), (a, b) -> a, TreeMap::new));

    private Generators() {
    }

    public static List<Generator> all() {
        return ALL;
    }

    public static Optional<Generator> byTarget(String target) {
        return Optional.ofNullable(BY_TARGET.get(target));
    }

    public static List<String> targets() {
        return ALL.stream().map(Generator::target).toList();
    }

    /** Without {@code --target}: the spec's CI providers, the Dockerfiles and the Kubernetes manifests. */
    public static List<Generator> defaultsFor(SystemSpec spec) {
        Set<String> targets = new LinkedHashSet<>();
        spec.ci().providers().stream().map(CiProvider::keyword).forEach(targets::add);
        targets.add("docker");
        targets.add("kubernetes");
        return targets.stream().map(BY_TARGET::get).toList();
    }

    /**
     * Parses {@code github,kubernetes} or {@code all}. Unknown names are returned in {@code unknown} so the
     * caller can report them all at once.
     */
    public static List<Generator> parse(String targets, List<String> unknown) {
        if (targets.trim().equals("all")) {
            return ALL;
        }
        List<Generator> chosen = new ArrayList<>();
        for (String name : Arrays.stream(targets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList()) {
            Generator generator = BY_TARGET.get(name);
            if (generator == null) {
                unknown.add(name);
            } else {
                chosen.add(generator);
            }
        }
        chosen.sort(java.util.Comparator.comparingInt(ALL::indexOf));
        return chosen;
    }

    /**
     * Runs the generators, in parallel: each is a pure function of the spec, so only the merge is ordered.
     * Files come back sorted by path; if generators fail, the first failing one in {@code generators} order is
     * reported, whatever the threads' timing. Targets may share a file (every CI target writes {@code .slipway/ci.sh})
     * only with the same bytes; two different files at one path is a programming error.
     */
    public static List<GeneratedFile> run(SystemSpec spec, List<Generator> generators) {
        return run(spec, SourceTree.none(), generators);
    }

    /** As {@link #run(SystemSpec, List)}, reading the services' own files from {@code sources}. */
    public static List<GeneratedFile> run(SystemSpec spec, SourceTree sources, List<Generator> generators) {
        List<Outcome> outcomes = generators.parallelStream().map(generator -> Outcome.of(generator, spec, sources)).toList();
        Map<String, GeneratedFile> files = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            for (GeneratedFile file : outcome.files()) {
                GeneratedFile before = files.putIfAbsent(file.path(), file);
                if (before != null && !before.equals(file)) {
                    throw new IllegalStateException("two generators write " + file.path());
                }
            }
        }
        return List.copyOf(files.values());
    }

    /** One generator's files, or what it threw (rethrown on the caller's thread, unchanged). */
    private record Outcome(List<GeneratedFile> generated, RuntimeException failure) {

        static Outcome of(Generator generator, SystemSpec spec, SourceTree sources) {
            try {
                return new Outcome(generator.generate(spec, sources), null);
            } catch (RuntimeException e) {
                return new Outcome(List.of(), e);
            }
        }

        List<GeneratedFile> files() {
            if (failure != null) {
                throw failure;
            }
            return generated;
        }
    }
}
