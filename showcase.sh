#!/usr/bin/env bash
# The showcase: the sample application's tests, run as a new user runs them, then the report that
# patching itself wrote of what its patches did, one line per test class.
#
#   ./showcase.sh               JDK 17+ (JAVA_HOME or the java on the PATH) and Maven 3.8+
#   ./showcase.sh -Pboot3       the same against Spring Boot 3.5
#
# It builds the library modules the sample needs (their own tests are skipped: `-Dtest` selects
# only the sample's), runs the sample's tests with the README's -javaagent recipe, and prints
# sample-app/target/patching-report.txt. Exits non-zero when a test fails.
set -uo pipefail
cd "$(dirname "$0")"

report=sample-app/target/patching-report.txt
rm -f "$report"

mvn_flags=(-B -ntp)
[ -n "${CI:-}" ] && mvn_flags+=(-Dstyle.color=never)

mvn "${mvn_flags[@]}" -pl sample-app -am verify \
  -Dtest='dev.patching.sample.**' -Dsurefire.failIfNoSpecifiedTests=false "$@"
status=$?

echo
echo "=================== What patching did, per test class ==================="
echo "(written by the library to $report; patching.report.file in the sample's test properties)"
echo
if [ -s "$report" ]; then
  cat "$report"
else
  echo "No report: the sample's tests did not get far enough to write one."
fi
echo
if [ "$status" -eq 0 ]; then
  echo "Showcase passed."
else
  echo "Showcase FAILED (mvn exit code $status): see the test failures above."
fi
exit "$status"
