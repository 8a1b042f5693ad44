package dev.slipway.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An image CI built, once: a service's version is this digest of {@code image} (a repository, no tag), from
 * {@code commit}. What a release of the version alone deploys, and what a promotion copies.
 *
 * @param scanReport the vulnerability report uploaded with the build (Trivy JSON or SARIF), as uploaded
 */
public record Build(String service, String version, String image, String digest, Optional<String> commit,
                   Optional<Instant> builtAt, Optional<String> scanReport, String recordedBy, Instant recordedAt) {

    public Build {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(builtAt, "builtAt");
        Objects.requireNonNull(scanReport, "scanReport");
        Objects.requireNonNull(recordedBy, "recordedBy");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** The same build, whoever recorded it when: what makes a second recording a harmless re-run. */
    public boolean sameAs(Build other) {
        return service.equals(other.service) && version.equals(other.version) && image.equals(other.image)
                && digest.equals(other.digest) && commit.equals(other.commit);
    }

    /** {@code image@digest}: the reference a cluster pulls. */
    public String reference() {
        return image + "@" + digest;
    }
}
