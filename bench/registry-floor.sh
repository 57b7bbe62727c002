#!/usr/bin/env bash
# The registry's own floor for a plan: the same GETs the planner makes (tag -> index, platform manifest by digest,
# config blob by digest) sent by curl with connection reuse, in 1 and in 8 processes. No JVM involved.
# Usage: bench/registry-floor.sh <project-dir> [registry/namespace]   (a generated project, every image published)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir=$1
ns=${2:-$(cat "$dir/namespace")}
host=${ns%%/*} path=${ns#*/}
A='application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS=$'\t' read -r name _; do
  base=http://$host/v2/$path/$name
  index=$(curl -fsS -H "Accept: $A" "$base/manifests/1.0.0")
  manifest=$(grep -o '"digest": *"sha256:[0-9a-f]*"' <<<"$index" | head -1 | grep -o 'sha256:[0-9a-f]*')
  config=$(curl -fsS -H "Accept: $A" "$base/manifests/$manifest" | grep -o '"digest": *"sha256:[0-9a-f]*"' | head -1 | grep -o 'sha256:[0-9a-f]*')
  echo "$base/manifests/1.0.0" >>"$tmp/tags"
  printf '%s\n%s\n%s\n' "$base/manifests/1.0.0" "$base/manifests/$manifest" "$base/blobs/$config" >>"$tmp/all"
done <"$dir/graph.tsv"
echo "$(machine)"
for f in tags all; do
  for p in 1 8; do
    rm -f "$tmp"/part.*
    split -n "r/$p" "$tmp/$f" "$tmp/part."
    for x in "$tmp"/part.*; do sed 's/^/url = /; s/$/\noutput = \/dev\/null/' "$x" >"$x.cfg"; done
    t0=$(now)
    for x in "$tmp"/part.*.cfg; do curl -fsS -H "Accept: $A" -K "$x" & done
    wait
    echo "$( [[ $f == tags ]] && echo "tag GETs only" || echo "tag + manifest + config GETs" ) ($(wc -l <"$tmp/$f") requests), $p curl process(es): $(since "$t0") s (load $(load))"
  done
done
