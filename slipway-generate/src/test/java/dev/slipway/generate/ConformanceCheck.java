package dev.slipway.generate;

import java.nio.file.Path;

/**
 * {@link ConformanceTest}'s validator run, for tests of single targets in other packages (which write
 * deliberately broken files to prove a validator rejects them).
 */
public final class ConformanceCheck {

    public record Result(int exitCode, String output) {
    }

    private ConformanceCheck() {
    }

    /** Runs {@code conformance/validate.mjs} on {@code dir}; fails if the validators are not installed. */
    public static Result validate(Path dir) throws Exception {
        Path repo = RepositoryFiles.root();
        ConformanceTest.requireValidators(repo);
        ConformanceTest.Validation validation = ConformanceTest.validate(repo, dir);
        return new Result(validation.exitCode(), validation.output());
    }
}
