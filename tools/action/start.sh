#!/usr/bin/env bash
# Starts Gatehouse in the background for the GitHub Action (action.yml) and waits until it is
# healthy. Runs on Linux, macOS and Windows (Git Bash, as `shell: bash` gives on Windows runners).
#
# Inputs (environment):
#   ACTION_VERSION     release to download: 0.1.0, v0.1.0 or latest (default latest)
#   ACTION_PORT        port (default 9400; 0 picks a free one)
#   ACTION_USERS       a users file path, or inline YAML/JSON
#   ACTION_ARGS        more command-line flags, quoted as in a shell (never evaluated)
#   ACTION_TIMEOUT     seconds to wait for /health (default 60)
#   ACTION_TLS         true: --tls, with the local CA kept in the work directory
#   ACTION_REPOSITORY  owner/name to download releases from (default: the action's repository)
#   GATEHOUSE_BINARY   run this executable instead of downloading one (tests, local builds)
# Outputs (appended to $GITHUB_OUTPUT when set, and printed):
#   issuer, discovery-url, url, pid, log-file, and ca-path with ACTION_TLS
set -euo pipefail
# `fail` inside `$(…)` exits only that subshell, and bash before 5 does not carry `set -e` into
# it: every `x="$(f)"` below therefore ends in `|| exit 1`, and bash that can also inherits it.
shopt -s inherit_errexit 2>/dev/null || true

fail() {
  echo "::error title=Gatehouse::$*" >&2
  exit 1
}

# The release asset for this runner, as tools/compile.ts names them.
asset_name() {
  local os arch
  case "$(uname -s)" in
    Linux) os=unknown-linux-gnu ;;
    Darwin) os=apple-darwin ;;
    MINGW* | MSYS* | CYGWIN*) os=pc-windows-msvc ;;
    *) fail "no Gatehouse build for $(uname -s)" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) fail "no Gatehouse build for $(uname -m) processors" ;;
  esac
  [ "$os" = pc-windows-msvc ] && [ "$arch" != x86_64 ] && fail "no Gatehouse build for Windows on $arch"
  local suffix=""
  [ "$os" = pc-windows-msvc ] && suffix=.exe
  echo "gatehouse-$arch-$os$suffix"
}

# owner/name: the input, else the action's own repository (from its checkout path, because
# github.action_repository is empty inside composite actions), else the workflow's repository.
release_repository() {
  if [ -n "${ACTION_REPOSITORY:-}" ]; then echo "$ACTION_REPOSITORY"; return; fi
  local path
  path="$(printf '%s' "${GITHUB_ACTION_PATH:-}" | tr '\\' '/')"
  if [[ "$path" =~ /_actions/([^/]+)/([^/]+)/ ]]; then
    echo "${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  elif [ -n "${GITHUB_REPOSITORY:-}" ]; then
    echo "$GITHUB_REPOSITORY"
  else
    fail "cannot tell which repository to download from; set the repository input"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# Downloads the binary and its SHA256SUMS, checks the digest, and prints the binary's path.
download() {
  local asset repo version base dir
  asset="$(asset_name)" || exit 1
  repo="$(release_repository)" || exit 1
  version="${ACTION_VERSION:-latest}"
  if [ "$version" = latest ]; then
    base="https://github.com/$repo/releases/latest/download"
  else
    base="https://github.com/$repo/releases/download/v${version#v}"
  fi
  dir="$WORK_DIR/bin"
  mkdir -p "$dir"
  echo "Downloading $base/$asset" >&2
  curl -fsSL --retry 3 -o "$dir/$asset" "$base/$asset" || fail "cannot download $base/$asset"
  curl -fsSL --retry 3 -o "$dir/SHA256SUMS" "$base/SHA256SUMS" || fail "cannot download $base/SHA256SUMS"
  local expected
  expected="$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$dir/SHA256SUMS")"
  [ -n "$expected" ] || fail "SHA256SUMS has no entry for $asset"
  [ "$(sha256_of "$dir/$asset")" = "$expected" ] || fail "$asset does not match its SHA-256 in SHA256SUMS"
  chmod +x "$dir/$asset"
  echo "$dir/$asset"
}

# Splits ACTION_ARGS like a shell would (quotes respected) without evaluating anything.
split_args() {
  EXTRA_ARGS=()
  local args="${ACTION_ARGS:-}"
  [ -n "${args//[[:space:]]/}" ] || return 0
  printf '%s' "$ACTION_ARGS" | xargs printf '%s\0' >"$WORK_DIR/args" ||
    fail "cannot split the args input (an unmatched quote?): $ACTION_ARGS"
  local arg
  while IFS= read -r -d '' arg; do EXTRA_ARGS+=("$arg"); done <"$WORK_DIR/args"
}

# --users FILE: the input when it names a file, else the inline YAML written to a file.
users_args() {
  USERS_ARGS=()
  [ -n "${ACTION_USERS:-}" ] || return 0
  if [ -f "$ACTION_USERS" ]; then
    USERS_ARGS=(--users "$ACTION_USERS")
  else
    printf '%s\n' "$ACTION_USERS" >"$WORK_DIR/users.yaml"
    USERS_ARGS=(--users "$WORK_DIR/users.yaml")
  fi
}

# The value of one row of the start-up banner (`  issuer      http://…`).
banner_value() {
  awk -v key="$1" '$1 == key { print $2; exit }' "$LOG_FILE"
}

# --tls and a CA directory of the job's own when ACTION_TLS is true.
tls_args() {
  TLS_ARGS=()
  HEALTH_ARGS=()
  case "${ACTION_TLS:-false}" in
    true | TRUE | True | 1 | yes) ;;
    false | FALSE | False | 0 | no | "") return 0 ;;
    *) fail "the tls input must be true or false, got: $ACTION_TLS" ;;
  esac
  CA_DIR="$WORK_DIR/ca"
  TLS_ARGS=(--tls --tls-ca-dir "$(native_path "$CA_DIR")")
  HEALTH_ARGS=(--tls-ca-dir "$(native_path "$CA_DIR")")
}

# Waits for the banner, then for /health to answer 200; fails early if the process exits.
wait_ready() {
  local deadline=$((SECONDS + ${ACTION_TIMEOUT:-60})) listening=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$PID" 2>/dev/null || { cat "$LOG_FILE" >&2; fail "Gatehouse exited before it was ready"; }
    [ -n "$listening" ] || listening="$(banner_value listening)"
    if [ -n "$listening" ]; then
      HEALTH_URL="$(printf '%s' "$listening" | sed -e 's#//0\.0\.0\.0:#//127.0.0.1:#' -e 's#//\[::\]:#//127.0.0.1:#')/health"
      if "$BINARY" healthcheck --url "$HEALTH_URL" ${HEALTH_ARGS[@]+"${HEALTH_ARGS[@]}"} >/dev/null 2>&1; then
        URL="$listening"
        return 0
      fi
    fi
    sleep 0.25
  done
  cat "$LOG_FILE" >&2
  fail "Gatehouse was not healthy after ${ACTION_TIMEOUT:-60}s"
}

# Windows paths for Windows programs (Git Bash uses /d/a/_temp); unchanged elsewhere.
native_path() {
  if command -v cygpath >/dev/null; then cygpath -w "$1"; else echo "$1"; fi
}

temp_root() {
  local dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
  if command -v cygpath >/dev/null; then cygpath -u "$dir"; else echo "${dir%/}"; fi
}

output() {
  echo "$1=$2"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

main() {
  WORK_DIR="$(mktemp -d "$(temp_root)/gatehouse.XXXXXX")"
  BINARY="${GATEHOUSE_BINARY:-}"
  [ -n "$BINARY" ] || BINARY="$(download)" || exit 1
  if command -v cygpath >/dev/null; then BINARY="$(cygpath -u "$BINARY")"; fi
  split_args
  users_args
  tls_args
  LOG_FILE="$WORK_DIR/gatehouse.log"
  # Created here, not by the background job's redirection, which may not have run yet.
  : >"$LOG_FILE"
  "$BINARY" --port "${ACTION_PORT:-9400}" ${USERS_ARGS[@]+"${USERS_ARGS[@]}"} \
    ${TLS_ARGS[@]+"${TLS_ARGS[@]}"} ${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"} </dev/null >"$LOG_FILE" 2>&1 &
  PID=$!
  wait_ready
  sed -n '1,/^  redeem /p' "$LOG_FILE"
  output issuer "$(banner_value issuer)"
  output discovery-url "$(banner_value discovery)"
  output url "$URL"
  output pid "$PID"
  output log-file "$(native_path "$LOG_FILE")"
  if [ -n "${CA_DIR:-}" ]; then output ca-path "$(native_path "$CA_DIR/gatehouse-ca.pem")"; fi
}

# Sourcing the script (tests do) defines the functions without starting anything.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
