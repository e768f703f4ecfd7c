#!/usr/bin/env bash
# Runs every test, the way CI does (.ci/run calls this script):
#   1. JDK 17, Spring Boot 4.0.7 — the whole reactor (`mvn -Prelease verify`): library tests with
#      self-attach, the sample app with the README's -javaagent recipe, a benchmark smoke pass,
#      sources/javadoc jars, then the release check (.ci/check-release, see RELEASING.md);
#   2. JDK 25, Spring Boot 4.0.7 — the same, then a check that the sample app's test JVM printed
#      no agent warning (the JDK's dynamic-agent WARNING lines, Mockito's self-attach line);
#   3. JDK 17, Spring Boot 3.5.7 (-Pboot3) — library and sample app;
#   4. JDK 17, Byte Buddy 1.18.17 (-Pbytebuddy-next) — library.
#
# JDKs: JAVA17_HOME / JAVA25_HOME if set (they must then be a JDK of that version), else JAVA_HOME
# or the `java` on the PATH if it has the version, else the first match under /usr/lib/jvm or
# /Library/Java/JavaVirtualMachines (TEST_ALL_JVM_DIRS overrides that list).
#
# On a laptop, a leg whose JDK is missing is skipped, saying how to enable it, and the script
# exits 0 if the legs it ran passed. With CI=true every leg is required: a missing JDK fails the
# run before any leg starts.
#
#   ./test-all.sh                        run the legs
#   ./test-all.sh --dry-run              print which legs would run or be skipped, run nothing
#   ./test-all.sh --check-sample-output  only the agent-warning check, on the sample app's
#                                        existing target/surefire-reports (e.g. after a JDK 25
#                                        `mvn -pl sample-app -am verify`)
set -euo pipefail
cd "$(dirname "$0")"

dry_run=false
only_check=false
for arg in "$@"; do
  case $arg in
    --dry-run) dry_run=true ;;
    --check-sample-output) only_check=true ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "test-all.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

case "${CI:-}" in
  ""|false|0) ci=false ;;
  *) ci=true ;;
esac

mvn_flags=(-B -ntp)
$ci && mvn_flags+=(-Dstyle.color=never)

# The agent-warning check: only the sample app's test JVM output (surefire's redirected
# *-output.txt files), not Maven's own console, where Maven's libraries print WARNING lines of
# their own.
sample_reports=sample-app/target/surefire-reports
check_sample_output() {
  local files=()
  shopt -s nullglob
  files=("$sample_reports"/*-output.txt "$sample_reports"/*.dumpstream)
  shopt -u nullglob
  if [ ${#files[@]} -eq 0 ]; then
    echo "test-all.sh: agent-warning check FAILED: no test output in $sample_reports" \
      "(the sample app's surefire must keep redirectTestOutputToFile=true)." >&2
    return 1
  fi
  local found
  found=$(grep -HnE '^WARNING: .*([Aa]gent|[Dd]ynamic|serviceability)|Mockito is currently self-attaching|Mockito.*self-attach' "${files[@]}" || true)
  if [ -n "$found" ]; then
    echo "$found" >&2
    echo "test-all.sh: agent-warning check FAILED: the sample app's test JVM printed the agent warnings above." \
      "The README's -javaagent recipe (Mockito's agent and patching's, in sample-app/pom.xml) should prevent them." >&2
    return 1
  fi
  echo "Agent-warning check passed: no JDK agent WARNING and no Mockito self-attach line in ${#files[@]} test output files of the sample app."
}

if $only_check; then
  check_sample_output
  exit $?
fi

# The feature version (17, 25, ...) of the JDK at $1, or nothing if it is not a JDK.
jdk_version() {
  local home=$1 version=""
  [ -n "$home" ] && [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$version"
}

default_jdk=${JAVA_HOME:-}
if [ -z "$default_jdk" ] && command -v java >/dev/null 2>&1; then
  default_jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi

# find_jdk VERSION EXPLICIT_HOME: the JDK of that version, or nothing.
find_jdk() {
  local want=$1 explicit=$2 dir candidate
  if [ -n "$explicit" ]; then
    if [ "$(jdk_version "$explicit")" != "$want" ]; then
      echo "test-all.sh: JAVA${want}_HOME=$explicit is not a JDK $want." >&2
      exit 2
    fi
    echo "$explicit"
    return
  fi
  if [ "$(jdk_version "$default_jdk")" = "$want" ]; then
    echo "$default_jdk"
    return
  fi
  for dir in ${TEST_ALL_JVM_DIRS:-/usr/lib/jvm /Library/Java/JavaVirtualMachines}; do
    for candidate in "$dir"/* "$dir"/*/Contents/Home; do
      if [ -d "$candidate" ] && [ "$(jdk_version "$candidate")" = "$want" ]; then
        echo "$candidate"
        return
      fi
    done
  done
}

jdk17=$(find_jdk 17 "${JAVA17_HOME:-}")
jdk25=$(find_jdk 25 "${JAVA25_HOME:-}")

# The legs: name, JDK version, then the mvn arguments.
legs=(
  "JDK 17 / Boot 4.0.7 / all modules + release check|17|-Prelease verify"
  "JDK 25 / Boot 4.0.7 / all modules + agent-warning check|25|verify"
  "JDK 17 / Boot 3.5.7 / library + sample|17|-Pboot3 -pl autoconfigure,starter,sample-app -am verify"
  "JDK 17 / Byte Buddy 1.18.17 / library|17|-Pbytebuddy-next -pl autoconfigure verify"
)

home_of() {
  case $1 in
    17) echo "$jdk17" ;;
    25) echo "$jdk25" ;;
  esac
}

to_run=()
skipped=()
for entry in "${legs[@]}"; do
  IFS='|' read -r name version _ <<<"$entry"
  if [ -n "$(home_of "$version")" ]; then
    to_run+=("$entry")
  else
    skipped+=("$name — no JDK $version found: set JAVA${version}_HOME=/path/to/jdk-$version to run it")
  fi
done

echo "Legs to run (${#to_run[@]} of ${#legs[@]}):"
for entry in "${to_run[@]}"; do
  IFS='|' read -r name version args <<<"$entry"
  echo "  run   $name: JAVA_HOME=$(home_of "$version") mvn ${mvn_flags[*]} $args"
done
for line in "${skipped[@]}"; do
  echo "  skip  $line"
done

if [ ${#skipped[@]} -gt 0 ] && $ci; then
  echo "test-all.sh: CI=$CI, so every leg is required, and ${#skipped[@]} cannot run (see 'skip' above)." >&2
  exit 2
fi
if [ ${#to_run[@]} -eq 0 ]; then
  echo "test-all.sh: no JDK 17 or 25 found, so no leg can run. Set JAVA17_HOME or JAVA25_HOME," \
    "or for a quick loop on the JDK you have: mvn -B verify" >&2
  exit 2
fi
if $dry_run; then
  echo "Dry run: nothing was run."
  exit 0
fi

started=$(date +%s)
for entry in "${to_run[@]}"; do
  IFS='|' read -r name version args <<<"$entry"
  echo
  echo "=================== $name ==================="
  t0=$(date +%s)
  if [ "$version" = 25 ]; then
    rm -rf "$sample_reports"   # only this run's output is checked
  fi
  # shellcheck disable=SC2086 # $args is a list of mvn arguments
  if ! env JAVA_HOME="$(home_of "$version")" mvn "${mvn_flags[@]}" $args; then
    echo "=================== $name: FAILED ===================" >&2
    exit 1
  fi
  if [[ "$args" == *-Prelease* ]] && ! env JAVA_HOME="$(home_of "$version")" .ci/check-release; then
    echo "=================== $name: FAILED (release check) ===================" >&2
    exit 1
  fi
  if [ "$version" = 25 ] && ! check_sample_output; then
    echo "=================== $name: FAILED ===================" >&2
    exit 1
  fi
  echo "=================== $name: passed in $(( $(date +%s) - t0 ))s ==================="
done

echo
echo "${#to_run[@]} of ${#legs[@]} legs passed in $(( $(date +%s) - started ))s."
if [ ${#skipped[@]} -gt 0 ]; then
  echo "Skipped (CI runs them; set the variable to run them here):"
  for line in "${skipped[@]}"; do
    echo "  $line"
  done
fi
