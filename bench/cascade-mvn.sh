#!/usr/bin/env bash
# Times `mvn cip:cascade` end to end on a generated project, next to `mvn validate` on the same project.
# Needs the plugin in target/local-repo (run `./mvnw install -DskipTests -Dinvoker.test=cascade-chain` first) and
# Maven >= 3.9 (./mvnw). Usage: bench/cascade-mvn.sh [contexts=500] [runs=5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-500}; runs=${2:-5}
mvn=${MVN:-$( [[ -x ./mvnw ]] && echo "$PWD/mvnw" || command -v mvn )}
repo=$PWD/target/local-repo
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1) # the project's own, first in the pom
[[ -d $repo/dev/cip/cip-maven-plugin/$version ]] || { echo "no plugin $version in $repo; see the header" >&2; exit 1; }
"$mvn" -q -B test-compile
"$mvn" -q -B dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
work=$PWD/bench/work/mvn
# Like the integration tests: the plugin from target/local-repo, everything else from the user's repository.
settings=$PWD/bench/work/settings.xml
mkdir -p bench/work
sed "s#@localRepositoryUrl@#file://${MAVEN_USER_REPO:-$HOME/.m2/repository}#g" src/it/settings.xml > "$settings"
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
for run in $(seq 1 "$runs"); do
  rm -rf "$work"; java -cp "$cp" dev.cip.bench.CascadeBench --generate "$work" "$n"
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>cascade</artifactId><version>1</version><packaging>pom</packaging>
  <build><plugins><plugin><groupId>dev.cip</groupId><artifactId>cip-maven-plugin</artifactId>
    <version>$version</version></plugin></plugins></build></project>
POM
  v=$(cd "$work" && ms "$mvn" -q -B -s "$settings" -Dmaven.repo.local="$repo" validate)
  s=$(date +%s%N)
  out=$(cd "$work" && "$mvn" -B -s "$settings" -Dmaven.repo.local="$repo" cip:cascade) \
    || { echo "$out" >&2; exit 1; }
  c=$(( ($(date +%s%N) - s) / 1000000 ))
  own=$(sed -n 's/.*files replaced in \([0-9]*\) ms.*/\1/p' <<<"$out")
  echo "run $run: mvn validate ${v} ms, mvn cip:cascade ${c} ms (the goal itself: ${own:-?} ms)"
done
rm -rf "$work"
