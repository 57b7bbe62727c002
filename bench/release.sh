#!/usr/bin/env bash
# Release time (issue #10 target: 50 staged images < 2 s), harness dev.cip.bench.ReleaseBench: stages N images by two
# shards (linux/amd64, linux/arm64) in a new namespace of the registry (not timed), then times the first release and
# the idempotent re-releases, each with a new registry client.
# Usage: bench/release.sh [images=50] [runs=3] [concurrency=8]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-50} runs=${2:-3} threads=${3:-8}
machine
cp=$(harness_classpath)
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$cp" dev.cip.bench.ReleaseBench "$REGISTRY_HOST" "$n" "$runs" "$threads"
echo "load after: $(load)"
