#!/usr/bin/env bash
# The everyday run (issue 22): what a push that changes one image, or none, costs with cip, next to the least a bake
# user would run by hand for the same change.
#   leaf:  one changed leaf (payload and version)  — cip: the whole `mvn cip:publish-locally`;
#          by hand: `mvn validate` + `docker buildx bake --push <that target>` (its parent resolved from the registry)
#   root:  one changed level-1 image and its descendants (the one whose subtree is nearest ROOT_TARGETS=13 images;
#          payload of the root, every version raised, references moved) — cip: `mvn cip:publish-locally`; by hand: `mvn validate` + a bake of exactly those targets
#   noop:  nothing changed — cip: `mvn cip:publish-locally` (cip's summary cache warm) vs `mvn validate`
# Usage: bench/everyday.sh [rounds=3] [images=50]
# Each round generates two projects of N images (bench/generate.sh -d 4 -f 3 -k 7), each with its own namespace and
# token, publishes both with cip (set-up, not timed; the engine emptied first, see fresh_engine in lib.sh), then
# measures the scenarios, each command once the engine is idle (settle in lib.sh); every change writes a new random
# token into the changed images, so no side finds its steps in a cache another side filled. The order of the sides
# rotates from round to round. Results: bench/work/everyday-<stamp>/results.tsv (and cip's trace of each run,
# trace.tsv) and a summary on stdout (medians, min, max).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=${1:-3} n=${2:-50}
depth=4 fanout=3 diamond=7
out=$WORK/everyday-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
machine | tee "$out/machine.txt"
ensure_plugin
echo "graph: bench/generate.sh -n $n -d $depth -f $fanout -k $diamond" | tee -a "$out/machine.txt"
printf 'round\tscenario\tside\twall_s\ttargets\tstatus\tload\tcpu_s\n' >"$out/results.tsv"
printf 'round\tscenario\tspan\tstart_ms\tduration_ms\n' >"$out/trace.tsv"

token() { od -An -N8 -tx8 /dev/urandom | tr -d ' '; }

# descendants of $2 in graph.tsv $1 (itself included), parents first
subtree() {
  awk -F'\t' -v root="$2" '{ if ($1 == root) { in_[$1] = 1; print $1; next }
    n = split($4, ps, ","); for (i = 1; i <= n; i++) if (in_[ps[i]]) { in_[$1] = 1; print $1; next } }' "$1"
}

# a leaf of graph.tsv $1 outside the subtree of $2: the last image no one builds on
leaf_outside() {
  local skip
  skip=$(subtree "$1" "$2" | tr '\n' ' ')
  awk -F'\t' -v skip=" $skip" 'NR == FNR { n = split($4, ps, ","); for (i = 1; i <= n; i++) parent[ps[i]] = 1; next }
    !parent[$1] && index(skip, " " $1 " ") == 0 { last = $1 } END { print last }' "$1" "$1"
}

# changes images "$3..." of project $1 (registry $2): a new token in each one's RUN step, version 1.0.1, and their
# references to one another moved to 1.0.1 (a cascade, written by hand so both sides get the same edit)
change() {
  local dir=$1 ns=$2 t name ctx
  shift 2
  t=$(token)
  for name in "$@"; do
    ctx=$(awk -F'\t' -v n="$name" '$1 == n { print $3 }' "$dir/graph.tsv")
    sed -i -E "s/^(RUN --network=none .*echo \"?$name) [0-9a-f]+/\1 $t/" "$dir/contexts/$ctx/Dockerfile"
    printf '{:version "1.0.1"}\n' >"$dir/contexts/$ctx/info.edn"
    for parent in "$@"; do
      sed -i "s#/$parent:1.0.0#/$parent:1.0.1#" "$dir/contexts/$ctx/Dockerfile"
    done
  done
  # committed, as a push CI runs on is
  if [[ -d $dir/.git ]]; then
    git -C "$dir" -c user.name=bench -c user.email=bench@localhost commit -qam "change $t"
  fi
}

# a bake file of exactly the targets "$3..." of project $1 (registry $2), version 1.0.1: parents among them through
# target: contexts, the others resolved from the registry (what a user baking only what changed would write)
bake_file() {
  local dir=$1 ns=$2 first=1 name ctx parents p
  shift 2
  local set=" $* "
  printf '{"group": {"default": {"targets": [%s]}}, "target": {\n' "$(printf '"%s",' "$@" | sed 's/,$//')"
  for name in "$@"; do
    ctx=$(awk -F'\t' -v n="$name" '$1 == n { print $3 }' "$dir/graph.tsv")
    parents=$(awk -F'\t' -v n="$name" '$1 == n { print $4 }' "$dir/graph.tsv")
    [[ $first == 1 ]] || printf ',\n'
    first=0
    printf '  "%s": {"context": "contexts/%s", "dockerfile": "Dockerfile", "args": {"REGISTRY": "%s"},' "$name" "$ctx" "$ns"
    printf ' "tags": ["%s/%s:1.0.1", "%s/%s:latest"], "contexts": {' "$ns" "$name" "$ns" "$name"
    local sep=""
    for p in ${parents//,/ }; do
      if [[ $set == *" $p "* ]]; then printf '%s"%s/%s:1.0.1": "target:%s"' "$sep" "$ns" "$p" "$p"; sep=", "; fi
    done
    printf '}}'
  done
  printf '\n}}\n'
}

record() { # round scenario side wall targets status load cpu
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" | tee -a "$out/results.tsv"
}

# Runs the command "${@:3}" in directory $1 with its output in file $2, timed: sets wall (seconds) and cpu (user +
# system seconds of the command and its children: on 2 cores, what one side costs the other), and status=failed when
# it fails.
timed() {
  local dir=$1 log=$2 t0 TIMEFORMAT='%U %S' times
  shift 2
  t0=$(now)
  if ! times=$({ time (cd "$dir" && "$@" >"$log" 2>&1); } 2>&1); then status=failed; fi
  wall=$(since "$t0")
  cpu=$(awk '{ printf "%.3f", $1 + $2 }' <<<"${times##*$'\n'}")
}

# cip's trace of one run (report.json) into trace.tsv
keep_trace() {
  local report=$1/target/cip/report.json
  [[ -f $report ]] || return 0
  tr -d '\n ' <"$report" | grep -o '{"name":"[^"]*","startMillis":[0-9]*,"durationMillis":[0-9]*}' \
    | sed -E 's/\{"name":"([^"]*)","startMillis":([0-9]*),"durationMillis":([0-9]*)\}/\1\t\2\t\3/' \
    | while IFS=$'\t' read -r s a d; do printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$3" "$s" "$a" "$d"; done >>"$out/trace.tsv"
}

cip_run() { # round scenario dir targets
  local status=ok ld wall cpu
  settle
  ld=$(load)
  timed "$3" "$3/$2.log" "$MVN" "${MVN_ARGS[@]}" cip:publish-locally
  if [[ $2 == noop ]]; then grep -q 'Nothing to build' "$3/$2.log" || status=not-a-noop; fi
  record "$1" "$2" cip "$wall" "$4" "$status" "$ld" "$cpu"
  keep_trace "$3" "$1" "$2"
}

by_hand() { # round scenario dir ns targets...
  local r=$1 s=$2 dir=$3 ns=$4 status=ok ld wall cpu
  shift 4
  settle
  ld=$(load)
  timed "$dir" "$dir/$s-validate.log" "$MVN" "${MVN_ARGS[@]}" -q validate
  record "$r" "$s" validate "$wall" - "$status" "$ld" "$cpu"
  [[ $s == noop ]] && return 0
  bake_file "$dir" "$ns" "$@" >"$dir/bake-$s.json"
  settle
  status=ok ld=$(load)
  # bake's CPU here is the CLI's only: the work is the engine's, outside this process tree (and so for cip's solve)
  timed "$dir" "$dir/$s-bake.log" docker buildx bake -f "bake-$s.json" --push
  record "$r" "$s" bake "$wall" "$#" "$status" "$ld" "$cpu"
}

for ((round = 1; round <= rounds; round++)); do
  sides=(cip hand)
  ((round % 2)) || sides=(hand cip)
  declare -A dir=() ns=()
  fresh_engine
  for side in cip hand; do # set-up, not timed: a published project per side
    ns[$side]=$(new_namespace "everyday-$side")
    dir[$side]=$out/round$round-$side
    "$BENCH_DIR/generate.sh" -n "$n" -d "$depth" -f "$fanout" -k "$diamond" -r "${ns[$side]}" "${dir[$side]}" 2>/dev/null
    echo "round $round: publishing ${dir[$side]} ($side, not timed) ..." >&2
    # with cip on both sides (its retries survive a loaded machine, where a bake --push of 50 can hit deadlines);
    # the by-hand side only needs its images in the registry
    for attempt in 1 2 3; do # a registry 500 under parallel pushes can fail one build: the next run resumes
      (cd "${dir[$side]}" && "$MVN" "${MVN_ARGS[@]}" -q cip:publish-locally >>"${dir[$side]}/publish.log" 2>&1) && break
      [[ $attempt != 3 ]] || { echo "publishing ${dir[$side]} failed: see publish.log" >&2; exit 1; }
    done
  done
  graph=${dir[cip]}/graph.tsv # both projects have the same graph
  # the changed root: the level-1 image whose subtree is nearest ROOT_TARGETS (13: a root and its 12 descendants)
  best="" bestd=""
  while IFS=$'\t' read -r name level _; do
    [[ $level == 1 ]] || continue
    size=$(subtree "$graph" "$name" | wc -l)
    d=$(( size > ${ROOT_TARGETS:-13} ? size - ${ROOT_TARGETS:-13} : ${ROOT_TARGETS:-13} - size ))
    if [[ -z $bestd ]] || (( d < bestd )); then best=$name bestd=$d; fi
  done <"$graph"
  mapfile -t rooted < <(subtree "$graph" "$best")
  leaf=$(leaf_outside "$graph" "$best")
  for scenario in leaf root noop; do
    case $scenario in
      leaf) targets=("$leaf") ;;
      root) targets=("${rooted[@]}") ;;
      noop) targets=() ;;
    esac
    for side in "${sides[@]}"; do
      ((${#targets[@]} == 0)) || change "${dir[$side]}" "${ns[$side]}" "${targets[@]}"
      if [[ $side == cip ]]; then
        cip_run "$round" "$scenario" "${dir[cip]}" "${#targets[@]}"
      else
        by_hand "$round" "$scenario" "${dir[hand]}" "${ns[hand]}" "${targets[@]}"
      fi
    done
  done
done

echo
echo "== $out/results.tsv (seconds; the whole command each); cip's spans in trace.tsv"
med() { awk -F'\t' -v s="$1" -v d="$2" '$2 == s && $3 == d && $6 == "ok" { print $4 }' "$out/results.tsv" | median; }
cpu() { awk -F'\t' -v s="$1" -v d="$2" '$2 == s && $3 == d && $6 == "ok" { print $8 }' "$out/results.tsv" | median; }
st() { awk -F'\t' -v s="$1" -v d="$2" '$2 == s && $3 == d && $6 == "ok" { print $4 }' "$out/results.tsv" | stats; }
for scenario in leaf root noop; do
  targets=$(awk -F'\t' -v s="$scenario" '$2 == s && $3 == "cip" { print $5; exit }' "$out/results.tsv")
  echo "$scenario ($targets changed):"
  for side in cip validate bake; do
    [[ $scenario == noop && $side == bake ]] && continue
    printf '  %-9s %s; cpu median %s s\n' "$side" "$(st "$scenario" "$side")" "$(cpu "$scenario" "$side")"
  done
  c=$(med "$scenario" cip) v=$(med "$scenario" validate) b=$(med "$scenario" bake)
  margin=0.5
  [[ $scenario == noop ]] && margin=0.3
  awk -v c="$c" -v v="$v" -v b="${b:-0}" -v m="$margin" 'BEGIN {
    printf "  cip - (validate + bake) = %+.3f s (target <= %+.1f s)\n", c - v - b, m }'
  awk -F'\t' -v s="$scenario" 'NR > 1 && $2 == s { d[$3] = d[$3] " " $5 }
    END { printf "  cip spans (ms, per round):"; for (k in d) printf " %s:%s;", k, d[k]; print "" }' "$out/trace.tsv"
done
echo "failed: $(awk -F'\t' 'NR > 1 && $6 != "ok"' "$out/results.tsv" | wc -l); load now $(load)"
