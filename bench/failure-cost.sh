#!/usr/bin/env bash
# The cost of a failure next to unrelated work (issue 19, SPEC §11 "a failing image next to an unrelated long
# step"): a root image, `slow` on it with one 40 s step, and `broken` on it whose step fails after 16 s.
# cip:publish-locally with its default settings (cip.stopOnFirstError=true), side by side:
#   before  the plugin built from another tree (default: `main` of this repository, exported with git archive)
#   after   the plugin built from this tree
#   clean   this tree again, on the same project without the failure (broken's step succeeds): the floor
# Target: the slow step runs once, and `after` takes at most 1.05 × `clean`.
# Usage: bench/failure-cost.sh [runs=1] [before-ref=main] [slow-seconds=40] [fail-after=16]
# Every side of every run gets a fresh project (own namespace, own token in every RUN: no cache of another side).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=${1:-1} before_ref=${2:-main} slow=${3:-40} fail_after=${4:-16}
BUSYBOX=${CIP_TEST_BUSYBOX_DIR:-/var/lib/cip-test/busybox}
out=$WORK/failure-cost-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
machine | tee "$out/machine.txt"
ensure_plugin

# the "before" plugin: $before_ref of this repository, installed into a local repository of its own
before_src=$out/before-src
mkdir -p "$before_src"
(cd "$ROOT" && git archive "$before_ref") | tar -x -C "$before_src"
before_m2=$WORK/m2-before-$(cd "$ROOT" && git rev-parse --short "$before_ref")
[[ -f $before_m2/dev/cip/cip-maven-plugin/0.1.0-SNAPSHOT/cip-maven-plugin-0.1.0-SNAPSHOT.jar ]] ||
echo "installing the plugin of $before_ref ($(cd "$ROOT" && git rev-parse --short "$before_ref")) into $before_m2 ..." >&2
[[ -f $before_m2/dev/cip/cip-maven-plugin/0.1.0-SNAPSHOT/cip-maven-plugin-0.1.0-SNAPSHOT.jar ]] ||
  (cd "$before_src" && "$MVN" -o -B -q "-Dmaven.repo.local=$before_m2" "-Dmaven.repo.local.tail=$HOME/.m2/repository" \
  install -DskipTests -Dinvoker.skip) >&2

# project <dir> <namespace> <fails: 1|0>
project() {
  local dir=$1/contexts ns=$2 fails=$3 token
  token=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  mkdir -p "$dir/root" "$dir/slow" "$dir/broken"
  cp "$BUSYBOX/busybox-amd64" "$BUSYBOX/busybox-arm64" "$dir/root/"
  printf 'FROM scratch\nARG TARGETARCH\nCOPY --chmod=755 busybox-${TARGETARCH} /bin/busybox\nRUN --network=none ["/bin/busybox", "--install", "-s", "/bin"]\nRUN --network=none echo %s\n' "$token" >"$dir/root/Dockerfile"
  printf 'ARG REGISTRY\nFROM ${REGISTRY}/root:1.0.0\nRUN --network=none echo "slow step %s" && sleep %s\n' "$token" "$slow" >"$dir/slow/Dockerfile"
  printf 'ARG REGISTRY\nFROM ${REGISTRY}/root:1.0.0\nRUN --network=none echo "broken %s" && sleep %s && exit %s\n' "$token" "$fail_after" "$fails" >"$dir/broken/Dockerfile"
  for i in root slow broken; do echo '{:version "1.0.0"}' >"$dir/$i/info.edn"; done
  cat >"$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>failure-cost</artifactId><version>1.0</version><packaging>pom</packaging>
  <properties><cip.localRegistry>$ns</cip.localRegistry></properties>
  <build><plugins><plugin><groupId>dev.cip</groupId><artifactId>cip-maven-plugin</artifactId><version>0.1.0-SNAPSHOT</version></plugin></plugins></build>
</project>
POM
}

printf 'run\tside\twall_s\tslow_step_runs\tstatus\tload\n' >"$out/results.tsv"
for ((run = 1; run <= runs; run++)); do
  for side in before after clean; do
    dir=$out/run$run-$side
    fails=1 m2=$M2
    [[ $side == clean ]] && fails=0
    [[ $side == before ]] && m2=$before_m2
    project "$dir" "$(new_namespace "failure-$side")" "$fails"
    settle
    ld=$(load)
    t0=$(now)
    status=ok
    (cd "$dir" && "$MVN" -o -B "-Dmaven.repo.local=$m2" "-Dmaven.repo.local.tail=$HOME/.m2/repository" \
      cip:publish-locally >"$dir/build.log" 2>&1) || status=failed
    wall=$(since "$t0")
    # the step prints its line once per execution (the log keeps every bake of the image)
    runs_of_step=$(grep -c '^#[0-9]* slow step ' "$dir/target/cip/logs/slow.log" || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$side" "$wall" "$runs_of_step" "$status" "$ld" | tee -a "$out/results.tsv"
  done
done
echo "results: $out/results.tsv"
