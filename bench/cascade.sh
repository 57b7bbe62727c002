#!/usr/bin/env bash
# Times cip:cascade's work (lock, scan, plan, write) over a generated project; see bench/README.md.
# Usage: bench/cascade.sh [contexts=500] [runs=10]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn=${MVN:-$( [[ -x ./mvnw ]] && echo ./mvnw || echo mvn )}
"$mvn" -q -B test-compile
"$mvn" -q -B dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.cip.bench.CascadeBench \
  "${1:-500}" "${2:-10}" bench/work
