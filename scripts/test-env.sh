#!/usr/bin/env bash
# Real test infrastructure for cip: Docker engine (containerd image store) + buildx,
# a loopback-only registry on 127.0.0.1:5000, QEMU arm64 emulation, busybox binaries.
#
#   scripts/test-env.sh up       install what is missing, start everything, self-check (idempotent)
#   scripts/test-env.sh status   tell what is installed/running; exit 0 only when all is up
#   scripts/test-env.sh down     stop exactly what `up` of the same session started (by PID); an engine or
#                                registry that was already running when `up` ran is left alone
#   scripts/test-env.sh down --dry-run   only tell what `down` would stop
#
# Runs as root on Debian 12 (bookworm) without systemd. See /work/shared/TEST-INFRA.md (or the
# project README) for the background. Environment:
#   CIP_TEST_BUSYBOX_DIR   where busybox-amd64 / busybox-arm64 are provisioned and read by tests
#                          (default /var/lib/cip-test/busybox)
#   CIP_TEST_SELFCHECK     "always" re-runs the self-check even when the marker says it passed,
#                          "never" skips it (default: run it when versions changed)
#   CIP_TEST_SESSION       the file where `up` records what it started, one line per process, and that
#                          `down` reads (default $STATE/run/session). .ci/run uses a file of its own, so
#                          its `down` never stops an environment a developer brought up before.
#   CIP_TEST_STATE         the state directory (default /var/lib/cip-test)
#   CIP_TEST_REGISTRY_ADDR the registry's loopback address (default 127.0.0.1:5000)
set -euo pipefail

STATE=${CIP_TEST_STATE:-/var/lib/cip-test}  # everything we own lives here
RUN_DIR=$STATE/run                        # PIDs, markers
LOG_DIR=$STATE/logs
DOCKER_DATA=$STATE/docker                 # dockerd data-root (images, containerd content)
DOCKER_EXEC=$STATE/docker-exec            # dockerd exec-root (its managed containerd runs here)
DOCKERD_PIDFILE=$RUN_DIR/dockerd.pid      # written by dockerd itself
REGISTRY_DIR=$STATE/registry
REGISTRY_PIDFILE=$RUN_DIR/registry.pid
REGISTRY_ADDR=${CIP_TEST_REGISTRY_ADDR:-127.0.0.1:5000}
SESSION=${CIP_TEST_SESSION:-$RUN_DIR/session}
DOCKER_SOCK=/var/run/docker.sock
BUSYBOX_DIR=${CIP_TEST_BUSYBOX_DIR:-$STATE/busybox}
SELFCHECK_MARKER=$RUN_DIR/selfcheck.ok
SELFCHECK_IMAGE=localhost:5000/cip-selfcheck/busybox:1
SELFCHECK_CHILD=localhost:5000/cip-selfcheck/child:1

BOOKWORM_PKGS=(iptables tini runc adduser libsystemd0 qemu-user-static binfmt-support skopeo
               busybox-static curl docker-registry apache2-utils openssl)
TRIXIE_PKGS=(docker.io containerd docker-buildx docker-cli)

export DEBIAN_FRONTEND=noninteractive
# Wait for a dpkg lock held by someone else instead of failing at once.
APT_OPTS=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)

log()  { printf '[test-env] %s\n' "$*" >&2; }
die()  { printf '[test-env] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and starts dockerd)"

# --- helpers -------------------------------------------------------------------------------

# pid_alive PIDFILE EXE_BASENAME: true when the PID in the file is running that very binary
# (guards against a stale file from a killed session whose PID got reused).
pid_alive() {
  local f=$1 exe=$2 pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -e /proc/$pid ]] || return 1
  [[ $(basename "$(readlink /proc/"$pid"/exe 2>/dev/null)") == "$exe" ]]
}

# record_started NAME PIDFILE EXE: note in the session file that this `up` started NAME, with its PID, so
# that `down` of the same session stops it and nothing else.
record_started() {
  local name=$1 f=$2 exe=$3
  [[ -s $f ]] || return 0
  printf '%s %s %s %s\n' "$name" "$f" "$exe" "$(<"$f")" >>"$SESSION"
}

docker_answers()   { timeout 10 docker -H "unix://$DOCKER_SOCK" info >/dev/null 2>&1; }
registry_answers() { [[ $(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$REGISTRY_ADDR/v2/" 2>/dev/null) == 200 ]]; }
binfmt_enabled()   { grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null; }

dockerd_major() { dockerd --version 2>/dev/null | sed -nE 's/^Docker version ([0-9]+)\..*/\1/p'; }

pkg_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

# First stanza of the system's deb822 sources, with its Suites replaced: lets us reach another
# suite (trixie) or architecture without writing the archive address into any file we commit.
first_stanza_with_suite() {
  local suite=$1 src=/etc/apt/sources.list.d/debian.sources
  [[ -r $src ]] || die "$src not found: need a deb822 Debian sources file to derive the trixie source from"
  awk -v suite="$suite" '
    /^[[:space:]]*$/ { if (seen) exit; next }
    /^#/ { next }
    { seen = 1 }
    /^Suites:/ { print "Suites: " suite; next }
    { print }' "$src"
}

# private_apt DIR ARGS...: apt-get with its own sources/lists/cache under DIR, so the system's
# sources stay bookworm-only and its package lists are not touched.
private_apt() {
  local d=$1; shift
  # Sandbox::User=root: the downloads land in our root-owned dir, which user _apt cannot write.
  apt-get "${APT_OPTS[@]}" -o APT::Sandbox::User=root -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$d/sources" \
    -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" "$@"
}
private_apt_init() {
  local d=$1 suite=$2
  mkdir -p "$d/sources" "$d/lists/partial" "$d/cache/archives/partial" "$d/debs"
  first_stanza_with_suite "$suite" >"$d/sources/private.sources"
}

# --- install ---------------------------------------------------------------------------------

APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    apt-get "${APT_OPTS[@]}" update -qq || die "apt-get update failed: check that the Debian package mirror in /etc/apt/sources.list.d/ is reachable"
    APT_UPDATED=1
  fi
}

install_bookworm_pkgs() {
  local missing=() p
  for p in "${BOOKWORM_PKGS[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing from bookworm: ${missing[*]}"
  apt_update_once
  apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed: install them by hand (apt-get install -y ${missing[*]}) and retry"
}

# The build itself needs a JDK 17+ and a Maven to bootstrap ./mvnw; a fresh Debian has neither.
install_build_tools() {
  local missing=()
  have javac || missing+=(openjdk-17-jdk-headless)
  have mvn || [[ -n ${MVNW_REPOURL:-} ]] || missing+=(maven)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing the build tools: ${missing[*]}"
  apt_update_once
  apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed: install a JDK 17 and Maven by hand and retry"
}

docker_ok() {
  local major
  major=$(dockerd_major)
  [[ -n $major && $major -ge 26 ]] && have containerd && docker buildx version >/dev/null 2>&1
}

install_docker() {
  docker_ok && return 0
  # Bookworm's docker.io (20.10) has no buildx and cannot push multi-platform images: take
  # Docker 26.1 + containerd + buildx from trixie; they install with bookworm's own dependencies.
  log "installing Docker engine, containerd, buildx and CLI from trixie (dockerd now: $(dockerd --version 2>/dev/null || echo none))"
  local d=$STATE/apt-trixie
  private_apt_init "$d" trixie
  private_apt "$d" update -qq || die "apt-get update of the private trixie source failed (sources: $d/sources): the Debian mirror must serve trixie"
  rm -f "$d"/debs/*.deb
  (cd "$d/debs" && private_apt "$d" download -qq "${TRIXIE_PKGS[@]}") \
    || die "could not download ${TRIXIE_PKGS[*]} from trixie"
  apt_update_once   # their dependencies come from the system's bookworm lists
  (cd "$d/debs" && apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends ./*.deb >/dev/null) \
    || die "apt-get install of the trixie Docker packages in $d/debs failed"
  local major; major=$(dockerd_major)
  [[ -n $major && $major -ge 26 ]] || die "dockerd is '$(dockerd --version 2>&1)' after install; need >= 26 (is an older dockerd first on PATH? $(command -v dockerd))"
}

# cosign (image signing, cip.sign=cosign) from trixie: bookworm has none. A static binary without dependencies.
install_cosign() {
  have cosign && return 0
  log "installing cosign from trixie"
  local d=$STATE/apt-trixie
  private_apt_init "$d" trixie
  [[ -n $(ls "$d/lists" 2>/dev/null | grep -v partial) ]] || private_apt "$d" update -qq \
    || die "apt-get update of the private trixie source failed (sources: $d/sources)"
  mkdir -p "$d/cosign" && rm -f "$d"/cosign/*.deb
  (cd "$d/cosign" && private_apt "$d" download -qq cosign) || die "could not download cosign from trixie"
  dpkg -i "$d"/cosign/cosign_*.deb >/dev/null || die "dpkg -i of $d/cosign/cosign_*.deb failed"
  have cosign || die "cosign is not on PATH after installing it"
}

# The `docker` first on PATH must find the buildx plugin (this machine image ships a
# /usr/local/bin/docker client that shadows /usr/bin/docker; it searches /usr/libexec/docker/cli-plugins
# too, so it works; this check catches a client that does not).
check_docker_client() {
  docker buildx version >/dev/null 2>&1 || die "'$(command -v docker)' cannot run 'docker buildx version': \
the buildx plugin is in /usr/libexec/docker/cli-plugins (package docker-buildx); put /usr/bin first on PATH or link it into ~/.docker/cli-plugins/"
}

provision_busybox() {
  mkdir -p "$BUSYBOX_DIR"
  if ! is_elf_for "$BUSYBOX_DIR/busybox-amd64" 3e; then
    [[ -x /bin/busybox ]] || die "/bin/busybox missing: apt-get install -y busybox-static"
    install -m 0755 /bin/busybox "$BUSYBOX_DIR/busybox-amd64.tmp" && mv -f "$BUSYBOX_DIR/busybox-amd64.tmp" "$BUSYBOX_DIR/busybox-amd64"
  fi
  if ! is_elf_for "$BUSYBOX_DIR/busybox-arm64" b7; then
    log "fetching busybox-static:arm64"
    # Private apt state for arm64 only; status=/dev/null so the host's amd64 packages don't interfere.
    local d=$STATE/apt-arm64 suite
    suite=$(awk '/^Suites:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    private_apt_init "$d" "${suite:-bookworm}"
    local a=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::State::status=/dev/null)
    private_apt "$d" "${a[@]}" update -qq || die "apt-get update for arm64 failed (private sources in $d/sources)"
    rm -f "$d"/debs/*.deb
    (cd "$d/debs" && private_apt "$d" "${a[@]}" download -qq busybox-static:arm64) || die "apt-get download busybox-static:arm64 failed"
    dpkg-deb --fsys-tarfile "$d"/debs/busybox-static_*_arm64.deb | tar -xO ./bin/busybox >"$BUSYBOX_DIR/busybox-arm64.tmp"
    chmod 0755 "$BUSYBOX_DIR/busybox-arm64.tmp" && mv -f "$BUSYBOX_DIR/busybox-arm64.tmp" "$BUSYBOX_DIR/busybox-arm64"
    is_elf_for "$BUSYBOX_DIR/busybox-arm64" b7 || die "$BUSYBOX_DIR/busybox-arm64 is not an aarch64 ELF"
  fi
}

# is_elf_for FILE MACHINE_HEX: ELF e_machine byte (offset 18): 3e = x86-64, b7 = aarch64.
is_elf_for() {
  [[ -s $1 ]] || return 1
  [[ $(od -An -tx1 -j0 -N4 "$1" | tr -d ' \n') == 7f454c46 ]] || return 1
  [[ $(od -An -tx1 -j18 -N1 "$1" | tr -d ' \n') == "$2" ]]
}

# --- start -----------------------------------------------------------------------------------

enable_binfmt() {
  if [[ ! -e /proc/sys/fs/binfmt_misc/register ]]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
      || die "cannot mount binfmt_misc on /proc/sys/fs/binfmt_misc (needs root and a kernel with binfmt_misc)"
  fi
  binfmt_enabled || update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
  binfmt_enabled || die "qemu-aarch64 binfmt handler not enabled: apt-get install -y qemu-user-static binfmt-support, then update-binfmts --enable qemu-aarch64"
}

start_dockerd() {
  if pid_alive "$DOCKERD_PIDFILE" dockerd && docker_answers; then return 0; fi
  if docker_answers; then
    # An engine we did not start already owns the socket: use it if it has what we need.
    log "NOTE: a Docker engine not started by this script answers on $DOCKER_SOCK; using it ('down' will not stop it)"
    return 0
  fi
  pid_alive "$DOCKERD_PIDFILE" dockerd && die "dockerd (pid $(<"$DOCKERD_PIDFILE")) runs but does not answer; see $LOG_DIR/dockerd.log, or run: $0 down"
  rm -f "$DOCKERD_PIDFILE"   # stale file from a killed run: dockerd refuses to start over it
  mkdir -p "$DOCKER_DATA" "$DOCKER_EXEC"
  # containerd image store: lets the default `docker` buildx driver push multi-platform images
  # and --load them. bridge none + no iptables: never create a bridge on a private range.
  cat >"$STATE/daemon.json" <<EOF
{
  "features": {"containerd-snapshotter": true},
  "hosts": ["unix://$DOCKER_SOCK"],
  "data-root": "$DOCKER_DATA",
  "exec-root": "$DOCKER_EXEC",
  "pidfile": "$DOCKERD_PIDFILE",
  "iptables": false, "ip6tables": false, "ip-masq": false,
  "bridge": "none"
}
EOF
  log "starting dockerd (log: $LOG_DIR/dockerd.log)"
  # setsid: own session, so a Ctrl-C or the end of the calling job does not take it down.
  # 9>&-: the daemon must not inherit (and so hold forever) our lock.
  setsid dockerd --config-file "$STATE/daemon.json" >>"$LOG_DIR/dockerd.log" 2>&1 </dev/null 9>&- &
  local pid=$! i
  for ((i = 0; i < 120; i++)); do
    docker_answers && break
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_DIR/dockerd.log" >&2 || true
      die "dockerd exited at start (log above, full log $LOG_DIR/dockerd.log)"
    fi
    sleep 0.25
  done
  # dockerd wrote its own pidfile; make sure it is there even if it did not.
  [[ -s $DOCKERD_PIDFILE ]] || echo "$pid" >"$DOCKERD_PIDFILE"
  record_started dockerd "$DOCKERD_PIDFILE" dockerd
  docker_answers || { tail -n 20 "$LOG_DIR/dockerd.log" >&2; die "dockerd did not answer within 30 s (log: $LOG_DIR/dockerd.log)"; }
  # The containerd dockerd started for itself goes with it.
  local cpid=$DOCKER_EXEC/containerd/containerd.pid
  if [[ -s $cpid ]]; then cp "$cpid" "$RUN_DIR/containerd.pid"; record_started containerd "$RUN_DIR/containerd.pid" containerd; fi
}

check_engine() {
  docker info -f '{{json .DriverStatus}}' 2>/dev/null | grep -q 'io.containerd.snapshotter' \
    || die "the Docker engine on $DOCKER_SOCK does not use the containerd image store (features.containerd-snapshotter): multi-platform --load/--push will fail"
}

start_registry() {
  if pid_alive "$REGISTRY_PIDFILE" docker-registry && registry_answers; then return 0; fi
  if registry_answers; then
    log "NOTE: a registry not started by this script answers on $REGISTRY_ADDR; using it ('down' will not stop it)"
    return 0
  fi
  pid_alive "$REGISTRY_PIDFILE" docker-registry && die "docker-registry (pid $(<"$REGISTRY_PIDFILE")) runs but $REGISTRY_ADDR does not answer; see $LOG_DIR/registry.log"
  mkdir -p "$REGISTRY_DIR/data"
  # Our own config: the packaged /etc/docker/registry/config.yml listens on all interfaces with
  # htpasswd auth. Loopback only, deletes allowed, no access log (keeps the log small).
  cat >"$REGISTRY_DIR/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog: {disabled: true}
storage:
  filesystem: {rootdirectory: $REGISTRY_DIR/data}
  delete: {enabled: true}
http:
  addr: $REGISTRY_ADDR
EOF
  log "starting docker-registry on $REGISTRY_ADDR (log: $LOG_DIR/registry.log)"
  setsid docker-registry serve "$REGISTRY_DIR/config.yml" >>"$LOG_DIR/registry.log" 2>&1 </dev/null 9>&- &
  local pid=$! i
  echo "$pid" >"$REGISTRY_PIDFILE"
  record_started registry "$REGISTRY_PIDFILE" docker-registry
  for ((i = 0; i < 60; i++)); do
    registry_answers && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$LOG_DIR/registry.log" >&2; die "docker-registry exited at start (is $REGISTRY_ADDR taken? log: $LOG_DIR/registry.log)"; }
    sleep 0.25
  done
  die "registry on $REGISTRY_ADDR did not answer 200 on /v2/ within 15 s (log: $LOG_DIR/registry.log)"
}

# --- self-check ------------------------------------------------------------------------------

versions() {
  {
    dockerd --version; docker --version; docker buildx version; containerd --version
    docker-registry --version; qemu-aarch64-static --version | head -n1
    sha256sum "$BUSYBOX_DIR/busybox-amd64" "$BUSYBOX_DIR/busybox-arm64"
  } 2>&1
}

manifest_present() {
  [[ $(curl -s -o /dev/null -m 3 -w '%{http_code}' \
        -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' \
        "http://$REGISTRY_ADDR/v2/cip-selfcheck/busybox/manifests/1") == 200 ]]
}

selfcheck_fresh() { [[ -f $SELFCHECK_MARKER ]] && [[ $(<"$SELFCHECK_MARKER") == "$(versions)" ]] && manifest_present; }

selfcheck() {
  local mode=${CIP_TEST_SELFCHECK:-auto}
  [[ $mode == never ]] && { log "self-check skipped (CIP_TEST_SELFCHECK=never)"; return 0; }
  if [[ $mode != always ]] && selfcheck_fresh; then
    log "self-check: passed before with the same versions (CIP_TEST_SELFCHECK=always to rerun)"
    return 0
  fi
  log "self-check: two-platform build + push to $SELFCHECK_IMAGE, then a --load child FROM it"
  rm -f "$SELFCHECK_MARKER"
  # A fixed work dir, wiped on each run (left behind on failure for a look).
  local t=$STATE/selfcheck-work
  rm -rf "$t" && mkdir -p "$t"
  cp "$BUSYBOX_DIR/busybox-amd64" "$BUSYBOX_DIR/busybox-arm64" "$t/"
  cat >"$t/Dockerfile" <<'EOF'
FROM scratch
ARG TARGETARCH
COPY busybox-${TARGETARCH} /bin/busybox
RUN ["/bin/busybox","--install","-s","/bin"]
RUN --network=none ["/bin/sh","-c","uname -m > /arch"]
EOF
  # RUN needs a network mode (bridge none): --network host for the plain RUN, the other step
  # asks for none itself. --provenance=false: only the two platform manifests in the index.
  docker buildx build -q --platform linux/amd64,linux/arm64 --network host --provenance=false \
      --push -t "$SELFCHECK_IMAGE" "$t" >"$t/build.log" 2>&1 || {
    cat "$t/build.log" >&2
    die "self-check build failed: a two-platform 'docker buildx build --push' to localhost:5000 does not work \
(exec format error => arm64 emulation: apt-get install qemu-user-static binfmt-support; update-binfmts --enable qemu-aarch64; \
'network bridge not found' => a RUN without a network mode; push errors => registry, see $LOG_DIR/registry.log)"
  }
  local raw; raw=$(skopeo inspect --raw --tls-verify=false "docker://$SELFCHECK_IMAGE") \
    || die "skopeo inspect of $SELFCHECK_IMAGE failed (apt-get install -y skopeo; is the registry up?)"
  grep -Eq '"architecture": *"amd64"' <<<"$raw" && grep -Eq '"architecture": *"arm64"' <<<"$raw" \
    || die "self-check: $SELFCHECK_IMAGE is not a two-platform index: $raw"
  # A child built on the pushed parent and loaded into the local (containerd) store.
  printf 'FROM %s\nRUN --network=none ["/bin/sh","-c","cat /arch > /child-arch"]\n' "$SELFCHECK_IMAGE" >"$t/Dockerfile.child"
  docker buildx build -q --load -f "$t/Dockerfile.child" -t "$SELFCHECK_CHILD" "$t" >"$t/child.log" 2>&1 || {
    cat "$t/child.log" >&2; die "self-check: building a child FROM $SELFCHECK_IMAGE with --load failed"; }
  docker image inspect "$SELFCHECK_CHILD" >/dev/null 2>&1 || die "self-check: $SELFCHECK_CHILD not in the local image store after --load"
  versions >"$SELFCHECK_MARKER"
  rm -rf "$t"
  log "self-check passed"
}

# --- commands --------------------------------------------------------------------------------

cmd_up() {
  local t0; t0=$(date +%s%N)
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  install_bookworm_pkgs
  install_build_tools
  install_docker
  install_cosign
  check_docker_client
  provision_busybox
  enable_binfmt
  start_dockerd
  check_engine
  start_registry
  selfcheck
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  log "up: engine on $DOCKER_SOCK, registry http://$REGISTRY_ADDR, busybox in $BUSYBOX_DIR ($((ms / 1000)).$(printf '%03d' $((ms % 1000))) s)"
}

# stop_pid PIDFILE EXE NAME PID: TERM, wait up to 30 s, then KILL. Only the PID recorded at start, and only while
# the pidfile still names it and it still runs that binary.
stop_pid() {
  local f=$1 exe=$2 name=$3 want=$4 pid i
  if ! pid_alive "$f" "$exe" || [[ $(<"$f") != "$want" ]]; then
    log "$name (pid $want) is no longer running from $f: nothing to stop"
    return 0
  fi
  pid=$want
  if [[ $DRY_RUN == 1 ]]; then log "would stop $name (pid $pid)"; return 0; fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 120; i++)); do [[ -e /proc/$pid ]] || break; sleep 0.25; done
  if [[ -e /proc/$pid ]]; then log "$name did not stop in 30 s: KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$f"
}

# Stops what `up` of this session recorded as started by itself, newest first (the registry, then dockerd, then
# the containerd dockerd started). An engine or registry that `up` found running is not in the session: left alone.
cmd_down() {
  if [[ ! -s $SESSION ]]; then
    log "down: this session's 'up' started nothing (no $SESSION): leaving everything running"
    return 0
  fi
  local lines=() line name f exe pid i
  mapfile -t lines <"$SESSION"
  for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
    read -r name f exe pid <<<"${lines[i]}"
    [[ -n ${pid:-} ]] || continue
    [[ $name == containerd ]] && continue   # after dockerd, below
    stop_pid "$f" "$exe" "$name" "$pid"
  done
  # The containerd that dockerd started: dockerd stops it on a clean shutdown; after a KILL of dockerd it would be
  # left behind, so stop it too.
  for line in "${lines[@]}"; do
    read -r name f exe pid <<<"$line"
    if [[ $name == containerd && -n ${pid:-} ]]; then stop_pid "$f" "$exe" "$name" "$pid"; fi
  done
  # binfmt_misc stays mounted and qemu-aarch64 enabled: kernel-wide, harmless, others may use it.
  if [[ $DRY_RUN == 1 ]]; then log "down --dry-run: nothing was stopped"; return 0; fi
  rm -f "$SESSION"
  log "down"
}

cmd_status() {
  local ok=0
  line() { printf '%-22s %s\n' "$1" "$2"; }
  line "dockerd binary" "$(dockerd --version 2>/dev/null || echo 'MISSING')"
  line "docker client" "$(command -v docker || echo MISSING) $(docker --version 2>/dev/null)"
  line "buildx" "$(docker buildx version 2>/dev/null || { ok=1; echo 'MISSING (docker buildx version fails)'; })"
  if pid_alive "$DOCKERD_PIDFILE" dockerd; then
    line "dockerd" "running pid $(<"$DOCKERD_PIDFILE"), $(docker_answers && echo "answers on $DOCKER_SOCK (server $(docker version -f '{{.Server.Version}} API {{.Server.APIVersion}}' 2>/dev/null))" || { ok=1; echo 'NOT answering'; })"
  elif docker_answers; then line "dockerd" "answers on $DOCKER_SOCK but was not started by test-env.sh"
  else ok=1; line "dockerd" "down"; fi
  if pid_alive "$REGISTRY_PIDFILE" docker-registry; then
    line "registry" "running pid $(<"$REGISTRY_PIDFILE"), $(registry_answers && echo "http://$REGISTRY_ADDR/v2/ -> 200" || { ok=1; echo 'NOT answering'; })"
  elif registry_answers; then line "registry" "answers on $REGISTRY_ADDR but was not started by test-env.sh"
  else ok=1; line "registry" "down"; fi
  binfmt_enabled && line "qemu-aarch64 binfmt" "enabled" || { ok=1; line "qemu-aarch64 binfmt" "NOT enabled"; }
  local a
  for a in amd64 arm64; do
    [[ -s $BUSYBOX_DIR/busybox-$a ]] && line "busybox-$a" "$BUSYBOX_DIR/busybox-$a" || { ok=1; line "busybox-$a" "MISSING ($BUSYBOX_DIR)"; }
  done
  if [[ -f $SELFCHECK_MARKER ]]; then
    if selfcheck_fresh; then line "self-check" "passed with the current versions ($(date -r "$SELFCHECK_MARKER" '+%F %T'))"
    else line "self-check" "stale (versions changed or image gone): next 'up' reruns it"; fi
  else line "self-check" "not passed yet"; fi
  line "state / logs" "$STATE  /  $LOG_DIR"
  return $ok
}

# One `up`/`down` at a time (e.g. two CI jobs or a developer and a test run).
mkdir -p "$RUN_DIR"
exec 9>"$RUN_DIR/test-env.lock"
flock -w 600 9 || die "another test-env.sh holds $RUN_DIR/test-env.lock for over 10 minutes (see: fuser -v $RUN_DIR/test-env.lock)"

DRY_RUN=0
[[ ${2:-} == --dry-run ]] && DRY_RUN=1
case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down [--dry-run]|status" >&2; exit 2 ;;
esac
