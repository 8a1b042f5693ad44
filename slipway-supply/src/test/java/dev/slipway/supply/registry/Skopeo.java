package dev.slipway.supply.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** skopeo against the test registries (plain HTTP): pushes a layout, reads manifests raw, pulls an image whole. */
public final class Skopeo {

    private final Path workDir;

    public Skopeo(Path workDir) {
        this.workDir = workDir;
    }

    /** Pushes {@code oci:layout:tag} to {@code docker://destination}, every platform, with the digests it has. */
    public void push(OciLayout layout, String tag, String destination, Optional<String> userAndPassword) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--all",
                "--preserve-digests", "--dest-tls-verify=false"));
        command.addAll(userAndPassword.map(c -> List.of("--dest-creds", c)).orElse(List.of("--dest-no-creds")));
        command.addAll(List.of("oci:" + layout.dir() + ":" + tag, "docker://" + destination));
        Tools.run(workDir, command.toArray(String[]::new));
    }

    /** Pushes converting to Docker's v2 schema 2 manifests (what `docker push` writes); the digest changes. */
    void pushAsDockerV2(OciLayout layout, String tag, String destination) {
        Tools.run(workDir, "skopeo", "--insecure-policy", "copy", "--all", "--format", "v2s2",
                "--dest-tls-verify=false", "--dest-no-creds", "oci:" + layout.dir() + ":" + tag,
                "docker://" + destination);
    }

    /** The manifest's bytes as the registry serves them, for {@code host/repo:tag} or {@code host/repo@digest}. */
    public byte[] rawManifest(String reference, Optional<String> userAndPassword) {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
        command.addAll(userAndPassword.map(c -> List.of("--creds", c)).orElse(List.of("--no-creds")));
        command.add("docker://" + reference);
        return Tools.run(workDir, command.toArray(String[]::new));
    }

    /** Pulls every manifest and blob of the image into a fresh layout: fails when the registry misses any of them. */
    void pullWhole(String reference, Path into) {
        Tools.run(workDir, "skopeo", "--insecure-policy", "copy", "--all", "--preserve-digests",
                "--src-tls-verify=false", "--src-no-creds", "docker://" + reference, "oci:" + into + ":pulled");
    }
}
