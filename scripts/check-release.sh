#!/usr/bin/env bash
# Rehearses a release to Maven Central without uploading anything:
#   1. copies the working tree to a temp dir and gives the copy a release version (0.1.0-SNAPSHOT -> 0.1.0:
#      Central takes no snapshots into a bundle);
#   2. generates a throwaway GPG key in a temp GNUPGHOME;
#   3. runs `mvnw -Prelease deploy -DskipUpload` (tests and install skipped), which builds the bundle
#      target/central-publishing/central-bundle.zip that `./mvnw -Prelease deploy` would upload;
#   4. checks the bundle: the jar, the POM, the sources and javadoc jars, each with a good .asc signature and
#      correct .md5/.sha1 checksums, and the POM carries Central's required fields;
#   5. builds again from clean and checks that every jar is byte-identical (reproducible build).
# Usage: scripts/check-release.sh [extra Maven arguments]. Needs Maven's online mode: the publishing plugin builds its
# bundle only then (it uploads nothing with -DskipUpload), and the first run resolves the release plugins.
# Exit 0 when everything holds; otherwise names what is missing or wrong.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fail() { printf 'check-release: %s\n' "$*" >&2; exit 1; }
note() { printf 'check-release: %s\n' "$*"; }

for arg in "$@"; do
  case $arg in -o|--offline) fail "runs online only: central-publishing-maven-plugin skips the bundle offline" ;; esac
done
# gpg and unzip: installed when missing and we may (CI runs as root on Debian), else named.
missing=()
command -v gpg >/dev/null || missing+=(gnupg)
command -v unzip >/dev/null || missing+=(unzip)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    note "installing ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null \
      || fail "could not install ${missing[*]}"
  else
    fail "needs ${missing[*]} (Debian: apt-get install -y ${missing[*]})"
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cip-check-release.XXXXXX")
cleanup() {
  # the agent started by gpg for this GNUPGHOME must not outlive the check
  gpgconf --homedir "$work/gnupg" --kill gpg-agent >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# 1. A copy of the working tree (tracked and new files, not target/), with a release version.
src=$work/src
mkdir -p "$src"
(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$src")
snapshot=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$src/pom.xml" | head -n1)
[[ -n $snapshot ]] || fail "no project <version> in pom.xml"
release=${snapshot%-SNAPSHOT}
sed -i "0,/^  <version>$snapshot<\/version>$/s//  <version>$release<\/version>/" "$src/pom.xml"
note "rehearsing the release of $release in $src"

# 2. A throwaway key that signs nothing outside this check.
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-gen-key 'cip release check <release-check@cip.invalid>' ed25519 sign 1d 2>/dev/null \
  || fail "could not generate a throwaway GPG key"

build() { # <phase> [Maven arguments]
  local phase=$1; shift
  (cd "$src" && ./mvnw -B -ntp -Prelease -Dmaven.test.skip -Dinvoker.skip -Dmaven.install.skip -DskipUpload "$@" clean "$phase" </dev/null) \
    >"$work/build.log" 2>&1 || { tail -n 60 "$work/build.log" >&2; fail "the release build failed (log above)"; }
}

# 3. The bundle.
build deploy "$@"
bundle=$src/target/central-publishing/central-bundle.zip
[[ -s $bundle ]] || { tail -n 30 "$work/build.log" >&2; fail "no bundle at target/central-publishing/central-bundle.zip (log above)"; }
unpacked=$work/bundle
unzip -q "$bundle" -d "$unpacked"
artifactDir=$unpacked/dev/cip/cip-maven-plugin/$release
[[ -d $artifactDir ]] || fail "the bundle holds no dev/cip/cip-maven-plugin/$release/"

# 4. Every artifact signed and checksummed; sources and javadoc there.
base=cip-maven-plugin-$release
for artifact in "$base.pom" "$base.jar" "$base-sources.jar" "$base-javadoc.jar"; do
  file=$artifactDir/$artifact
  [[ -s $file ]] || fail "the bundle has no $artifact"
  [[ -s $file.asc ]] || fail "$artifact has no signature ($artifact.asc)"
  gpg --batch --quiet --verify "$file.asc" "$file" 2>/dev/null || fail "$artifact.asc is not a good signature of $artifact"
  for sum in md5 sha1; do
    [[ -s $file.$sum ]] || fail "$artifact has no .$sum checksum"
    expected=$("${sum}sum" "$file" | cut -d' ' -f1)
    [[ $(tr -d '[:space:]' <"$file.$sum") == "$expected" ]] || fail "$artifact.$sum does not match $artifact"
  done
done
for file in "$artifactDir"/*; do
  case $file in *.asc|*.md5|*.sha1|*.sha256|*.sha512) continue ;; esac
  [[ -s $file.asc ]] || fail "$(basename "$file") in the bundle has no signature"
done
note "bundle: pom, jar, sources and javadoc jars, each signed (good signature) with .md5 and .sha1"

# Central's required POM fields (name, description, url, license, developer, scm), in the POM of the bundle.
pom=$artifactDir/$base.pom
requireIn() { # <what> <extended regex over the POM joined into one line>
  tr '\n' ' ' <"$pom" | grep -Eq "$2" || fail "the POM lacks $1, which Maven Central requires"
}
requireIn '<name>' '<project[^>]*>.*<name>[^<]+</name>'
requireIn '<description>' '<description>[^<]+</description>'
requireIn '<url>' '<url>[^<]+</url>'
requireIn 'a <license> with <name> and <url>' '<licenses>[[:space:]]*<license>[[:space:]]*<name>[^<]+</name>[[:space:]]*<url>[^<]+</url>'
requireIn 'a <developer> with a <name>' '<developers>[[:space:]]*<developer>.*<name>[^<]+</name>.*</developer>'
requireIn '<scm> with <connection>, <developerConnection> and <url>' '<scm>[[:space:]]*<connection>[^<]+</connection>[[:space:]]*<developerConnection>[^<]+</developerConnection>[[:space:]]*<url>[^<]+</url>'
grep -q -- '-SNAPSHOT' "$pom" && fail "the released POM still names a -SNAPSHOT version"
note "POM: name, description, url, licenses, developers and scm present"

# The plugin's libraries (Jackson, edn-java) are inside its jar, moved under dev.cip.shaded: the released POM names
# no dependency a user's Maven would collect on each run, and the jar holds the moved classes, not the originals.
runtime=$(awk '/<dependency>/ { block = "" } { block = block $0 } /<\/dependency>/ {
  if (block !~ /<scope>(provided|test)<\/scope>/) { gsub(/[[:space:]]+/, " ", block); print block } }' "$pom")
[[ -z $runtime ]] || fail "the released POM names a dependency Maven would resolve on each run: $runtime"
jarList=$(unzip -Z1 "$artifactDir/$base.jar")
grep -q '^dev/cip/shaded/jackson/databind/ObjectMapper.class$' <<<"$jarList" \
  || fail "the jar lacks Jackson under dev/cip/shaded (maven-shade-plugin did not run)"
grep -q '^com/fasterxml/\|^us/bpsm/' <<<"$jarList" && fail "the jar holds Jackson or edn-java under their own packages"
note "jar: Jackson and edn-java inside, under dev.cip.shaded; the POM names no runtime dependency"

# 5. Reproducible: a second build from clean gives the same bytes in every jar (signing is left out: signatures
#    differ by nature).
mkdir "$work/first"
cp "$src"/target/*.jar "$work/first/"
build package -Dgpg.skip "$@"
for jar in "$work"/first/*.jar; do
  name=$(basename "$jar")
  cmp -s "$jar" "$src/target/$name" || fail "$name differs between two builds of the same sources (not reproducible)"
done
note "reproducible: $(cd "$work/first" && ls -- *.jar | tr '\n' ' ')byte-identical in two builds"
note "OK: the bundle is ready for Central; nothing was uploaded"
