#!/bin/sh
# The project's test suite: run each server/client pair for real and compare what both programs
# print with the expected transcripts in scripts/expected/ (the Python originals' output).
#
# usage: sh scripts/check.sh [--windows | --syscalls [--side-by-side]] [--bless] [--host-network]
#
#   sh scripts/check.sh              8 cases: for TCP and for UDP, Rust server + Rust client, and
#                                    the 3 pairings with a Python original (Python server + Rust
#                                    client, Rust server + Python client, Python + Python), which
#                                    are skipped unless PYTHON_REFERENCE is set
#   PYTHON_REFERENCE=DIR sh scripts/check.sh
#                                    DIR holds the article's four scripts (tcp_server.py,
#                                    tcp_client.py, udp_server.py, udp_client.py), run with python3:
#                                    each original's output is compared too
#   sh scripts/check.sh --windows    6 cases: the programs built for Windows (x86_64-pc-windows-gnu,
#                                    Debian's packaged toolchain) and run under wine, alone and with
#                                    the Python originals, which stay Linux programs
#   sh scripts/check.sh --syscalls   8 cases, instead of the plain ones (Linux only, needs strace):
#                                    for each protocol, the Python server traced with the Rust
#                                    client, the Rust server traced, the Rust server with the Python
#                                    client traced, the Rust client traced. The traced program's
#                                    socket calls, as scripts/syscalls.awk reads them, are compared
#                                    with scripts/expected/PROGRAM.syscalls (the Python original's);
#                                    the only differences accepted are the ones listed, each with
#                                    its reason, in the function imposed in scripts/syscalls.awk
#   --side-by-side                   with --syscalls: then print, for each of the four programs, its
#                                    calls beside its original's (from the transcript, or traced now
#                                    when PYTHON_REFERENCE is set), with the reason for each
#                                    difference. The exit status is the same as without it
#   --bless                          after an intended change, rewrite the transcripts: the stdout
#                                    ones from the Rust pairs; with --syscalls, the .syscalls ones
#                                    from the Python originals (PYTHON_REFERENCE needed). Then run
#                                    every case against them: with PYTHON_REFERENCE, the cases in
#                                    which a Python original stands in for the changed program then
#                                    fail, by design
#   --host-network                   run the cases on the machine's own network, where the programs
#                                    run by cargo run are: ports 8080 and 9090 must be free there
#   -h, --help                       this text
#
# The cases run in a network of their own (Linux: unshare -rn, then ip link set lo up; no root
# needed): another program on 8080 or 9090, a connection in TIME_WAIT, or a second check at the
# same moment are not in their way, and they leave none behind. Only the network differs there:
# /etc/hosts and the resolver are the machine's. Where no such network can be had (another system,
# no unshare or ip, user namespaces forbidden), a line "note ..." says why and the cases run on the
# machine's network, as with --host-network.
#
# Each case prints one line: ok, FAIL (then what went wrong) or skip (and why). The last line is
# "N passed, M failed", with ", K skipped" when cases were skipped. Exit status: 0 when no case
# failed, 1 when one did, 2 for a wrong option, options that do not go together, or a wrong
# PYTHON_REFERENCE; 130, 143 or 129 when interrupted, 141 when the reader of the output went away
# (sh scripts/check.sh | head).
#
# POSIX sh (dash, busybox sh, bash). Every wait is bounded, nothing started here outlives the
# script, and its temporary folder is removed whatever happens; wine's files of a run go there too.
set -u

bless=0
lane=rust
network=own
side_by_side=0
for arg in "$@"; do
  case $arg in
    --bless) bless=1 ;;
    --windows | --syscalls)
      case $lane in rust | "${arg#--}") ;; *)
        echo "check.sh: --windows and --syscalls do not go together: run one, then the other" >&2
        exit 2
        ;;
      esac
      lane=${arg#--}
      ;;
    --side-by-side) side_by_side=1 ;;
    --host-network) network=host ;;
    -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *)
      echo "check.sh: unknown option '$arg' (sh scripts/check.sh --help lists them)" >&2
      exit 2
      ;;
  esac
done
if [ "$side_by_side" = 1 ] && [ "$lane" != syscalls ]; then
  echo "check.sh: --side-by-side goes with --syscalls: sh scripts/check.sh --syscalls --side-by-side" >&2
  exit 2
fi

# say TEXT: one line of the report. When its reader has gone away, the write fails quietly and
# the PIPE trap below ends the script, cleanup included.
say() {
  printf '%s\n' "$1" 2>/dev/null
}

# A network of our own: run this script again inside a new network namespace (unshare -rn: a user
# namespace that owns it, so no root is needed), with only a loopback interface, brought up first.
# The same files apply there (/etc/hosts, the resolver, the checkout); only the network differs:
# whatever holds 8080 or 9090 on the machine is not in the way, and the TIME_WAIT a run leaves
# goes away with the namespace. Nothing has been started or written yet, so exec loses nothing.
# Where no namespace can be had, the cases run on the machine's network, as --host-network asks.
if [ "$network" = own ] && [ -z "${CHECK_SH_NETNS:-}" ]; then
  why=
  if [ "$(uname -s)" != Linux ]; then
    why="network namespaces are Linux only"
  elif ! command -v unshare >/dev/null 2>&1; then
    why="no unshare command (util-linux)"
  elif ! ip=$(command -v ip || command -v /usr/sbin/ip || command -v /sbin/ip); then
    why="no ip command (iproute2)"
  elif ! why=$(unshare -rn "$ip" link set lo up 2>&1); then
    why="unshare -rn failed: $(printf '%s' "${why:-it said nothing}" | head -n 1)"
  else
    # The same shell again (dash, bash, busybox sh: busybox needs its applet's name).
    shell=$(readlink "/proc/$$/exe") || shell='sh'
    case $shell in */busybox) set -- sh "$0" "$@" ;; *) set -- "$0" "$@" ;; esac
    CHECK_SH_NETNS=1
    export CHECK_SH_NETNS
    # shellcheck disable=SC2016 # $0 and $@ are the inner sh's own
    exec unshare -rn sh -c '"$0" link set lo up && exec "$@"' "$ip" "$shell" "$@"
  fi
  say "note  on the machine's network, so ports 8080 and 9090 must be free: $why"
fi

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
if [ "$lane" = syscalls ] && [ "$bless" = 1 ] && [ -n "$python_skip" ]; then
  echo "check.sh: --syscalls --bless writes the Python originals' calls: set PYTHON_REFERENCE" >&2
  exit 2
fi

# How long one wait may last: ticks of $tick seconds. POSIX sleep takes whole seconds only;
# every sleep met in practice (GNU, busybox, BSD, macOS) takes fractions.
tick=0.01
limit=500 # 500 ticks: a little over 5 s per wait

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check.XXXXXX") || exit 2
mkdir "$tmp/side-by-side" || exit 2
server_pid=
client_pid=
wine_started=
cleanup() {
  stop "$client_pid"
  stop "$server_pid"
  # wine keeps a wineserver (and the services of its prefix) running: end them too.
  [ -z "$wine_started" ] || end_wine
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

# finish PID [TICKS]: wait_exit, then reap PID; its exit status in $status, which stays empty
# when PID was still running (it is then left for stop).
finish() {
  status=
  wait_exit "$@" || return 1
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

# launch LANG PROGRAM: start PROGRAM (tcp-server, ...) written in LANG (rust, windows, python) in
# the background, stdout and stderr into $tmp/PROGRAM.out and $tmp/PROGRAM.err; its pid in
# $launched. When PROGRAM is $traced_program, it runs under strace, which writes its calls into
# $tmp/PROGRAM.strace. strace holds back signals by default: -I 2 lets stop's TERM through, and
# strace then ends PROGRAM too.
launch() {
  program=$2
  case $1 in
    rust) set -- "$target/debug/$program" ;;
    windows) set -- wine "$target/$windows/debug/$program.exe" ;;
    python) set -- "$python" -u -c "$reuse_wrapper" "$python_dir/$(echo "$program" | tr - _).py" ;;
  esac
  [ "$program" != "$traced_program" ] ||
    set -- strace -I 2 -f -qq -s 256 -e trace=network,desc -o "$tmp/$program.strace" "$@"
  "$@" >"$tmp/$program.out" 2>"$tmp/$program.err" </dev/null &
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

# run_case PROTOCOL SERVER_LANG CLIENT_LANG [TRACED], e.g. run_case tcp rust python, or
# run_case tcp python rust server: the Python server under strace, its calls compared too.
run_case() {
  server=$1-server
  client=$1-client
  traced=${4:-}
  traced_program=${traced:+$1-$traced}
  name="$1: $2 server + $3 client"
  [ -z "$traced" ] || name="$name, $traced traced"
  port=8080
  [ "$1" = udp ] && port=9090
  if [ -n "$python_skip" ] && { [ "$2" = python ] || [ "$3" = python ]; }; then
    say "skip  $name ($python_skip)"
    skipped=$((skipped + 1))
    return
  fi
  # The last case's files go; folders stay (wine's, the traces kept for --side-by-side).
  for file in "$tmp"/*; do
    [ -d "$file" ] || rm -f "$file"
  done
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
  # What is compared: each program's stdout, and the traced program's socket calls.
  compared=
  if [ -n "$server_rc" ] && [ -n "$client_rc" ]; then
    for program in "$server" "$client"; do
      [ -s "$tmp/$program.err" ] && note "$program wrote to stderr"
      normalize "$tmp/$program.out" >"$tmp/$program.txt"
      compared="$compared $program.txt"
    done
    if [ -n "$traced" ]; then
      program=$traced_program
      calls_lang=$2
      [ "$traced" = server ] || calls_lang=$3
      awk -v lang="$calls_lang" -f "$root/scripts/syscalls.awk" "$tmp/$program.strace" \
        >"$tmp/$program.syscalls" || note "scripts/syscalls.awk could not read strace's output"
      compared="$compared $program.syscalls"
      # For --side-by-side: every call, as written and as compared, with the reasons.
      [ "$side_by_side" = 0 ] ||
        awk -v lang="$calls_lang" -v annotate=1 -f "$root/scripts/syscalls.awk" \
          "$tmp/$program.strace" >"$tmp/side-by-side/$calls_lang.$program"
      if [ "$bless" = 1 ] && [ "$calls_lang" = python ] && [ -z "$problems" ]; then
        cp "$tmp/$program.syscalls" "$expected/" || note "could not write $expected"
        say "bless $name: scripts/expected/$program.syscalls rewritten"
      fi
    elif [ "$bless" = 1 ] && [ "$2$3" = "$lane$lane" ] && [ -z "$problems" ]; then
      cp "$tmp/$server.txt" "$tmp/$client.txt" "$expected/" || note "could not write $expected"
      say "bless $name: scripts/expected/$server.txt and $client.txt rewritten"
    fi
  fi
  differs=
  for file in $compared; do
    if ! cmp -s "$expected/$file" "$tmp/$file"; then
      case $file in
        *.txt) note "${file%.txt}'s output differs from scripts/expected/$file" ;;
        *) note "${file%.syscalls}'s socket calls differ from scripts/expected/$file" ;;
      esac
      differs="$differs $file"
    fi
  done

  if [ -z "$problems" ]; then
    say "ok    $name"
    passed=$((passed + 1))
    return
  fi
  say "FAIL  $name"
  failed=$((failed + 1))
  printf '%s' "$problems" | sed 's/^/      /'
  for file in $differs; do
    case $file in
      *.txt) what="${file%.txt}'s stdout, its client's port as <port>" ;;
      *) what="${file%.syscalls}'s socket calls, as scripts/syscalls.awk reads them" ;;
    esac
    LC_ALL=C diff -u "$expected/$file" "$tmp/$file" | sed \
      -e "1s|.*|--- scripts/expected/$file|" -e "2s|.*|+++ $what|" -e 's/^/        /'
  done
  for program in "$server" "$client"; do
    if [ -s "$tmp/$program.err" ]; then
      say "      $program's stderr:"
      sed 's/^/        /' "$tmp/$program.err"
    else
      say "      $program's stderr: (empty)"
    fi
  done
  # What to do next. --bless rewrites the stdout transcripts from the Rust pairs (a Python original's
  # output then differs, by design), the .syscalls ones only from the Python originals: it cannot
  # make a Rust program's other calls right.
  if [ -z "$differs" ]; then :
  elif [ "$bless" = 1 ]; then say "      this pair disagrees with the transcripts just rewritten"
  else
    for file in $differs; do
      case $file in
        "$server.txt") output_lang=$2 ;;
        "$client.txt") output_lang=$3 ;;
        *) continue ;;
      esac
      if [ "$output_lang" = python ]; then
        say "      the Python original's output differs from scripts/expected/$file: expected after --bless rewrote it for an intended change; else the transcript or the original changed"
      else
        say "      if the new output is intended: sh scripts/check.sh --bless (see --help)"
      fi
    done
    case $differs in *.syscalls*)
      if [ "$calls_lang" = python ]; then
        say "      if the originals' calls changed (another Python or strace): PYTHON_REFERENCE=DIR sh scripts/check.sh --syscalls --bless"
      else
        say "      make the program's calls its original's again; a difference that std itself imposes belongs, with its reason, in the function imposed in scripts/syscalls.awk"
      fi
      ;;
    esac
  fi
}

# fail_setup WHAT [FILE]: a step before the cases failed; say so, with FILE's text, and stop.
fail_setup() {
  say "FAIL  $1"
  [ -z "${2:-}" ] || sed 's/^/      /' "$2"
  say "0 passed, 1 failed"
  exit 1
}

# end_wine: end the wineserver of $WINEPREFIX and the wine programs it serves, and wait (at most
# 5 s) until it has gone: it removes its folder in $TMPDIR as it goes.
end_wine() {
  wineserver -k 2>/dev/null
  wineserver -w 2>/dev/null &
  finish $! || stop $!
}

# wineboot_in PREFIX: make or update the wine prefix PREFIX, waiting at most 60 s. What wine said
# goes to $tmp/wineboot.log. The pid is kept in server_pid meanwhile, so that cleanup stops it
# after a Ctrl-C too.
wineboot_in() {
  WINEPREFIX=$1
  export WINEPREFIX
  wine wineboot --init >"$tmp/wineboot.log" 2>&1 </dev/null &
  server_pid=$!
  if ! finish "$server_pid" 6000; then
    echo "wineboot did not finish in 60 s" >>"$tmp/wineboot.log"
    stop "$server_pid"
    status=1
  fi
  server_pid=
  [ "$status" = 0 ]
}

# Build once; the cases run the built programs, not cargo run.
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$root/$target ;; esac
if [ "$lane" != windows ]; then
  if [ "$lane" = syscalls ]; then
    [ "$(uname -s)" = Linux ] || fail_setup "syscalls lane: strace runs on Linux only"
    command -v strace >/dev/null 2>&1 ||
      fail_setup "syscalls lane: strace is missing; as root: apt-get install strace"
  fi
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
  # A wine prefix of our own beside the executables, with wine's debug channels off (or it
  # chatters on stderr). wineboot makes it the first time (seconds, about 700 MB) and brings it
  # up to date after a wine upgrade, so that no case meets that and its messages. A new prefix is
  # made under another name and renamed once complete, so an interrupted first run leaves only
  # that, which the next run starts again; a prefix that cannot be brought up to date (an update
  # interrupted, or a prefix broken by an older check.sh) is made anew.
  WINEDEBUG=-all
  # wine's files of a run (its server's socket folder, temporary files) go into our temporary
  # folder, removed at the end, and nothing into HOME: winemenubuilder, which would write menu
  # entries and file associations there, is turned off.
  TMPDIR=$tmp
  WINEDLLOVERRIDES=winemenubuilder.exe=d
  export WINEDEBUG TMPDIR WINEDLLOVERRIDES
  wine_started=1
  prefix=$target/$windows/wineprefix
  if [ -d "$prefix" ] && ! wineboot_in "$prefix"; then
    say "note  wine could not bring $prefix up to date: making it anew"
    end_wine
    rm -rf "$prefix"
  fi
  if [ ! -d "$prefix" ]; then
    rm -rf "$prefix.new"
    wineboot_in "$prefix.new" || {
      echo "what to do: install the packages the README names; see that wine runs at all" \
        "(wine --version); run the check again" >>"$tmp/wineboot.log"
      fail_setup "windows lane: wineboot could not make a wine prefix in $prefix.new; wine said:" \
        "$tmp/wineboot.log"
    }
    # Nothing of wine may run in the prefix while it is renamed.
    end_wine
    mv "$prefix.new" "$prefix" || fail_setup "windows lane: could not rename $prefix.new"
    WINEPREFIX=$prefix
  fi
fi

for protocol in tcp udp; do
  if [ "$lane" = syscalls ]; then
    # The originals first, so that --bless writes the transcripts before the Rust cases read them.
    run_case "$protocol" python rust server
    run_case "$protocol" rust rust server
    run_case "$protocol" rust python client
    run_case "$protocol" rust rust client
    continue
  fi
  run_case "$protocol" "$lane" "$lane"
  run_case "$protocol" python "$lane"
  run_case "$protocol" "$lane" python
  # The two originals together: the transcripts are theirs wherever the check runs (a hosts file
  # of its own, say). For the Windows lane that case would be the same as for the Linux one.
  [ "$lane" = windows ] || run_case "$protocol" python python
done

# --side-by-side: each Rust program's calls beside its original's, traced now or as transcribed.
if [ "$side_by_side" = 1 ]; then
  for program in tcp-server tcp-client udp-server udp-client; do
    say ""
    rust=$tmp/side-by-side/rust.$program
    original=$tmp/side-by-side/python.$program
    left="Python $(echo "$program" | tr - _).py (traced now)"
    if [ ! -f "$original" ]; then
      original=$expected/$program.syscalls
      left="Python $(echo "$program" | tr - _).py (scripts/expected/$program.syscalls)"
    fi
    if [ -f "$rust" ]; then
      LC_ALL=C awk -v left="$left" -v right="Rust $program (traced now)" \
        -f "$root/scripts/side-by-side.awk" "$original" "$rust"
    else
      say "$program: no trace to show (its case above did not run to its end)"
    fi
  done
  say ""
fi

summary="$passed passed, $failed failed"
[ "$skipped" = 0 ] || summary="$summary, $skipped skipped"
say "$summary"
[ "$failed" = 0 ]
