#!/usr/bin/env bash
# cip:cascade end to end over N generated contexts (target: 500 in < 1 s): each run generates a fresh project (one
# root, fan-out 3, every 7th context with a second parent) and times mvn cip:cascade -Dcip.bumpImage=root, which bumps
# the root and raises every descendant (N-1 images, 2 files each). Reports the whole mvn run and the goal's own time
# (from Maven's "--- cip:…cascade" line to its last line). The in-process harness of the cascade work alone is
# bench/cascade.sh (dev.cip.bench.CascadeBench), which comes with the cascade goal.
# Usage: bench/cascade-mvn.sh [contexts=500] [runs=5]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-500} runs=${2:-5}
machine
ensure_plugin
TS=(-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)
whole=() goal=()
for ((run = 1; run <= runs; run++)); do
  dir=$WORK/cascade-$n-run$run
  rm -rf "$dir"
  "$BENCH_DIR/generate.sh" -n "$n" -d 8 -f 3 -k 7 -r localhost:5000/bench-cascade "$dir" 2>/dev/null
  cd "$dir"
  t0=$(now)
  "$MVN" "${MVN_ARGS[@]}" "${TS[@]}" cip:cascade -Dcip.bumpImage=root >"$dir/cascade.log" 2>&1 \
    || { tail -30 "$dir/cascade.log"; echo "cip:cascade failed (is the cascade goal in the plugin?)"; exit 1; }
  a=$(since "$t0")
  bumped=$(grep -l '1.0.1' contexts/*/info.edn | wc -l)
  p=$(awk '/--- cip:.*cascade/ { s = $1 } /^[0-9:.]+ \[[A-Z]+\] -+$/ && s && !e { e = $1 }
    function sec(t,  x) { split(t, x, ":"); return x[1] * 3600 + x[2] * 60 + x[3] }
    END { printf "%.3f", sec(e) - sec(s) }' "$dir/cascade.log")
  whole+=("$a") goal+=("$p")
  echo "run $run: mvn cip:cascade $a s, the goal's own time $p s, $bumped info.edn at 1.0.1 (load $(load))"
  cd "$ROOT"
  rm -rf "$dir"
done
echo "mvn cip:cascade (whole run): $(printf '%s\n' "${whole[@]}" | stats)"
echo "the goal's own time:         $(printf '%s\n' "${goal[@]}" | stats)"
