#!/usr/bin/env bash
# Maven's own start, and what a user can do about it (issue 22 point 4): the same no-op goal on a published generated
# project, run plain and with the JVM options a project can put in .mvn/jvm.config:
#   plain    no .mvn/jvm.config
#   cds      -XX:SharedArchiveFile=<project>/.mvn/cip.jsa: a class-data-sharing archive of the classes this very goal
#            loads (Maven's and the plugin's), written once by a run with -XX:ArchiveClassesAtExit (JDK 13+)
#   c1       -XX:TieredStopAtLevel=1: the JIT's quick tier only (short runs rarely profit from C2)
#   cds+c1   both
# and `mvn validate` of the same project plain and with cds+c1 (Maven's own start: the floor). The order of the
# sides rotates from run to run; each side's file is written just before it runs. The Maven daemon (mvnd) is not
# measured: it is not packaged for this machine nor in its Maven repository (see RESULTS.md).
# Also counts, with -Xlog:class+load, how many of the classes a run loads come from the archive.
# Usage: bench/warm-start.sh [images=50] [runs=5] [goal=publish-locally]   (goal: publish-locally | plan)
# BENCH_PROJECT=<dir> reuses a generated project already published (its namespace is in <dir>/namespace).
# Results: bench/work/warm-<stamp>/results.tsv and a summary on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-50} runs=${2:-5} goal=${3:-publish-locally}
case $goal in publish-locally | plan) ;; *) echo "warm-start.sh: goal must be publish-locally or plan, not $goal" >&2; exit 2 ;; esac
out=$WORK/warm-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
machine | tee "$out/machine.txt"
ensure_plugin
published_project warm "$n" -d 4 -f 4 -k 7
cd "$BENCH_PROJECT"
mkdir -p .mvn
jsa=$BENCH_PROJECT/.mvn/cip.jsa
goal_args=("cip:$goal")
[[ $goal == plan ]] && goal_args+=(-Dcip.planFor=publish-locally)
echo "project $BENCH_PROJECT ($n images, registry $(cat namespace)); goal: $MVN ${MVN_ARGS[*]} ${goal_args[*]}" | tee -a "$out/machine.txt"

options() { # the .mvn/jvm.config of a side
  case $1 in
    plain | validate) ;;
    cds) echo "-XX:SharedArchiveFile=$jsa" ;;
    c1) echo "-XX:TieredStopAtLevel=1" ;;
    cds+c1 | validate-cds+c1) printf '%s\n' "-XX:SharedArchiveFile=$jsa" "-XX:TieredStopAtLevel=1" ;;
  esac
}
use() { # writes (or removes) .mvn/jvm.config for a side
  local o
  o=$(options "$1")
  if [[ -n $o ]]; then echo "$o" >.mvn/jvm.config; else rm -f .mvn/jvm.config; fi
}
run_side() { # side -> "wall cpu" seconds on stdout (cpu: user + system of Maven's JVM); fails unless a no-op
  local side=$1 t a log=$out/last-$1.log TIMEFORMAT='%R %U %S'
  use "$side"
  case $side in
    validate*) t=$( { time "$MVN" "${MVN_ARGS[@]}" -q validate >"$log" 2>&1; } 2>&1) || { cat "$log" >&2; return 1; } ;;
    *) t=$( { time "$MVN" "${MVN_ARGS[@]}" "${goal_args[@]}" >"$log" 2>&1; } 2>&1) || { cat "$log" >&2; return 1; } ;;
  esac
  a=$(awk '{ printf "%.3f %.3f", $1, $2 + $3 }' <<<"$t")
  if [[ $side != validate* && $goal == publish-locally ]] && ! grep -q 'Nothing to build' "$log"; then
    echo "not a no-op ($side):" >&2
    grep -v SKIP "$log" >&2
    return 1
  fi
  if grep -qiE 'shared archive|\[cds\]' "$log"; then # the JVM refused the archive: say so, never measure it silently
    echo "the JVM warned about the archive ($side):" >&2
    grep -iE 'shared archive|\[cds\]' "$log" >&2
    return 1
  fi
  echo "$a"
}

# the archive: one run of the goal that writes the classes it loaded (not timed as a side; its cost is printed)
rm -f .mvn/jvm.config "$jsa"
"$MVN" "${MVN_ARGS[@]}" -q validate >/dev/null 2>&1 # warm the file cache once
t0=$(now)
echo "-XX:ArchiveClassesAtExit=$jsa" >.mvn/jvm.config
"$MVN" "${MVN_ARGS[@]}" "${goal_args[@]}" >"$out/archive.log" 2>&1 || { cat "$out/archive.log"; exit 1; }
echo "archive: $(since "$t0") s to write $(du -h "$jsa" | cut -f1) ($jsa), once" | tee -a "$out/machine.txt"

# how many loaded classes come from the archive (one extra run per setting, not timed)
for side in plain cds; do
  { options "$side"; echo "-Xlog:class+load=info:file=$out/classes-$side.txt"; } >.mvn/jvm.config
  "$MVN" "${MVN_ARGS[@]}" "${goal_args[@]}" >/dev/null 2>&1
  total=$(grep -c 'source:' "$out/classes-$side.txt" || true)
  shared=$(grep -c 'source: shared objects file' "$out/classes-$side.txt" || true)
  echo "classes loaded ($side): $total, from an archive: $shared (the JDK's default archive holds the JDK's own)" \
    | tee -a "$out/machine.txt"
done

sides=(plain cds c1 cds+c1 validate validate-cds+c1)
printf 'run\tside\twall_s\tcpu_s\tload\n' >"$out/results.tsv"
for ((run = 1; run <= runs; run++)); do
  order=("${sides[@]:$(( (run - 1) % ${#sides[@]} ))}" "${sides[@]:0:$(( (run - 1) % ${#sides[@]} ))}")
  line="run $run:"
  for side in "${order[@]}"; do
    r=$(run_side "$side") || exit 1
    printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$side" "${r% *}" "${r#* }" "$(load | cut -d' ' -f1)" >>"$out/results.tsv"
    line+=" $side ${r% *} s (cpu ${r#* } s),"
  done
  echo "$line load $(load)"
done
rm -f .mvn/jvm.config
echo "results: $out/results.tsv (wall and CPU seconds; CPU time, user + system, is what a busy machine changes least)"
for side in "${sides[@]}"; do
  printf '%-16s wall %s\n' "$side:" "$(awk -F'\t' -v s="$side" '$2 == s { print $3 }' "$out/results.tsv" | stats)"
  printf '%-16s cpu  %s\n' "" "$(awk -F'\t' -v s="$side" '$2 == s { print $4 }' "$out/results.tsv" | stats)"
done
med() { awk -F'\t' -v s="$1" -v c="$2" '$2 == s { print $c }' "$out/results.tsv" | median; }
for col in 3 4; do
  awk -v what="$([[ $col == 3 ]] && echo wall || echo cpu)" -v p="$(med plain $col)" -v c="$(med cds $col)" \
    -v q="$(med c1 $col)" -v b="$(med cds+c1 $col)" -v v="$(med validate $col)" -v w="$(med validate-cds+c1 $col)" \
    'BEGIN { printf "%s medians against plain: cds %+.3f s, c1 %+.3f s, cds+c1 %+.3f s; validate %+.3f s with cds+c1;", what, c - p, q - p, b - p, w - v
      printf " the goal over validate: plain %+.3f s, cds+c1 %+.3f s\n", p - v, b - w }'
done
echo "load after: $(load)"
