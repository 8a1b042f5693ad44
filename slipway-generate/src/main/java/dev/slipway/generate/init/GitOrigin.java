package dev.slipway.generate.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** The URL of the repository's {@code origin} remote, read from {@code .git/config}, without credentials. */
final class GitOrigin {

    private static final Pattern SPEC_REPOSITORY = Pattern.compile("^(https://|ssh://|git@)[^\\s]+$");

    private GitOrigin() {
    }

    static Optional<String> of(Path root) {
        Path config = root.resolve(".git").resolve("config");
        if (!Files.isRegularFile(config)) {
            return Optional.empty(); // no checkout, or a worktree whose .git is a file: the user passes --repository
        }
        try {
            boolean inOrigin = false;
            for (String line : Files.readAllLines(config)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("[")) {
                    inOrigin = trimmed.replace(" ", "").equals("[remote\"origin\"]");
                } else if (inOrigin && trimmed.matches("url\\s*=.*")) {
                    // a token in an https URL must not end up in slipway.yaml
                    String url = trimmed.substring(trimmed.indexOf('=') + 1).trim().replaceFirst("^(https://)[^@/]*@", "$1");
                    return SPEC_REPOSITORY.matcher(url).matches() ? Optional.of(url) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
