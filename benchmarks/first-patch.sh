#!/usr/bin/env bash
# Fresh JVM to the first patch: patching's socket patch (self-attach, and -javaagent with the
# autoconfigure jar) against Mockito's first mockStatic, and a JVM that does nothing as the floor.
# Each run is a new JVM on the real jars of a test class path (target/classpath.txt), modes
# interleaved run by run. Prints medians of wall time (process start to exit, measured outside)
# and of "own work" (System.nanoTime around exactly the patching / mockStatic call, inside).
#   ./first-patch.sh quick   5 runs per mode (~1 min)
#   ./first-patch.sh full    15 runs per mode (~3 min);  RUNS=n overrides either
# JAVA_HOME picks the JDK. Build first: mvn -pl benchmarks -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-quick}
case "$mode" in
  quick) runs=${RUNS:-5} ;;
  full) runs=${RUNS:-15} ;;
  *) echo "usage: $0 quick|full" >&2; exit 2 ;;
esac
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
agent=$(ls ../autoconfigure/target/patching-spring-boot-autoconfigure-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -n 1 || true)
if [ ! -f target/classpath.txt ] || [ -z "$agent" ]; then
  echo "first-patch.sh: build first: mvn -pl benchmarks -am package -DskipTests" >&2; exit 2
fi
cp="target/classes:$(cat target/classpath.txt)"
main=dev.patching.benchmarks.FirstPatch
# EnableDynamicAgentLoading only silences JDK 21+'s warning; self-attach works without it.
declare -A cmd=(
  [none]="$java -cp $cp $main none"
  [self-attach]="$java -XX:+EnableDynamicAgentLoading -cp $cp $main patching"
  [javaagent]="$java -javaagent:$agent -cp $cp $main patching"
  [mockito]="$java -XX:+EnableDynamicAgentLoading -cp $cp $main mockito"
)
order=(none self-attach javaagent mockito)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "first-patch: $runs runs per mode, $("$java" -version 2>&1 | head -n 1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  for m in "${order[@]}"; do
    t0=$(date +%s%N)
    line=$(${cmd[$m]} 2>"$tmp/err" | grep '^first-patch ' || true)
    t1=$(date +%s%N)
    if [ -z "$line" ]; then echo "mode $m failed:" >&2; cat "$tmp/err" >&2; exit 1; fi
    echo $(( (t1 - t0) / 1000 )) >> "$tmp/$m.wall"
    own=${line#*own-ns=}; echo $(( ${own%% *} / 1000 )) >> "$tmp/$m.own"
    [ "$i" = 1 ] && echo "  $m: $line"
  done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%d\n", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms() { awk -v us="$1" 'BEGIN {printf "%.1f", us / 1000}'; }
declare -A wall own
printf '%-12s %14s %14s\n' mode "wall ms" "own work ms"
for m in "${order[@]}"; do
  wall[$m]=$(median "$tmp/$m.wall"); own[$m]=$(median "$tmp/$m.own")
  printf '%-12s %14s %14s\n' "$m" "$(ms "${wall[$m]}")" "$(ms "${own[$m]}")"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo
echo "self-attach / mockito, own work:             $(ratio "${own[self-attach]}" "${own[mockito]}")   (target <= 0.5)"
echo "self-attach / mockito, wall:                 $(ratio "${wall[self-attach]}" "${wall[mockito]}")"
echo "self-attach / mockito, wall above the floor: $(ratio $(( wall[self-attach] - wall[none] )) $(( wall[mockito] - wall[none] )))"
echo "javaagent own work:                          $(ms "${own[javaagent]}") ms   (target <= 80 ms)"
echo "javaagent / mockito, own work:               $(ratio "${own[javaagent]}" "${own[mockito]}")"
