#!/bin/sh
# The project's test suite: run each server/client pair for real and compare what both programs
# print with the expected transcripts in scripts/expected/ (the Python originals' output).
#
#   sh scripts/check.sh              the Rust pairs; cross-language cases skipped
#   PYTHON_REFERENCE=DIR sh scripts/check.sh
#                                    also Python server + Rust client and Rust server + Python
#                                    client, with the article's four scripts (tcp_server.py,
#                                    tcp_client.py, udp_server.py, udp_client.py): each original's
#                                    output is compared with its transcript too
#   sh scripts/check.sh --bless      rewrite the transcripts from the Rust pairs' output (for an
#                                    intended change), then run every case against them
#   sh scripts/check.sh --windows    the same cases with the programs built for Windows
#                                    (x86_64-pc-windows-gnu, Debian's packaged toolchain) and run
#                                    under wine; the Python originals stay Linux programs
#
# POSIX sh (dash, busybox sh, bash). Every wait is bounded, nothing started here outlives the
# script, and the temporary folder is removed whatever happens.
set -u

usage="usage: sh scripts/check.sh [--bless] [--windows]"
bless=0
lane=rust
for arg in "$@"; do
  case $arg in
    --bless) bless=1 ;;
    --windows) lane=windows ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) echo "check.sh: unknown option '$arg'" >&2; echo "$usage" >&2; exit 2 ;;
  esac
done

# The checkout's root, whatever the working directory and whatever its path holds (spaces too).
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
expected=$root/scripts/expected

# PYTHON_REFERENCE may be relative to the caller's directory: make it absolute before moving.
python_dir=
python_skip="PYTHON_REFERENCE not set"
if [ -n "${PYTHON_REFERENCE:-}" ]; then
  python_dir=$(cd "$PYTHON_REFERENCE" 2>/dev/null && pwd) || {
    echo "check.sh: PYTHON_REFERENCE=$PYTHON_REFERENCE is not a folder" >&2; exit 2; }
  for f in tcp_server tcp_client udp_server udp_client; do
    [ -f "$python_dir/$f.py" ] || {
      echo "check.sh: PYTHON_REFERENCE=$PYTHON_REFERENCE has no $f.py" >&2; exit 2; }
  done
  # Ask python3 for its real path once: a launcher such as pyenv's shim costs 0.1 s a start.
  if python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -n "$python" ]; then
    python_skip=
  else
    python_skip="no python3"
  fi
fi

# How long one wait may last: ticks of $tick seconds. POSIX sleep takes whole seconds only;
# every sleep met in practice (GNU, busybox, BSD, macOS) takes fractions.
tick=0.01
limit=500 # 500 ticks: a little over 5 s per wait

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check.XXXXXX") || exit 2
server_pid=
client_pid=
wine_started=
cleanup() {
  stop "$client_pid"
  stop "$server_pid"
  # wine keeps a wineserver (and the services of its prefix) running: end them too.
  [ -z "$wine_started" ] || wineserver -k 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE # the reader of our output went away (sh scripts/check.sh | head)

# stop PID: end a program we started (TERM, then KILL if it lingers 1 s) and reap it.
stop() {
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null
  wait_exit "$1" 100 || kill -9 "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

# wait_line PID FILE: until FILE holds a whole line (0); PID exited first (1); out of time (2).
wait_line() {
  n=0
  while [ "$n" -lt "$limit" ]; do
    [ "$(wc -l <"$2")" -ge 1 ] && return 0
    kill -0 "$1" 2>/dev/null || { [ "$(wc -l <"$2")" -ge 1 ] && return 0; return 1; }
    sleep "$tick"
    n=$((n + 1))
  done
  return 2
}

# wait_exit PID [TICKS]: until PID has exited (0) or TICKS (default $limit) are up (1).
wait_exit() {
  n=0
  while kill -0 "$1" 2>/dev/null; do
    [ "$n" -lt "${2:-$limit}" ] || return 1
    sleep "$tick"
    n=$((n + 1))
  done
}

# finish PID: wait_exit, then reap PID; its exit status in $status, which stays empty when PID
# was still running (it is then left for stop).
finish() {
  status=
  wait_exit "$1" || return 1
  wait "$1"
  status=$?
}

# The Python TCP server sets no SO_REUSEADDR, so after it ran, 8080 could not be bound again
# for about a minute (TIME_WAIT). Run each original unchanged, with SO_REUSEADDR added to the
# TCP sockets it binds, so that neither the next case nor the next run meets that.
reuse_wrapper='import runpy, socket, sys
class Socket(socket.socket):
    def bind(self, address):
        if self.type == socket.SOCK_STREAM:
            self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        return super().bind(address)
socket.socket = Socket
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")'

# launch LANG PROGRAM: start PROGRAM (tcp-server, ...) written in LANG (rust, python) in the
# background, stdout and stderr into $tmp/PROGRAM.out and $tmp/PROGRAM.err; its pid in $launched.
launch() {
  case $1 in
    rust) set -- "$2" "$target/debug/$2" ;;
    windows) set -- "$2" wine "$target/$windows/debug/$2.exe" ;;
    python) set -- "$2" "$python" -u -c "$reuse_wrapper" "$python_dir/$(echo "$2" | tr - _).py" ;;
  esac
  out=$tmp/$1
  shift
  "$@" >"$out.out" 2>"$out.err" </dev/null &
  launched=$!
}

# Only the client's port changes from run to run (the system picks it): replace it with <port>
# in the server's lines about its client, and nothing else. The expected files stay literal.
normalize() {
  LC_ALL=C sed "s/客户端 ('127\.0\.0\.1', [1-9][0-9]*)/客户端 ('127.0.0.1', <port>)/" "$1"
}

# note TEXT: record why the current case failed.
note() {
  problems="$problems$1
"
}

passed=0
failed=0
skipped=0

# run_case PROTOCOL SERVER_LANG CLIENT_LANG, e.g. run_case tcp rust python
run_case() {
  server=$1-server
  client=$1-client
  name="$1: $2 server + $3 client"
  port=8080
  [ "$1" = udp ] && port=9090
  if [ -n "$python_skip" ] && { [ "$2" = python ] || [ "$3" = python ]; }; then
    echo "skip  $name ($python_skip)"
    skipped=$((skipped + 1))
    return
  fi
  rm -f "$tmp"/*
  for program in "$server" "$client"; do
    : >"$tmp/$program.out"
    : >"$tmp/$program.err"
  done
  problems=
  server_rc=
  client_rc=

  launch "$2" "$server"
  server_pid=$launched
  wait_line "$server_pid" "$tmp/$server.out"
  case $? in
    1) note "the server exited before printing its first line (is port $port free?)" ;;
    2) note "the server printed no line within 5 s" ;;
  esac
  if [ -z "$problems" ]; then
    launch "$3" "$client"
    client_pid=$launched
    finish "$client_pid" || note "the client was still running after 5 s: stopped"
    client_rc=$status
  fi
  if [ -z "$problems" ]; then
    finish "$server_pid" || note "the server was still running 5 s after the client ended: stopped"
    server_rc=$status
  fi
  # finish reaped the programs that exited; stop the rest (never a pid already reaped).
  [ -n "$client_rc" ] || stop "$client_pid"
  [ -n "$server_rc" ] || stop "$server_pid"
  client_pid=
  server_pid=

  [ -z "$server_rc" ] || [ "$server_rc" = 0 ] || note "$server exited with status $server_rc"
  [ -z "$client_rc" ] || [ "$client_rc" = 0 ] || note "$client exited with status $client_rc"
  # Compare only a pair that ran to its end: the notes say enough about one stopped part-way.
  differs=
  if [ -n "$server_rc" ] && [ -n "$client_rc" ]; then
    for program in "$server" "$client"; do
      [ -s "$tmp/$program.err" ] && note "$program wrote to stderr"
      normalize "$tmp/$program.out" >"$tmp/$program.txt"
    done
    if [ "$bless" = 1 ] && [ "$2$3" = "$lane$lane" ] && [ -z "$problems" ]; then
      cp "$tmp/$server.txt" "$tmp/$client.txt" "$expected/" || note "could not write $expected"
      echo "bless $name: scripts/expected/$server.txt and $client.txt rewritten"
    fi
    for program in "$server" "$client"; do
      if ! cmp -s "$expected/$program.txt" "$tmp/$program.txt"; then
        note "$program's output differs from scripts/expected/$program.txt"
        differs="$differs $program"
      fi
    done
  fi

  if [ -z "$problems" ]; then
    echo "ok    $name"
    passed=$((passed + 1))
    return
  fi
  echo "FAIL  $name"
  failed=$((failed + 1))
  printf '%s' "$problems" | sed 's/^/      /'
  for program in $differs; do
    LC_ALL=C diff -u "$expected/$program.txt" "$tmp/$program.txt" | sed \
      -e "1s|.*|--- scripts/expected/$program.txt|" \
      -e "2s|.*|+++ $program's stdout, its client's port as <port>|" -e 's/^/        /'
  done
  for program in "$server" "$client"; do
    if [ -s "$tmp/$program.err" ]; then
      echo "      $program's stderr:"
      sed 's/^/        /' "$tmp/$program.err"
    fi
  done
  if [ -z "$differs" ]; then :
  elif [ "$bless" = 1 ]; then echo "      this pair disagrees with the transcripts just rewritten from the Rust pairs"
  else echo "      if the new output is intended: sh scripts/check.sh --bless"
  fi
}

# fail_setup WHAT: a step before the cases failed; say so and stop.
fail_setup() {
  echo "FAIL  $1"
  echo "0 passed, 1 failed"
  exit 1
}

# Build once; the cases run the built programs, not cargo run.
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$root/$target ;; esac
if [ "$lane" = rust ]; then
  (cd "$root" && cargo build --workspace --locked --quiet) ||
    fail_setup "build: cargo build --workspace --locked"
else
  # Debian 12's packages: std for Windows that matches its rustc 1.63, the MinGW linker, wine.
  windows=x86_64-pc-windows-gnu
  missing=
  [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || missing="$missing cargo"
  [ -d /usr/lib/rustlib/$windows/lib ] || missing="$missing libstd-rust-dev-windows"
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing="$missing gcc-mingw-w64-x86-64"
  command -v wine >/dev/null 2>&1 && command -v wineserver >/dev/null 2>&1 ||
    missing="$missing wine wine64"
  [ -z "$missing" ] || fail_setup "windows lane: missing tools; as root: apt-get install$missing"
  (cd "$root" && RUSTC=/usr/bin/rustc CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    /usr/bin/cargo build --workspace --locked --quiet --target $windows) ||
    fail_setup "build: /usr/bin/cargo build --workspace --locked --target $windows"
  # A prefix of our own beside the executables; wine's debug channels off, or it chatters on
  # stderr. wineboot makes the prefix the first time (seconds) and brings it up to date after a
  # wine upgrade, so that no case meets that and its messages. Its wineserver is ended in cleanup.
  WINEPREFIX=$target/$windows/wineprefix
  WINEDEBUG=-all
  export WINEPREFIX WINEDEBUG
  wine_started=1
  # Kept in server_pid for the minute it may take, so that cleanup stops it after a Ctrl-C too.
  wine wineboot --init >"$tmp/wineboot.log" 2>&1 </dev/null &
  server_pid=$!
  wait_exit "$server_pid" 6000 ||
    fail_setup "windows lane: wineboot did not finish in 60 s ($WINEPREFIX)"
  wait "$server_pid" || {
    sed 's/^/      /' "$tmp/wineboot.log"
    fail_setup "windows lane: wineboot could not make or update $WINEPREFIX"
  }
  server_pid=
fi

for protocol in tcp udp; do
  run_case "$protocol" "$lane" "$lane"
  run_case "$protocol" python "$lane"
  run_case "$protocol" "$lane" python
done

summary="$passed passed, $failed failed"
[ "$skipped" = 0 ] || summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" = 0 ]
