#!/usr/bin/env bash
# Generates a monorepo of co-dependent images for the benchmarks (see bench/README.md).
#
# Usage: bench/generate.sh [options] <out-dir>
#   -n N         images in all, the busybox root included (default 20)
#   -d D         levels, the root's included: the longest FROM chain has D images (default 4)
#   -f F         fan-out: children per image before the next image takes new ones (default 3)
#   -k K         every K-th image also copies from a second, earlier image (FROM … AS second; a diamond); 0: a pure tree (default 0)
#   -r REGISTRY  cip.localRegistry of the generated pom.xml, e.g. localhost:5000/bench-x1y2 (default localhost:5000/bench)
#   -t TOKEN     written into every RUN step, so that another token makes a cold build (default: random)
#   -w SECONDS   each image's RUN step also sleeps this long (busybox sleep, fractions allowed; default 0)
#   -p VERSION   cip-maven-plugin version in the pom (default 0.1.0-SNAPSHOT)
#   -b DIR       the static busybox binaries (default /var/lib/cip-test/busybox)
#
# Writes <out-dir>/pom.xml, <out-dir>/contexts/NN-name/{Dockerfile,info.edn} (NN = the level, so prefixes agree with
# the graph), <out-dir>/graph.tsv (name, level, directory, parents; parents before children) and
# <out-dir>/docker-bake.json (the same graph for docker buildx bake, children get their parents via target: contexts).
# Only bash and coreutils.
set -euo pipefail

n=20 depth=4 fanout=3 diamond=0 registry=localhost:5000/bench token="" work=0 version=0.1.0-SNAPSHOT
busybox=/var/lib/cip-test/busybox
while getopts "n:d:f:k:r:t:w:p:b:" opt; do
  case $opt in
    n) n=$OPTARG ;; d) depth=$OPTARG ;; f) fanout=$OPTARG ;; k) diamond=$OPTARG ;; r) registry=$OPTARG ;;
    t) token=$OPTARG ;; w) work=$OPTARG ;; p) version=$OPTARG ;; b) busybox=$OPTARG ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -eq 1 ]] || { sed -n '2,20p' "$0" >&2; exit 2; }
out=$1
(( n >= 1 && depth >= 1 && fanout >= 1 )) || { echo "generate.sh: -n, -d and -f must be at least 1" >&2; exit 2; }
[[ -n $token ]] || token=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
for arch in amd64 arm64; do
  [[ -f $busybox/busybox-$arch ]] || { echo "generate.sh: no $busybox/busybox-$arch (run scripts/test-env.sh up)" >&2; exit 1; }
done
if [[ -e $out ]]; then
  echo "generate.sh: $out exists; give a new directory" >&2
  exit 1
fi
mkdir -p "$out/contexts"

# --- the graph: breadth first, each image takes up to F children, no image deeper than D levels
names=() levels=() firstparent=() secondparent=() children=() dirs=()
names[0]=root levels[0]=0 firstparent[0]=-1 secondparent[0]=-1 children[0]=0
levelstart=(0)   # index of the first image of each level
ptr=0
for ((i = 1; i < n; i++)); do
  while (( ptr < i && (levels[ptr] >= depth - 1 || children[ptr] >= fanout) )); do ((ptr++)) || true; done
  if (( ptr < i )); then
    p=$ptr
  else # every image above the last level is full: spread the rest over them round-robin
    above=${levelstart[depth - 1]:-$i}
    p=$(( (i - above) % above ))
  fi
  children[p]=$(( children[p] + 1 ))
  printf -v names[i] 'img%04d' "$i"
  levels[i]=$(( levels[p] + 1 ))
  firstparent[i]=$p secondparent[i]=-1 children[i]=0
  [[ -n ${levelstart[levels[i]]:-} ]] || levelstart[levels[i]]=$i
  if (( diamond > 0 && i % diamond == 0 && levels[i] >= 2 )); then
    lvlstart=${levelstart[levels[i]]}                  # any image of an earlier level but p
    q=$(( (i * 7919) % lvlstart ))
    (( q != p )) || q=$(( (q + 1) % lvlstart ))
    (( q != p )) || q=-1
    secondparent[i]=$q
  fi
done

# --- the files
root_dir=$out/contexts/00-root
mkdir -p "$root_dir"
cp "$busybox/busybox-amd64" "$busybox/busybox-arm64" "$root_dir/"
cat >"$root_dir/Dockerfile" <<EOF
# The root: a busybox userland from scratch.
FROM scratch
ARG TARGETARCH
COPY --chmod=755 busybox-\${TARGETARCH} /bin/busybox
RUN --network=none ["/bin/busybox", "--install", "-s", "/bin"]
RUN --network=none mkdir -p /etc/cip && echo "root $token" > /etc/cip/root
EOF
printf '{:version "1.0.0"}\n' >"$root_dir/info.edn"
dirs[0]=00-root

sleep_step=""
[[ $work == 0 ]] || sleep_step=" && sleep $work"
for ((i = 1; i < n; i++)); do
  name=${names[i]}
  printf -v dir '%02d-%s' "${levels[i]}" "$name"
  dirs[i]=$dir
  mkdir -p "$out/contexts/$dir"
  parent=${names[firstparent[i]]}
  {
    echo "ARG REGISTRY=localhost:5000"
    if (( secondparent[i] >= 0 )); then
      second=${names[secondparent[i]]}
      echo "FROM \${REGISTRY}/$second:1.0.0 AS second"
    fi
    echo "FROM \${REGISTRY}/$parent:1.0.0"
    (( secondparent[i] < 0 )) || echo "COPY --from=second /etc/cip/$second /etc/cip/from-$second"
    echo "RUN --network=none echo \"$name $token\" > /etc/cip/$name$sleep_step"
  } >"$out/contexts/$dir/Dockerfile"
  printf '{:version "1.0.0"}\n' >"$out/contexts/$dir/info.edn"
done

# --- graph.tsv: name level dir parents (comma-separated, "-" for none); parents come first
{
  for ((i = 0; i < n; i++)); do
    ps=-
    (( firstparent[i] < 0 )) || ps=${names[firstparent[i]]}
    (( secondparent[i] < 0 )) || ps+=",${names[secondparent[i]]}"
    printf '%s\t%s\t%s\t%s\n' "${names[i]}" "${levels[i]}" "${dirs[i]}" "$ps"
  done
} >"$out/graph.tsv"

# --- docker-bake.json: one target per image; parents reached through target: contexts
{
  printf '{\n  "group": {"default": {"targets": ['
  for ((i = 0; i < n; i++)); do printf '%s"%s"' "$([[ $i == 0 ]] || echo ', ')" "${names[i]}"; done
  printf ']}},\n  "target": {\n'
  for ((i = 0; i < n; i++)); do
    name=${names[i]}
    printf '    "%s": {"context": "contexts/%s", "dockerfile": "Dockerfile",\n' "$name" "${dirs[i]}"
    printf '      "args": {"REGISTRY": "%s"},\n' "$registry"
    printf '      "tags": ["%s/%s:1.0.0", "%s/%s:latest"]' "$registry" "$name" "$registry" "$name"
    if (( firstparent[i] >= 0 )); then
      printf ',\n      "contexts": {"%s/%s:1.0.0": "target:%s"' "$registry" "${names[firstparent[i]]}" \
        "${names[firstparent[i]]}"
      if (( secondparent[i] >= 0 )); then
        printf ', "%s/%s:1.0.0": "target:%s"' "$registry" "${names[secondparent[i]]}" "${names[secondparent[i]]}"
      fi
      printf '}'
    fi
    printf '}%s\n' "$([[ $i == $((n - 1)) ]] || echo ,)"
  done
  printf '  }\n}\n'
} >"$out/docker-bake.json"

cat >"$out/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <!-- Generated by bench/generate.sh -n $n -d $depth -f $fanout -k $diamond -w $work (token $token) -->
  <groupId>dev.cip.bench</groupId>
  <artifactId>bench-$n</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <properties>
    <cip.localRegistry>$registry</cip.localRegistry>
  </properties>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.cip</groupId>
        <artifactId>cip-maven-plugin</artifactId>
        <version>$version</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
# A project lives in git, and cip labels each image with the last commit of its context: one repository per generated
# project, everything committed (as in CI), so that git's answers cost what they cost a user (BENCH_GIT=0: none).
if [[ ${BENCH_GIT:-1} == 1 ]]; then
  git -C "$out" init -q
  git -C "$out" add -A
  git -C "$out" -c user.name=bench -c user.email=bench@localhost commit -qm "generated (token $token)"
fi
echo "generated $n images, $(( $(cut -f2 "$out/graph.tsv" | sort -n | tail -1) + 1 )) levels, registry $registry, token $token in $out" >&2
