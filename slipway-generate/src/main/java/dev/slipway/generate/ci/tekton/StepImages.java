package dev.slipway.generate.ci.tekton;

/**
 * The images the Tekton steps run, pinned to exact version tags (tekton-lint rejects untagged and
 * {@code latest} images). The test steps use the same builder images as the Dockerfiles
 * ({@link dev.slipway.generate.docker.BaseImages}), so a service is tested with the toolchain it is built with.
 */
final class StepImages {

    static final String GIT = "alpine/git:v2.49.1";
    /** Buildah builds without a Docker daemon; Kaniko, the usual alternative, was archived in 2025. */
    static final String BUILDAH = "quay.io/buildah/stable:v1.41.3";
    static final String TRIVY = "aquasec/trivy:0.68.2";
    /** curl and a POSIX shell: all .slipway/ci.sh needs to talk to Slipway (no Slipway image exists or is needed). */
    static final String CURL = "curlimages/curl:8.11.1";
    /** Change detection needs git and curl: Alpine, with both added by the step. */
    static final String ALPINE = "alpine:3.22";

    private StepImages() {
    }
}
