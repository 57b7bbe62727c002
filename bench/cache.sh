#!/usr/bin/env bash
# Registry build cache (issue #13 item 4): a rebuild on an emptied BuildKit cache, with cip.cache=registry against
# without. One generated project (N images, each RUN step sleeping W s): a first publish-locally with
# cip.cache=registry fills <registry>/<name>:__cip-cache; then, per round, the builder's cache is pruned
# (docker buildx prune -af: run this alone, it empties the shared builder's cache), every version is raised (so
# nothing is published yet) and publish-locally runs again, once with cip.cache=registry (imports the cache) and once
# with cip.cache=none, alternating which goes first.
# Usage: bench/cache.sh [rounds=2] [images=20] [work-seconds=1]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=${1:-2} n=${2:-20} work=${3:-1}
machine
ensure_plugin
ns=$(new_namespace cache)
dir=$WORK/cache-$(date +%Y%m%d-%H%M%S)
"$BENCH_DIR/generate.sh" -n "$n" -d 4 -f 3 -k 7 -w "$work" -r "$ns" "$dir" >/dev/null
run() { # run <cache> <label>
  local t0 status=ok
  t0=$(now)
  (cd "$dir" && "$MVN" "${MVN_ARGS[@]}" cip:publish-locally "-Dcip.cache=$1" "-Dcip.reportDir=target/cip-$2" \
    >"$dir/$2.log" 2>&1) || status=failed
  printf '%s\t%s\t%s\t%s\n' "$2" "$1" "$(since "$t0")" "$status" | tee -a "$dir/results.tsv"
}
version=0
bump() { # every image and every reference to 1.0.<version+1>
  local from=1.0.$version
  version=$((version + 1))
  find "$dir/contexts" \( -name Dockerfile -o -name info.edn \) -exec sed -i "s/$from/1.0.$version/g" {} +
}
printf 'label\tcache\twall_s\tstatus\n' >"$dir/results.tsv"
run registry fill
for ((r = 1; r <= rounds; r++)); do
  order=(registry none)
  (( r % 2 == 0 )) && order=(none registry)
  for mode in "${order[@]}"; do
    docker buildx prune -af >/dev/null 2>&1
    bump
    run "$mode" "round$r-$mode"
  done
done
echo "== $dir/results.tsv (seconds; load now $(load))"
for mode in registry none; do
  echo "$mode: $(awk -F'\t' -v m="$mode" '$2 == m && $1 != "fill" && $4 == "ok" { print $3 }' "$dir/results.tsv" | stats)"
done
echo "cache imports seen in the registry rounds: $(cat "$dir"/target/cip-round*-registry/logs/*.log 2>/dev/null | grep -c "importing cache manifest")"
