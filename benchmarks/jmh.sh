#!/usr/bin/env bash
# Runs the JMH benchmarks from target/benchmarks.jar and prints the figures benchmarks/README.md
# quotes: per benchmark its score (avgt) or median (sample), and the ratios the targets name.
#   ./jmh.sh quick   1 fork, 2 x 0.5 s warm-up, 3 x 0.5 s measured   (~1.5 min)
#   ./jmh.sh full    the annotations: 2 forks, 3 x 1 s warm-up, 5 x 1 s measured   (~4 min)
# JAVA_HOME picks the JDK (default: java on the PATH). Extra arguments go to JMH (e.g. a regex).
# Build first: mvn -pl benchmarks -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-quick}; shift || true
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=target/benchmarks.jar
[ -f "$jar" ] || { echo "jmh.sh: $jar is missing; run: mvn -pl benchmarks -am package -DskipTests" >&2; exit 2; }
case "$mode" in
  quick) opts=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms) ;;
  full) opts=() ;;
  *) echo "usage: $0 quick|full [jmh args]" >&2; exit 2 ;;
esac
out=${JMH_RESULT:-target/jmh-$mode-$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/{print $2}').json}
"$java" -jar "$jar" "${opts[@]}" -foe true -rf json -rff "$out" "$@"
echo
echo "== summary ($mode, $("$java" -version 2>&1 | head -n 1), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)) =="
python3 - "$out" <<'PY'
import json, sys
rows = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 2)
    name = name[-2] + "." + name[-1]
    if r.get("params"):
        name += ":" + ",".join(r["params"].values())
    m = r["primaryMetric"]
    if r["mode"] == "sample":
        value, how = m["scorePercentiles"]["50.0"], "median"
    else:
        value, how = m["score"], "mean"
        raw = sorted(v for fork in m.get("rawData", []) for v in fork)
        if raw:
            how = f"mean; iteration median {raw[len(raw) // 2]:.3f} of {len(raw)}"
    rows[name] = (value, m["scoreUnit"], how, m["score"], m["scoreError"])
for name, (value, unit, how, score, err) in sorted(rows.items()):
    print(f"{name:45s} {value:12.3f} {unit:6s} ({how}; mean {score:.3f} ± {err:.3f})")
def ratio(label, a, b, target):
    if a in rows and b in rows:
        print(f"{label:45s} {rows[a][0] / rows[b][0]:12.2f}        (target {target})")
print()
ratio("methodWithOverride / methodWithoutOverride", "OverrideBenchmark.methodWithOverride", "OverrideBenchmark.methodWithoutOverride", "report; methodWithOverride <= 2 us")
ratio("mockitoStaticOpenClose / switchPatchSets", "SwitchBenchmark.mockitoStaticOpenClose", "SwitchBenchmark.switchPatchSets", ">= 10")
ratio("tableAnswer / jdkCacheHit", "DnsBenchmark.tableAnswer", "DnsBenchmark.jdkCacheHit", "<= 1")
ratio("patchedPassThrough / unpatched", "LoopbackConnectBenchmark.patchedPassThrough", "LoopbackConnectBenchmark.unpatched", "<= 1.05")
for mode in ("fixed", "offset"):
    ratio(f"Instant.now() {mode} / unpatched", f"ClockBenchmark.patched:{mode}", "ClockBenchmark.unpatched", "<= 2")
PY
