package dev.slipway.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a {@code slipway.yaml}: a release keeps it to tell, when it resumes, that the file changed. */
final class SpecHash {

    private SpecHash() {
    }

    /** The file's hash, or {@code "missing"} when it cannot be read (a resumed release still has its plan). */
    static String of(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "missing";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
