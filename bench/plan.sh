#!/usr/bin/env bash
# Plan time inside the plugin (harness dev.cip.bench.PlanBench), on N generated images all present in the registry.
# Usage: bench/plan.sh [images=200] [runs=10] [planner-threads=8] [requests-per-registry=8]
# JAVA_OPTS (e.g. -Xmx128m) go to the harness JVM. BENCH_PROJECT=<dir> reuses a generated, published project
# (with BENCH_NAMESPACE=<registry/ns>) instead of generating and publishing a new one.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-200} runs=${2:-10} threads=${3:-8} per=${4:-8}
machine
ensure_plugin
cp=$(harness_classpath)
if [[ -z ${BENCH_PROJECT:-} ]]; then
  ns=$(new_namespace plan$n)
  BENCH_PROJECT=$WORK/plan-$n-${ns##*-}
  BENCH_NAMESPACE=$ns
  "$BENCH_DIR/generate.sh" -n "$n" -d 6 -f 4 -k 7 -r "$ns" "$BENCH_PROJECT"
  echo "publishing $n images to $ns (once, not timed) ..." >&2
  (cd "$BENCH_PROJECT" && "$MVN" "${MVN_ARGS[@]}" -q cip:publish-locally -Dcip.parallelism=2 >"$BENCH_PROJECT/publish.log" 2>&1) \
    || (cd "$BENCH_PROJECT" && "$MVN" "${MVN_ARGS[@]}" -q cip:publish-locally -Dcip.parallelism=2 >>"$BENCH_PROJECT/publish.log" 2>&1)
fi
echo "java ${JAVA_OPTS:-} -cp ... dev.cip.bench.PlanBench $BENCH_PROJECT $BENCH_NAMESPACE $runs $threads $per" >&2
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$cp" dev.cip.bench.PlanBench "$BENCH_PROJECT" "$BENCH_NAMESPACE" "$runs" "$threads" "$per"
echo "load after: $(load)"
