#!/usr/bin/env bash
# Runs every test, the way CI does (.ci/run calls this script):
#   1. JDK 17, Spring Boot 4.0.7 — the whole reactor (`mvn -Prelease verify`): library tests with
#      self-attach, the sample app with the README's -javaagent recipe, a benchmark smoke pass,
#      sources/javadoc jars and the release check (.ci/check-release, see RELEASING.md);
#   2. JDK 25, Spring Boot 4.0.7 — the same;
#   3. JDK 17, Spring Boot 3.5.7 (-Pboot3) — library and sample app;
#   4. JDK 17, Byte Buddy 1.18.17 (-Pbytebuddy-next) — library.
# Needs only Maven and the two JDKs of the machine. JAVA25_HOME may point at a JDK 25 elsewhere.
set -euo pipefail
cd "$(dirname "$0")"

mvn_flags=(-B -ntp)
[ -n "${CI:-}" ] && mvn_flags+=(-Dstyle.color=never)

jdk17=${JAVA17_HOME:-${JAVA_HOME:-}}
if [ -z "$jdk17" ]; then
  jdk17=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
jdk25=${JAVA25_HOME:-$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* 2>/dev/null | head -n 1 || true)}
if [ -z "$jdk25" ] || [ ! -x "$jdk25/bin/java" ]; then
  echo "test-all.sh: no JDK 25 found (set JAVA25_HOME); the suite must run on JDK 17 and 25." >&2
  exit 2
fi

started=$(date +%s)
leg() {
  local name=$1; shift
  echo
  echo "=================== $name ==================="
  local t0; t0=$(date +%s)
  "$@"
  echo "=================== $name: passed in $(( $(date +%s) - t0 ))s ==================="
}

leg "JDK 17 / Boot 4.0.7 / all modules + release check" env JAVA_HOME="$jdk17" mvn "${mvn_flags[@]}" -Prelease verify
leg "release check (published artifacts and POMs)" env JAVA_HOME="$jdk17" .ci/check-release
leg "JDK 25 / Boot 4.0.7 / all modules" env JAVA_HOME="$jdk25" mvn "${mvn_flags[@]}" verify
leg "JDK 17 / Boot 3.5.7 / library + sample" env JAVA_HOME="$jdk17" mvn "${mvn_flags[@]}" -Pboot3 -pl autoconfigure,starter,sample-app -am verify
leg "JDK 17 / Byte Buddy 1.18.17 / library" env JAVA_HOME="$jdk17" mvn "${mvn_flags[@]}" -Pbytebuddy-next -pl autoconfigure verify

echo
echo "All legs passed in $(( $(date +%s) - started ))s."
