#!/usr/bin/env bash
# Cold build of a generated graph: cip:publish-locally with its default settings (one bake solve) vs
# docker buildx bake with target: contexts, plus `mvn validate` of the same project (Maven's own start, the floor of
# cip's overhead) and, optionally, a sequential build in topological order (one docker buildx build --push after
# another).
# Usage: bench/cold-build.sh [runs=3] [images=20] [work-seconds=0] [sides="cip bake validate"] [platforms]
#   sides: cip (publish-locally, one machine), bake, validate, seq, shards (cip:publish -Dcip.stage per platform,
#   then cip:release; its "inner" is the longest shard + the release)
#   platforms: e.g. linux/amd64,linux/arm64 builds every side for those platforms (default: the local one)
#   work-seconds: each image's RUN step also sleeps this long (0: tiny steps only)
# Every side of every run gets a newly generated project: its own registry namespace and its own random token in
# every RUN step, so neither the registry nor BuildKit's cache holds anything of it. The order of the sides rotates
# from run to run. Results: bench/work/cold-<stamp>/results.tsv and a summary on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=${1:-3} n=${2:-20} work=${3:-0}
read -r -a sides <<<"${4:-cip bake validate}"
platforms=${5:-}
depth=4 fanout=3 diamond=7
out=$WORK/cold-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
machine | tee "$out/machine.txt"
ensure_plugin
echo "graph: bench/generate.sh -n $n -d $depth -f $fanout -k $diamond -w $work" | tee -a "$out/machine.txt"
printf 'run\tside\twall_s\tinner_s\tcritical_path_s\tstatus\tload\n' >"$out/results.tsv"

# critical path: graph.tsv + "name seconds" lines -> the longest chain of single-image times
critical_path() {
  awk -F'\t' 'NR == FNR { split($0, a, " "); d[a[1]] = a[2]; next }
    { best = 0; n = split($4, ps, ",");
      for (i = 1; i <= n; i++) if (ps[i] != "-" && cp[ps[i]] > best) best = cp[ps[i]];
      cp[$1] = best + d[$1]; if (cp[$1] > max) max = cp[$1] }
    END { printf "%.3f", max }' "$1" "$2"
}

# per-image build seconds and the makespan (first start to last end) from cip's report.json
cip_report() {
  local report=$1 durations=$2
  tr -d '\n ' <"$report" | grep -o '{"name":"[^{}]*"start":"[^"]*","end":"[^"]*"[^{}]*}' | while read -r obj; do
    name=$(sed 's/.*"name":"\([^"]*\)".*/\1/' <<<"$obj")
    s=$(date -d "$(sed 's/.*"start":"\([^"]*\)".*/\1/' <<<"$obj")" +%s.%N)
    e=$(date -d "$(sed 's/.*"end":"\([^"]*\)".*/\1/' <<<"$obj")" +%s.%N)
    echo "$name $s $e"
  done | awk -v dur="$durations" '{ printf "%s %.3f\n", $1, $3 - $2 > dur; if (min == "" || $2 < min) min = $2; if ($3 > max) max = $3 }
    END { printf "%.3f", max - min }'
}

# the solve's span: from report.json's solveStart to the last image's end
solve_span() {
  local start end
  start=$(tr -d '\n ' <"$1" | grep -o '"solveStart":"[^"]*"' | cut -d'"' -f4)
  end=$(tr -d '\n ' <"$1" | grep -o '"end":"[^"]*"' | cut -d'"' -f4 | sort | tail -1)
  [[ -n $start && -n $end ]] || return 0
  awk -v s="$(date -d "$start" +%s.%N)" -v e="$(date -d "$end" +%s.%N)" 'BEGIN { printf "%.3f", e - s }'
}

for ((run = 1; run <= runs; run++)); do
  order=("${sides[@]:$(( (run - 1) % ${#sides[@]} ))}" "${sides[@]:0:$(( (run - 1) % ${#sides[@]} ))}")
  for side in "${order[@]}"; do
    ns=$(new_namespace "cold-$side")
    dir=$out/run$run-$side
    "$BENCH_DIR/generate.sh" -n "$n" -d "$depth" -f "$fanout" -k "$diamond" -w "$work" -r "$ns" "$dir" 2>/dev/null
    status=ok inner="" cp=""
    settle
    ld=$(load)
    t0=$(now)
    case $side in
      cip)
        extra=()
        [[ -n $platforms ]] && extra=(-Dcip.onlyLocalPlatform=false -Dcip.platforms="$platforms")
        (cd "$dir" && "$MVN" "${MVN_ARGS[@]}" cip:publish-locally "${extra[@]}" >"$dir/build.log" 2>&1) || status=failed
        wall=$(since "$t0")
        if [[ -f $dir/target/cip/report.json ]]; then
          cip_report "$dir/target/cip/report.json" "$dir/durations.txt" >/dev/null
          inner=$(solve_span "$dir/target/cip/report.json")
          cp=$(critical_path "$dir/durations.txt" "$dir/graph.tsv")
          grep -q '"attempts" *: *[2-9]' "$dir/target/cip/report.json" && status+="(retried)"
        fi
        ;;
      shards)
        # one shard per platform, one after the other here (a CI runs them at once on native runners), then the
        # release; inner = the longest shard + the release, what a two-runner pipeline waits for
        pf=${platforms:-linux/amd64,linux/arm64}
        longest=0
        for p in ${pf//,/ }; do
          s=$(now)
          (cd "$dir" && "$MVN" "${MVN_ARGS[@]}" cip:publish "-Dcip.remoteRegistry=$ns" "-Dcip.platforms=$pf" \
            "-Dcip.stage=$p" "-Dcip.reportDir=target/cip-${p//\//-}" >>"$dir/build.log" 2>&1) || status=failed
          d=$(since "$s")
          echo "shard $p $d" >>"$dir/shards.txt"
          longest=$(awk -v a="$longest" -v b="$d" 'BEGIN { print (b > a ? b : a) }')
        done
        s=$(now)
        (cd "$dir" && "$MVN" "${MVN_ARGS[@]}" cip:release "-Dcip.remoteRegistry=$ns" "-Dcip.platforms=$pf" \
          -Dcip.reportDir=target/cip-release >>"$dir/build.log" 2>&1) || status=failed
        r=$(since "$s")
        echo "release $r" >>"$dir/shards.txt"
        wall=$(since "$t0")
        inner=$(awk -v a="$longest" -v b="$r" 'BEGIN { printf "%.3f", a + b }')
        ;;
      seq)
        : >"$dir/durations.txt"
        while IFS=$'\t' read -r name _ ctx _; do
          s=$(now)
          docker buildx build --build-arg=REGISTRY="$ns" --tag "$ns/$name:1.0.0" --tag "$ns/$name:latest" --pull \
            --push --file="$dir/contexts/$ctx/Dockerfile" "$dir/contexts/$ctx" >>"$dir/build.log" 2>&1 \
            || { status=failed; break; }
          echo "$name $(since "$s")" >>"$dir/durations.txt"
        done <"$dir/graph.tsv"
        wall=$(since "$t0")
        inner=$wall
        cp=$(critical_path "$dir/durations.txt" "$dir/graph.tsv")
        ;;
      validate)
        (cd "$dir" && "$MVN" "${MVN_ARGS[@]}" validate >"$dir/build.log" 2>&1) || status=failed
        wall=$(since "$t0")
        inner=$wall
        ;;
      bake)
        extra=()
        [[ -n $platforms ]] && extra=(--set="*.platform=$platforms")
        (cd "$dir" && docker buildx bake -f docker-bake.json --push "${extra[@]}" >"$dir/build.log" 2>&1) || status=failed
        wall=$(since "$t0")
        inner=$wall
        ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$side" "$wall" "$inner" "$cp" "$status" "$ld" | tee -a "$out/results.tsv"
  done
done

echo
echo "== $out/results.tsv (seconds; wall: the whole command; inner: cip's solve start to its last image's end)"
echo "critical path = longest chain of single-image times measured in the sequential run"
seqcp=$(awk -F'\t' '$2 == "seq" && $6 == "ok" { print $5 }' "$out/results.tsv" | median)
echo "critical path (seq runs): $(awk -F'\t' '$2 == "seq" && $6 == "ok" { print $5 }' "$out/results.tsv" | stats)"
bake=$(awk -F'\t' '$2 == "bake" && $6 == "ok" { print $3 }' "$out/results.tsv" | median)
for side in "${sides[@]}"; do
  w=$(awk -F'\t' -v s="$side" '$2 == s && $6 ~ /^ok/ { print $3 }' "$out/results.tsv" | median)
  echo "$side wall: $(awk -F'\t' -v s="$side" '$2 == s && $6 ~ /^ok/ { print $3 }' "$out/results.tsv" | stats)" \
    "| x bake $(awk -v a="$w" -v b="$bake" 'BEGIN { if (b > 0) printf "%.2f", a / b }')" \
    "| x critical path $(awk -v a="$w" -v b="$seqcp" 'BEGIN { if (b > 0) printf "%.2f", a / b }')"
  if [[ $side == cip ]]; then
    v=$(awk -F'\t' '$2 == "validate" && $6 == "ok" { print $3 }' "$out/results.tsv" | median)
    echo "cip wall - bake wall: $(awk -v a="$w" -v b="$bake" 'BEGIN { printf "%.2f", a - b }') s" \
      "| mvn validate: ${v:-n/a} s (target: difference <= validate + 0.3 s)"
    i=$(awk -F'\t' -v s="$side" '$2 == s && $6 ~ /^ok/ { print $4 }' "$out/results.tsv" | median)
    echo "$side inner (builds only): $(awk -F'\t' -v s="$side" '$2 == s && $6 ~ /^ok/ { print $4 }' "$out/results.tsv" | stats)" \
      "| x bake $(awk -v a="$i" -v b="$bake" 'BEGIN { if (b > 0) printf "%.2f", a / b }') (target <= 1.05)"
  fi
done
echo "failed: $(awk -F'\t' 'NR > 1 && $6 !~ /^ok/' "$out/results.tsv" | wc -l); load now $(load)"
