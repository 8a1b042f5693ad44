package dev.slipway.generate.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.ConformanceCheck;
import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Generator;
import dev.slipway.generate.OutputDirectory;
import dev.slipway.generate.RepositoryFiles;
import dev.slipway.generate.SourceTree;
import dev.slipway.generate.ci.tekton.TektonPipeline;
import dev.slipway.generate.docker.BaseImages;
import dev.slipway.model.SystemSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A uv service (the builds fixture's pricing, read from its pyproject.toml and uv.lock) is tested with uv in every
 * CI target: the uv release the Dockerfile copies, installed into the job's Python (the builder image, or
 * setup-python at the service's version), the lock synced as is, pytest run by uv. Each target's files pass its
 * own validator.
 */
class UvCiStepsTest {

    private static final Path BUILDS = RepositoryFiles.root().resolve("slipway-generate/src/test/resources/builds");

    @Test
    void everyCiTargetTestsTheUvServiceWithUvAndPassesItsValidator(@TempDir Path dir) throws Exception {
        SystemSpec spec = RepositoryFiles.load(BUILDS.resolve("slipway.yaml"));
        SourceTree sources = SourceTree.at(BUILDS);
        for (Generator generator : List.of(new GithubActions(), new GitlabCi(), new Jenkinsfile(), new TektonPipeline())) {
            List<GeneratedFile> files = generator.generate(spec, sources);
            String text = String.join("\n", files.stream().map(GeneratedFile::content).toList());
            assertThat(text).as(generator.target()).contains("python -m pip install uv==" + BaseImages.UV_VERSION,
                    "uv sync --locked --python-preference only-system", "uv run pytest");
            Path out = dir.resolve(generator.target());
            new OutputDirectory(out).write(files);
            ConformanceCheck.Result result = ConformanceCheck.validate(out);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains(" passed, 0 failed");
        }
        String github = String.join("\n", new GithubActions().generate(spec, sources).stream().map(GeneratedFile::content).toList());
        // setup-python at the exact version pricing's .python-version names, as for the Dockerfile's image
        assertThat(github).contains("python-version: '3.12.12'");
        assertThat(String.join("\n", new GitlabCi().generate(spec, sources).stream().map(GeneratedFile::content).toList()))
                .contains("python:3.12.12-slim-bookworm", "UV_CACHE_DIR");
    }
}
