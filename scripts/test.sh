#!/usr/bin/env bash
# The one command that runs every Slipway test. It installs what the tests need when it is missing
# (a JDK >= 21 is looked up, Node.js/npm, the format validators in conformance/, Prometheus, an OCI registry with
# skopeo, and Chromium are installed),
# then runs ./mvnw verify. Extra arguments go to Maven, e.g. ./scripts/test.sh -pl slipway-model
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/jdk.sh
echo "test: JDK $JAVA_HOME"

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "test: $* missing and not root; install it with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Node.js 20.19+ builds the web UI and runs the validators of the formats Slipway writes (GitHub Actions, GitLab CI,
# Tekton, Jenkins, Kubernetes); Debian 12's own is 18, so scripts/node.sh fetches Node.js 20 when it must.
SLIPWAY_HOME=$PWD
source scripts/node.sh
ensure_node
echo "test: Node.js $(node --version) ($(command -v node))"
if [ ! -f conformance/node_modules/.package-lock.json ] \
   || [ conformance/package-lock.json -nt conformance/node_modules/.package-lock.json ]; then
  echo "test: installing the format validators (npm ci in conformance/)"
  (cd conformance && npm ci --no-audit --no-fund --loglevel=error)
fi

# Python 3 with venv: DockerfilesBuildForRealTest builds Python services the way their generated Dockerfile does.
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  echo "test: installing Python 3 with venv"
  apt_install python3 python3-venv
fi

# Prometheus and promtool from Debian: slipway-prometheus's tests start a real server (they start and stop it).
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  echo "test: installing Prometheus"
  apt_install prometheus
fi

# ShellCheck from Debian: the conformance suite checks the generated .slipway/ci.sh with it (as POSIX sh).
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "test: installing ShellCheck"
  apt_install shellcheck
fi

# Git with git-http-backend: the GitOps tests run Git's own smart-HTTP server (slipway-supply, slipway-run).
if [ ! -x /usr/lib/git-core/git-http-backend ]; then
  echo "test: installing Git"
  apt_install git
fi

# An OCI registry, skopeo and htpasswd from Debian: slipway-supply's tests start real registries (plain, htpasswd, token
# auth), push images with skopeo and copy between them (they start and stop the registries).
if ! command -v docker-registry >/dev/null 2>&1 || ! command -v skopeo >/dev/null 2>&1 \
   || ! command -v htpasswd >/dev/null 2>&1; then
  echo "test: installing docker-registry, skopeo and htpasswd"
  apt_install docker-registry skopeo apache2-utils
fi

# Chromium from Debian: the web UI's end-to-end tests drive it with playwright-core (no browser download exists here).
if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Chromium"
  apt_install chromium
fi

# slipway-ui builds with npm (npm ci from its package-lock.json), then lints, type-checks and runs its Vitest tests
./mvnw -B -ntp verify "$@"

# The web UI end to end: Playwright (Chromium) against a real `slipway serve` on the sandbox, started from the jar the
# build above made; screenshots and e2e.json in slipway-ui/test-results/. Then the initial bundle against its budget.
# (only for the whole suite: with Maven arguments such as -pl the distribution jar may not have been built)
if [ "$#" -eq 0 ]; then
  echo "test: the web UI end to end (slipway-ui/e2e)"
  (cd slipway-ui && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm run --silent e2e && npm run --silent bundle-size)
fi
