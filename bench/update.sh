#!/usr/bin/env bash
# Times cip:update's own work over generated contexts on distinct upstream bases (an upstream registry with token
# auth on loopback, as Docker Hub), with every pin current and with every base moved; see bench/README.md.
# Usage: bench/update.sh [contexts=200] [bases=20] [runs=7] [registry=127.0.0.1:5000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn=${MVN:-$( [[ -x ./mvnw ]] && echo ./mvnw || echo mvn )}
"$mvn" -q -B -o test-compile
"$mvn" -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
echo "machine: $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.cip.bench.UpdateBench \
  "${1:-200}" "${2:-20}" "${3:-7}" "${4:-127.0.0.1:5000}" bench/work
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
