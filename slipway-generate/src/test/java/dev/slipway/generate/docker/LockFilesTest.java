package dev.slipway.generate.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.ci.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lock files the generated Dockerfiles install from, checked the way their tools check them, since neither
 * Poetry nor uv can run here (PyPI is not reachable). Debian's python3 (tomllib) reads the files.
 * <ul>
 * <li>The shop's recommendations (Poetry): what {@code poetry check --lock} compares, the content-hash (Poetry's
 * {@code Locker._get_content_hash}: sha256 of the JSON, keys sorted, of {@code [tool.poetry]}'s dependencies,
 * source, extras, dev-dependencies and group), and every dependency pyproject.toml names locked at a version its
 * caret range allows, with every locked package's own dependencies locked too.
 * <li>The builds fixture's pricing (uv): what {@code uv sync --locked} compares, the lock's requires-python and
 * the project's entry ({@code requires-dist}, {@code requires-dev}) against pyproject.toml, and every locked
 * package's dependencies locked.
 * </ul>
 */
class LockFilesTest {

    private static final String CHECK = """
            import hashlib, json, sys, tomllib
            pyproject = tomllib.load(open(sys.argv[1] + "/pyproject.toml", "rb"))
            lock = tomllib.load(open(sys.argv[1] + "/poetry.lock", "rb"))
            poetry = pyproject["tool"]["poetry"]
            legacy = ["dependencies", "source", "extras", "dev-dependencies"]
            relevant = {k: poetry.get(k) for k in legacy + ["group"] if poetry.get(k) is not None or k in legacy}
            expected = hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()
            print("content-hash", "ok" if lock["metadata"]["content-hash"] == expected else "differs: " + expected)
            locked = {p["name"]: p for p in lock["package"]}
            def caret(version, rng):
                low = [int(x) for x in rng.lstrip("^").split(".")]
                have = [int(x) for x in version.split(".")][:len(low)]
                return have >= low and have[0] == low[0]
            wanted = dict(poetry["dependencies"])
            for group in poetry.get("group", {}).values():
                wanted.update(group["dependencies"])
            for name, rng in sorted(wanted.items()):
                if name == "python":
                    continue
                p = locked.get(name)
                print(name, "missing" if p is None else p["version"] + (" ok" if caret(p["version"], rng) else " outside " + rng))
            for p in lock["package"]:
                for dep in p.get("dependencies", {}):
                    if dep not in locked:
                        print(p["name"], "needs unlocked", dep)
                if not all(f["hash"].startswith("sha256:") and len(f["hash"]) == 71 for f in p["files"]):
                    print(p["name"], "has a file without a sha256")
            """;

    private static final String UV_CHECK = """
            import sys, tomllib
            pyproject = tomllib.load(open(sys.argv[1] + "/pyproject.toml", "rb"))
            lock = tomllib.load(open(sys.argv[1] + "/uv.lock", "rb"))
            project = pyproject["project"]
            print("requires-python", "ok" if lock["requires-python"] == project["requires-python"] else "differs")
            locked = {p["name"]: p for p in lock["package"]}
            root = locked[project["name"]]
            metadata = root.get("metadata", {})
            def specs(entries):
                return sorted(e["name"] + e.get("specifier", "") for e in entries)
            def pep508(requirements):
                return sorted(r.replace(" ", "") for r in requirements)
            print("requires-dist", "ok" if specs(metadata.get("requires-dist", [])) == pep508(project.get("dependencies", [])) else "differs")
            groups = {g: pep508(r) for g, r in pyproject.get("dependency-groups", {}).items()}
            print("requires-dev", "ok" if {g: specs(e) for g, e in metadata.get("requires-dev", {}).items()} == groups else "differs")
            for p in lock["package"]:
                deps = p.get("dependencies", []) + [d for g in p.get("dev-dependencies", {}).values() for d in g]
                for dep in deps:
                    if dep["name"] not in locked:
                        print(p["name"], "needs unlocked", dep["name"])
                files = ([p["sdist"]] if "sdist" in p else []) + p.get("wheels", [])
                if p["name"] != root["name"] and not (files and all(f["hash"].startswith("sha256:") and len(f["hash"]) == 71 for f in files)):
                    print(p["name"], "has a file without a sha256")
            """;

    private static List<String> run(String script, Path dir) throws Exception {
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", script, dir.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("python3 is not installed: run scripts/test.sh, or apt-get install -y python3", e);
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    @Test
    void recommendationsLockMatchesItsPyprojectAsPoetryComparesThem() throws Exception {
        assertThat(run(CHECK, DockerfileStaticCheckTest.shop().resolve("services/recommendations")))
                .containsExactly("content-hash ok", "pytest 8.3.5 ok", "redis 7.1.0 ok");
    }

    @Test
    void pricingUvLockMatchesItsPyprojectAsUvComparesThem(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        Path pricing = DockerfileStaticCheckTest.builds().resolve("services/pricing");
        assertThat(run(UV_CHECK, pricing)).containsExactly("requires-python ok", "requires-dist ok", "requires-dev ok");
        java.nio.file.Files.copy(pricing.resolve("uv.lock"), copy.resolve("uv.lock"));
        java.nio.file.Files.writeString(copy.resolve("pyproject.toml"), java.nio.file.Files.readString(pricing.resolve("pyproject.toml"))
                .replace("dev = [\"pytest>=8.3.5\"]", "dev = [\"pytest>=8.4\"]"));
        assertThat(run(UV_CHECK, copy)).contains("requires-dev differs");
    }

    @Test
    void recommendationsGetsAGeneratedDockerfileThatInstallsFromTheLock() {
        ServiceBuild recommendations = BuildInspectorTest.shop("recommendations");
        assertThat(recommendations.ownDockerfile()).isEmpty();
        assertThat(recommendations.lockFile()).contains("poetry.lock");
        assertThat(recommendations.version()).isEqualTo(new ToolchainVersion("3.12", "3.12.12", "services/recommendations/pyproject.toml"));
        assertThat(recommendations.tests()).containsExactly("poetry run pytest");
        assertThat(RuntimeStage.start(recommendations)).containsExactly("python", "-c",
                "import sys; from recommendations.main import main; sys.exit(main())");
        assertThat(Dockerfiles.dockerfile(recommendations)).contains("COPY pyproject.toml poetry.lock ./",
                "pip install poetry==" + BaseImages.POETRY_VERSION, "poetry install --only main --no-root --no-interaction");
        assertThat(Toolchain.of(recommendations).install()).containsExactly(
                "python -m pip install poetry==" + BaseImages.POETRY_VERSION, "poetry install --no-interaction");
    }

    @Test
    void aLockThatNoLongerMatchesIsCaught(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        Path service = DockerfileStaticCheckTest.shop().resolve("services/recommendations");
        java.nio.file.Files.copy(service.resolve("poetry.lock"), copy.resolve("poetry.lock"));
        java.nio.file.Files.writeString(copy.resolve("pyproject.toml"), java.nio.file.Files.readString(service.resolve("pyproject.toml"))
                .replace("redis = \"^7.1\"", "redis = \"^5.0\""));
        List<String> lines = run(CHECK, copy);
        assertThat(lines.getFirst()).startsWith("content-hash differs: ");
        assertThat(lines).contains("redis 7.1.0 outside ^5.0");
    }
}
