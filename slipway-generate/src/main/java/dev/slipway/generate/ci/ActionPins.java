package dev.slipway.generate.ci;

/**
 * Every action the GitHub workflow uses, pinned to a full commit SHA with the release it is, because a tag
 * can be moved to other code (as happened to trivy-action's tags in 2026) and a SHA cannot. Dependabot or
 * Renovate read the trailing comment and propose updates.
 */
final class ActionPins {

    private ActionPins() {
    }

    /** An action reference and the release it points at (written as a trailing comment). */
    record Pin(String ref, String release) {
    }

    static final java.util.List<Pin> ALL = new java.util.ArrayList<>();

    private static Pin pin(String ref, String release) {
        Pin pin = new Pin(ref, release);
        ALL.add(pin);
        return pin;
    }

    /** Writes each pinned reference's release as a comment after it: {@code uses: a/b@SHA # v1.2.3}. */
    static String annotate(String yaml) {
        for (Pin pin : ALL) {
            if (!pin.release().isEmpty()) {
                yaml = yaml.replace("uses: " + pin.ref() + "\n", "uses: " + pin.ref() + " # " + pin.release() + "\n");
            }
        }
        return yaml;
    }

    static final Pin CHECKOUT = pin("actions/checkout@8e8c483db84b4bee98b60c0593521ed34d9990e8", "v6.0.1");
    static final Pin SETUP_BUILDX = pin("docker/setup-buildx-action@b5ca514318bd6ebac0fb2aedd5d36ec1b5c232a2", "v3.10.0");
    static final Pin LOGIN = pin("docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772", "v3.4.0");
    static final Pin METADATA = pin("docker/metadata-action@902fa8ec7d6ecbf8d84d538b9b233a880e428804", "v5.7.0");
    static final Pin BUILD_PUSH = pin("docker/build-push-action@263435318d21b8e681c14492fe198d362a7d2c83", "v6.18.0");
    static final Pin TRIVY = pin("aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25", "v0.36.0");
    static final Pin UPLOAD_SARIF = pin("github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7", "v4.31.9");
    static final Pin SETUP_JAVA = pin("actions/setup-java@c5195efecf7bdfc987ee8bae7a71cb8b11521c00", "v4.7.1");
    static final Pin SETUP_GO = pin("actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5", "v5.5.0");
    static final Pin SETUP_NODE = pin("actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020", "v4.4.0");
    static final Pin SETUP_PYTHON = pin("actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0");
    static final Pin SETUP_DOTNET = pin("actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9", "v4.3.1");
    static final Pin CACHE = pin("actions/cache@5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3");
    /**
     * The one exception: setup-ruby's own docs ask for {@code @v1}, since a pinned commit only knows the Ruby
     * versions released before it.
     */
    static final Pin SETUP_RUBY = pin("ruby/setup-ruby@v1", "");
}
