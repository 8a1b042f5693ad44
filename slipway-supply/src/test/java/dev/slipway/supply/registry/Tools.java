package dev.slipway.supply.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian binaries the registry tests run (docker-registry, skopeo, htpasswd): found on the PATH or in /usr/bin,
 * or the test fails with the command that installs them (scripts/test.sh does).
 */
final class Tools {

    static final String INSTALL = "apt-get install -y --no-install-recommends docker-registry skopeo apache2-utils";

    private Tools() {
    }

    static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/bin:/usr/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new AssertionError(name + " is not installed (not on the PATH, not in /usr/bin); these tests run a "
                + "real OCI registry and push to it with skopeo: install them with `" + INSTALL
                + "` (scripts/test.sh does)");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to completion; its standard output, or an AssertionError with everything it printed. */
    static byte[] run(Path workDir, String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        if (!Path.of(command[0]).isAbsolute()) {
            line.set(0, binary(command[0]).toString());
        }
        try {
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            Process process = new ProcessBuilder(line).directory(workDir.toFile())
                    .redirectError(err.toFile()).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed:\n" + Files.readString(err)
                        + new String(out));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command));
        }
    }
}
