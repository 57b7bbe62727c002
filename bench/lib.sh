# Shared helpers of the bench scripts (sourced).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/bench/work}
MVN=${MVN:-$ROOT/mvnw}
REGISTRY_HOST=${BENCH_REGISTRY:-localhost:5000}
mkdir -p "$WORK"

# A fresh namespace: nothing of an earlier run is in it.
new_namespace() { echo "$REGISTRY_HOST/bench-$1-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"; }

now() { date +%s.%N; }
# elapsed seconds since $1, three decimals
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# median/min/max of numbers (one per line) on stdin: "median X, min Y, max Z (n=N)"
stats() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "no values"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "median %.3f, min %.3f, max %.3f (n=%d)\n", m, v[1], v[NR], NR }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

load() { cut -d' ' -f1-3 /proc/loadavg; }

# The plugin under test is the one built from this tree, installed into a private local repository
# ($WORK/m2) chained in front of ~/.m2 (Maven 3.9 maven.repo.local.tail): other builds that install
# dev.cip:cip-maven-plugin:0.1.0-SNAPSHOT into ~/.m2 meanwhile do not change what is measured.
M2=${BENCH_M2:-$WORK/m2}
MVN_ARGS=(-o -B "-Dmaven.repo.local=$M2" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
PLUGIN_JAR=$M2/dev/cip/cip-maven-plugin/0.1.0-SNAPSHOT/cip-maven-plugin-0.1.0-SNAPSHOT.jar
# Builds and installs it when the tree is newer than the installed jar (BENCH_INSTALL=1 forces, 0 never).
ensure_plugin() {
  if [[ ${BENCH_INSTALL:-} == 1 || ( ${BENCH_INSTALL:-} != 0 && ( ! -f $PLUGIN_JAR
        || -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$PLUGIN_JAR" -print -quit) ) ) ]]; then
    echo "installing the plugin from $ROOT into $M2 ..." >&2
    (cd "$ROOT" && "$MVN" "${MVN_ARGS[@]}" -q install -DskipTests -Dinvoker.skip) >&2
  fi
  echo "plugin: $PLUGIN_JAR sha256 $(sha256sum "$PLUGIN_JAR" | cut -c1-12), built from $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- src pom.xml || echo '+changes')" >&2
}

# Compiles the tests (the harnesses live in src/test/java/dev/cip/bench) and writes the runtime classpath.
harness_classpath() {
  (cd "$ROOT" && "$MVN" "${MVN_ARGS[@]}" -q test-compile \
    && "$MVN" "${MVN_ARGS[@]}" -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath) >&2
  echo "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/bench.classpath")"
}

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -h | awk '/Mem:/ { print $2 " RAM" }'); $(java -version 2>&1 | head -1); $(docker version --format 'docker {{.Server.Version}}' 2>/dev/null); $(docker buildx version 2>/dev/null | cut -d' ' -f1,2); date $(date -Is); load $(load)"
}

# A generated project published once (not timed) in a new namespace: sets BENCH_PROJECT, unless it is set already
# (then that project, published before, is used). Usage: published_project <what> <images> <generate.sh options...>
published_project() {
  local what=$1 n=$2 ns
  shift 2
  [[ -n ${BENCH_PROJECT:-} ]] && return 0
  ns=$(new_namespace "$what$n")
  BENCH_PROJECT=$WORK/$what-$n-${ns##*-}
  "$BENCH_DIR/generate.sh" -n "$n" "$@" -r "$ns" "$BENCH_PROJECT" >&2
  echo "$ns" >"$BENCH_PROJECT/namespace"
  echo "publishing $n images to $ns (once, not timed) ..." >&2
  for attempt in 1 2; do # a registry 500 under parallel pushes can fail one build: the second run resumes
    (cd "$BENCH_PROJECT" && "$MVN" "${MVN_ARGS[@]}" -q cip:publish-locally >>"$BENCH_PROJECT/publish.log" 2>&1) && break
  done
}

# Waits (up to 30 s) until the Docker engine is idle: dockerd, containerd and buildkitd together below 5% of one CPU
# over half a second. A `docker buildx bake --push` returns while the engine still works for seconds (about 1.2 of
# the 2 cores for ~2 s after a 15-target bake here); without this, whichever side runs next pays for it.
settle() {
  local pids deadline=$((SECONDS + 30)) before after
  pids=$(pgrep -d' ' -x 'dockerd|containerd|buildkitd' || true)
  [[ -n $pids ]] || return 0
  ticks() { local p t=0; for p in $pids; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{ print $14 + $15 }' /proc/$p/stat))); done; echo $t; }
  while ((SECONDS < deadline)); do
    before=$(ticks)
    sleep 0.5
    after=$(ticks)
    # clock ticks are 1/100 s: below 5% of one CPU over 0.5 s is under 2.5 ticks
    ((after - before < 3)) && return 0
  done
  echo "settle: the engine was still busy after 30 s" >&2
}

# Empties the engine's image store and build cache (not timed), so that each round starts as on a fresh CI runner:
# the engine's own clean-up after each build (BuildKit collects its cache a second after a solve) costs in
# proportion to what it holds, and on a machine that ran benchmarks all day that is seconds of CPU after every bake,
# charged to whichever side runs next. BENCH_PRUNE=0 keeps what the engine holds.
fresh_engine() {
  [[ ${BENCH_PRUNE:-1} == 1 ]] || return 0
  echo "emptying the engine's image store and build cache (BENCH_PRUNE=0 keeps them) ..." >&2
  docker image prune -af >/dev/null
  docker builder prune -af >/dev/null
}
