#!/usr/bin/env bash
# No-op run: mvn cip:publish-locally on N images that are all published already, vs mvn validate on the same project,
# interleaved. Also the plugin's own time: from Maven's "--- cip:…publish-locally" line (before the plugin is loaded) to
# its last line, read from Maven's log timestamps.
# Usage: bench/noop.sh [images=50] [runs=7]
# BENCH_PROJECT=<dir> reuses a generated project already published (its namespace is in <dir>/namespace).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-50} runs=${2:-7}
machine
ensure_plugin
published_project noop "$n" -d 6 -f 4 -k 7
cd "$BENCH_PROJECT"
TS=(-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)
echo "project $BENCH_PROJECT ($n images, registry $(cat namespace)); commands, each run in turn:"
echo "  $MVN ${MVN_ARGS[*]} cip:publish-locally    and    $MVN ${MVN_ARGS[*]} validate"
"$MVN" "${MVN_ARGS[@]}" -q validate # warm the file cache once
noop=() validate=() plugin=()
for ((run = 1; run <= runs; run++)); do
  settle
  t0=$(now)
  "$MVN" "${MVN_ARGS[@]}" "${TS[@]}" cip:publish-locally >"$WORK/noop.log" 2>&1 || { cat "$WORK/noop.log"; exit 1; }
  a=$(since "$t0")
  grep -q 'Nothing to build' "$WORK/noop.log" || { echo "not a no-op:"; grep -v SKIP "$WORK/noop.log"; exit 1; }
  settle
  t0=$(now)
  "$MVN" "${MVN_ARGS[@]}" -q validate
  b=$(since "$t0")
  p=$(awk '/--- cip:.*publish-locally/ { s = $1 } /Nothing to build/ { e = $1 }
    function sec(t,  x) { split(t, x, ":"); return x[1] * 3600 + x[2] * 60 + x[3] }
    END { printf "%.3f", sec(e) - sec(s) }' "$WORK/noop.log")
  noop+=("$a") validate+=("$b") plugin+=("$p")
  echo "run $run: publish-locally $a s, validate $b s, plugin's own time $p s (load $(load))"
done
echo "publish-locally (no-op): $(printf '%s\n' "${noop[@]}" | stats)"
echo "validate:                $(printf '%s\n' "${validate[@]}" | stats)"
echo "plugin's own time:       $(printf '%s\n' "${plugin[@]}" | stats)"
mn=$(printf '%s\n' "${noop[@]}" | median) mv=$(printf '%s\n' "${validate[@]}" | median)
awk -v a="$mn" -v b="$mv" 'BEGIN { printf "median no-op - validate = %+.3f s; ratio %.2f (targets: <= +0.3 s, < 1.5x)\n", a - b, a / b }'
echo "load after: $(load)"
