package dev.slipway.generate.docker;

import java.util.List;

/**
 * The last stage of a generated Dockerfile: the slim image a service runs in, the non-root user it runs
 * as, and the tool (if the image has one) that a HEALTHCHECK can call.
 */
record Runtime(String image, int uid, UserSetup userSetup, Probe probe) {

    /** How the non-root user comes to exist in the image. */
    enum UserSetup {
        /** The image already has it (distroless {@code nonroot}, the {@code node} user, .NET's {@code app}). */
        BUILT_IN,
        /** Alpine (busybox {@code adduser}). */
        ALPINE,
        /** Debian (shadow {@code useradd}). */
        DEBIAN;

        List<String> commands(int uid) {
            return switch (this) {
                case BUILT_IN -> List.of();
                case ALPINE -> List.of("addgroup -S -g " + uid + " app",
                        "adduser -S -D -H -u " + uid + " -G app app");
                case DEBIAN -> List.of("groupadd --system --gid " + uid + " app",
                        "useradd --system --uid " + uid + " --gid app --no-create-home --shell /usr/sbin/nologin app");
            };
        }
    }

    /** What a HEALTHCHECK can run inside the image. */
    enum Probe {
        /** Alpine images carry busybox {@code wget}. */
        WGET,
        /** The Python interpreter with its standard library. */
        PYTHON,
        /** The Ruby interpreter with net/http. */
        RUBY,
        /** Distroless: no shell and no HTTP client, so no HEALTHCHECK. */
        NONE;

        List<String> command(int port, String healthPath) {
            String url = "http://127.0.0.1:" + port + healthPath;
            return switch (this) {
                case WGET -> List.of("wget", "-q", "-O", "/dev/null", url);
                case PYTHON -> List.of("python", "-c",
                        "import urllib.request; urllib.request.urlopen('" + url + "', timeout=2)");
                case RUBY -> List.of("ruby", "-rnet/http", "-e",
                        "exit Net::HTTP.get_response(URI('" + url + "')).is_a?(Net::HTTPSuccess)");
                case NONE -> List.of();
            };
        }
    }

    /** A non-root user this Dockerfile creates: a fixed uid outside the range of system and login users. */
    static final int APP_UID = 10001;

    /** The runtime of a service's build output, on the toolchain line it was built with. */
    static Runtime of(ServiceBuild build) {
        String image = BaseImages.runtime(build.tool(), build.version());
        return switch (build.tool()) {
            // the node image's own `node` user
            case NPM, YARN, PNPM -> new Runtime(image, 1000, UserSetup.BUILT_IN, Probe.WGET);
            case GO, CARGO -> new Runtime(image, 65532, UserSetup.BUILT_IN, Probe.NONE);
            case MAVEN, GRADLE -> new Runtime(image, APP_UID, UserSetup.ALPINE, Probe.WGET);
            case PIP, POETRY, PIPENV, UV -> new Runtime(image, APP_UID, UserSetup.DEBIAN, Probe.PYTHON);
            // .NET 8+ images ship the `app` user as $APP_UID = 1654
            case DOTNET -> new Runtime(image, 1654, UserSetup.BUILT_IN, Probe.WGET);
            case BUNDLER -> new Runtime(image, APP_UID, UserSetup.DEBIAN, Probe.RUBY);
            case SBT, CMAKE, COMPOSER, MIX -> throw BuildInspector.ownDockerfileOnly(build.tool());
        };
    }
}
