# Sourced by ./slipway and scripts/*.sh: sets JAVA_HOME to the first JDK >= 21 found in
# $JAVA_HOME, the java on PATH, or /usr/lib/jvm/*. Slipway is Java 21 code; the default java here may be 17.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in /usr/lib/jvm/*; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  local home major
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}

if ! SLIPWAY_JDK=$(find_jdk); then
  echo "slipway: no JDK 21 or newer found (looked at \$JAVA_HOME, the java on PATH and /usr/lib/jvm/*)." >&2
  echo "hint: install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin 21+) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$SLIPWAY_JDK"
# JDK 25 warns about sun.misc.Unsafe inside Maven itself; the flag is unknown to older JDKs, so only set it here.
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
