#!/usr/bin/env bash
# Plugin heap for planning N contexts (target: 1,000 in < 128 MiB): mvn cip:plan with MAVEN_OPTS=-Xmx<heap>, and the
# plan harness with the same -Xmx. The registry namespace is new and empty, so every image is looked up and missing
# (decision BUILD); PRESENT=<published project dir> plans against that one instead (its images all present).
# Usage: bench/heap.sh [contexts=1000] [heap=128m]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-1000} heap=${2:-128m}
machine
ensure_plugin
if [[ -n ${PRESENT:-} ]]; then
  dir=$PRESENT ns=$(cat "$dir/namespace") what="all present"
else
  ns=$(new_namespace "heap$n")
  dir=$WORK/heap-$n-${ns##*-}
  "$BENCH_DIR/generate.sh" -n "$n" -d 8 -f 3 -k 7 -r "$ns" "$dir"
  what="all missing (empty namespace)"
fi
echo "$n contexts in $dir, registry $ns: $what"
gcpeak() { # the largest heap occupancy before a collection and after one, from -Xlog:gc
  awk '/Pause/ && match($0, /[0-9]+M->[0-9]+M/) { split(substr($0, RSTART, RLENGTH), a, /M->|M/); if (a[1] > b) b = a[1]; if (a[2] > c) c = a[2] }
    END { printf "heap before GC peak %d MiB, after GC peak %d MiB", b, c }' "$1"
}
cd "$dir"
t0=$(now)
MAVEN_OPTS="-Xmx$heap -Xlog:gc:file=$dir/mvn-gc.log" "$MVN" "${MVN_ARGS[@]}" cip:plan >"$dir/plan.log" 2>&1 \
  && status=passed || status=FAILED
echo "MAVEN_OPTS=-Xmx$heap mvn cip:plan: $status in $(since "$t0") s; $(gcpeak "$dir/mvn-gc.log"); $(grep -c 'OutOfMemoryError' "$dir/plan.log") OutOfMemoryError"
grep -E 'BUILD (SUCCESS|FAILURE)|Total time' "$dir/plan.log" | sed 's/^/  /'
cp=$(harness_classpath)
java "-Xmx$heap" "-Xlog:gc:file=$dir/harness-gc.log" -cp "$cp" dev.cip.bench.PlanBench "$dir" "$ns" 3 \
  | grep -E 'images|cold|warm plan|heap after'
echo "harness -Xmx$heap: $(gcpeak "$dir/harness-gc.log")"
echo "load after: $(load)"
