#!/bin/sh
# The project's test suite: run each server/client pair for real and compare what both programs
# print with the expected transcripts in scripts/expected/ (the Python originals' output).
#
# usage: sh scripts/check.sh [--windows | --syscalls | --packets | --unreliable] [--side-by-side]
#                            [--bless] [--host-network]
#
#   sh scripts/check.sh              8 cases: for TCP and for UDP, Rust server + Rust client, and
#                                    the 3 pairings with a Python original (Python server + Rust
#                                    client, Rust server + Python client, Python + Python), which
#                                    are skipped unless PYTHON_REFERENCE is set
#   PYTHON_REFERENCE=DIR sh scripts/check.sh
#                                    DIR holds the article's four scripts (tcp_server.py,
#                                    tcp_client.py, udp_server.py, udp_client.py), run with python3
#                                    as a student runs them (their own folder first on sys.path):
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
#   sh scripts/check.sh --packets    the 8 plain cases, every packet on the case's loopback captured
#                                    with tcpdump (Linux only, needs tcpdump and a network of the
#                                    check's own) and compared, as scripts/packets.awk lists them,
#                                    with scripts/expected/tcp.packets or udp.packets (the Python
#                                    originals' packets); the races it accepts are listed, each
#                                    with its reason, in scripts/packets.awk
#   sh scripts/check.sh --unreliable 7 scenarios (Linux only, needs tcpdump, nft from nftables and a
#                                    network of the check's own), each with the Rust pair and, with
#                                    PYTHON_REFERENCE, the 3 pairings with originals: one chosen
#                                    packet is lost or copied (scenarios= in scripts/check.sh). What
#                                    both programs print, how each ends (a program still waiting
#                                    after its wait is stopped: "waiting") and the packets
#                                    are compared with scripts/expected/unreliable/SCENARIO.txt
#   --side-by-side                   with --syscalls: then print, for each of the four programs, its
#                                    calls beside its original's (from the transcript, or traced now
#                                    when PYTHON_REFERENCE is set), with the reason for each
#                                    difference. With --packets: then draw the packets of the Rust
#                                    pairs, and of the originals' pairs when PYTHON_REFERENCE is
#                                    set, as sequence diagrams. With --unreliable: then draw each
#                                    scenario the Rust pair went through, its lost, copied and
#                                    resent packets marked. The exit status is as without it
#   --bless                          after an intended change, rewrite the transcripts: the stdout
#                                    ones from the Rust pairs; with --syscalls, --packets or
#                                    --unreliable, theirs from the Python originals
#                                    (PYTHON_REFERENCE needed). Then run every case against them:
#                                    with PYTHON_REFERENCE, the cases in which a Python original
#                                    stands in for the changed program then fail, by design
#   --host-network                   run the cases on the machine's own network, where the programs
#                                    run by cargo run are: ports 8080 and 9090 must be free there
#                                    (not with --packets or --unreliable, which never capture there,
#                                    nor --bless)
#   -h, --help                       this text
#
# Each case runs in a network of its own (Linux: a new network namespace with only a loopback
# interface, brought up with ip), made for it and gone with it: another program on 8080 or 9090,
# a connection in TIME_WAIT, or a second check are not in its way. There the check decides what
# the system would choose: every client's port is 50000 (net.ipv4.ip_local_port_range), so the
# transcripts hold it as it is, and a program that prints or uses another port fails; TCP's
# buffer sizes, which set the window, are fixed values. Only the network differs. The
# caller stays who they are: root stays root (unshare -n); anyone else keeps their user and group
# id (unshare --user --map-user --map-group, util-linux 2.38 or newer; their other groups still
# count, though id shows them as nogroup) and, once the loopback is up and the settings made, no
# capability at all (setpriv); with --packets and --unreliable one, net_raw, which tcpdump needs
# (a scenario's nftables rule is set before). uid 0 of a user namespace is as root, but with
# --packets and --unreliable the user it stands for (nobody for root): tcpdump cannot change user
# there. Files, HOME, /etc/hosts and the resolver are as outside. Where no such network can be had
# (another system, no unshare, ip or setpriv, an unshare too old, user namespaces forbidden), a
# line "note ..." says why and the cases run on the machine's network, as with --host-network;
# --packets and --unreliable then fail instead. On the machine's network the client's port is
# the system's choice: it is read from the server's first line, must be in the system's range for
# such ports, and must be the same in every other place.
#
# It builds with cargo build and runs copies, made at once, of exactly the executables that build
# reports, wherever cargo's configuration puts them (CARGO_TARGET_DIR, CARGO_BUILD_TARGET_DIR,
# [build] target-dir or target in a config file, CARGO_BUILD_TARGET); --windows builds with
# /usr/bin/cargo and --target x86_64-pc-windows-gnu, and keeps its wine prefix beside them.
#
# Each case prints one line: ok, FAIL (then what went wrong) or skip (and why). The last line is
# "N passed, M failed", with ", K skipped" when cases were skipped. Exit status:
#   0    no case failed
#   1    a case failed, or a step before the cases did (temporary folder, python3, tools, build,
#        wine prefix): a FAIL line says which
#   2    a wrong option, options that do not go together, or a wrong PYTHON_REFERENCE
#   129, 130, 131, 143   ended by HUP, INT (Ctrl-C), QUIT (Ctrl-\) or TERM
#   141  the reader of the output went away (sh scripts/check.sh | head), SIGPIPE ignored or not
#
# POSIX sh (dash, busybox sh, bash). Every wait is bounded. However the check ends, whatever it
# started has ended (each program runs in a session of its own, ended as a whole; wine's processes
# too) and its temporary folder is gone; wine's files of a run go there too. No core files.
set -u
# shellcheck disable=SC3045 # dash, bash and busybox sh have it
ulimit -c 0 2>/dev/null
# One case, inside its own network: sh check.sh --case PROTOCOL SERVER CLIENT TRACED SCENARIO,
# started by this script itself (one_case below), with the run's settings in CHECK_SH_* variables.
inner=
if [ "${1:-}" = --case ]; then
  inner="$2 $3 $4 $5 $6"
  # shellcheck disable=SC2086 # the words of the check's own options
  set -- ${CHECK_SH_OPTIONS:-}
else
  # What the caller's environment must not change: cd printing folders (CDPATH), a second
  # start-up file when bash runs this again (BASH_ENV, ENV), wine's own settings (set below), and
  # this script's own settings for its cases.
  unset CDPATH BASH_ENV ENV
  for var in $(env | sed -n -e 's/^\(WINE[A-Za-z0-9_]*\)=.*/\1/p' \
    -e 's/^\(CHECK_SH_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done
  # A closed stderr: make it /dev/null, so that the tools run here still have one. (Testing with
  # a redirection would open fd 2 for the test itself.)
  [ ! -d /dev/fd ] || [ -e /dev/fd/2 ] || exec 2>/dev/null
fi

bless=0
lane=rust
network=own
side_by_side=0
for arg in "$@"; do
  case $arg in
    --bless) bless=1 ;;
    --windows | --syscalls | --packets | --unreliable)
      case $lane in rust | "${arg#--}") ;; *)
        echo "check.sh: --$lane and $arg do not go together: run one, then the other" >&2
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
options="$*"
case $side_by_side$lane in 1syscalls | 1packets | 1unreliable | 0*) ;; *)
  echo "check.sh: --side-by-side goes with --syscalls, --packets or --unreliable:" \
    "sh scripts/check.sh --syscalls --side-by-side" >&2
  exit 2
  ;;
esac
case $network$lane$bless in hostpackets* | hostunreliable*)
  echo "check.sh: --$lane captures only in the check's own network: drop --host-network" >&2
  exit 2
  ;;
host*1)
  echo "check.sh: --bless writes transcripts only from the check's own network, where the" \
    "client's port is pinned: drop --host-network" >&2
  exit 2
  ;;
esac

# say TEXT: one line of the report. When its reader has gone away, end as SIGPIPE would (141),
# even when the caller ignores SIGPIPE (a shell cannot trap a signal ignored on entry).
say() {
  printf '%s\n' "$1" 2>/dev/null || exit 141
}

# fail_setup WHAT [FILE]: a step before the cases failed; say so, with FILE's text (its first 10
# lines), and stop.
fail_setup() {
  say "FAIL  $1"
  [ -z "${2:-}" ] || sed -e '11{s/.*/      ... and more/;q;}' -e 's/^/      /' "$2"
  say "0 passed, 1 failed"
  exit 1
}

# The checkout's root, whatever the working directory and whatever its path holds (spaces too).
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
expected=$root/scripts/expected
# The client's port in the check's own network: every case sets the system's range for such
# ports to this one port.
pinned=50000

# --unreliable: the scenarios, one a line: NAME|WHERE|LOST|WAIT|MATCH. In each, the check's
# network loses (WHERE input: an nftables rule in the input hook drops it, silently) or copies
# (WHERE ingress: a rule on lo's ingress duplicates it) the first packet that matches MATCH (nft
# syntax), and only that one. LOST is that packet as scripts/packets.awk marks it lost
# (DIRECTION,FLAG). WAIT is how long, in seconds, the client may take before the check records
# it as waiting and stops it: TCP's kernel resends a lost SYN after 1 s; a UDP client that is
# sent no reply waits for ever, and a client that gives up sooner than 1 s must be seen to.
scenarios='tcp-syn-lost|input|client,SYN|3|tcp dport 8080 tcp flags & (syn | ack) == syn
tcp-data-lost|input|client,PSH|3|tcp dport 8080 tcp flags & psh == psh
tcp-reply-lost|input|server,PSH|3|tcp sport 8080 tcp flags & psh == psh
tcp-data-copied|ingress||3|tcp dport 8080 tcp flags & psh == psh
udp-first-lost|input|client,UDP|1|udp dport 9090
udp-reply-lost|input|server,UDP|1|udp sport 9090
udp-first-copied|ingress||1|udp dport 9090'
# scenario NAME: its fields in where, lost, wait and match; in article, what the article's
# section 2.2 says of it.
scenario() {
  IFS='|' read -r _ where lost wait match <<EOF
$(printf '%s\n' "$scenarios" | grep "^$1|")
EOF
  case $1 in
    tcp-*-lost) article="article 2.2: TCP is reliable: the kernel sends a lost packet again" ;;
    tcp-*) article="article 2.2: TCP is reliable: nothing arrives twice, the copy is dropped" ;;
    udp-*-lost) article="article 2.2: UDP is not: data may be lost, and nobody sends it again" ;;
    *) article="article 2.2: UDP is not: a datagram may arrive twice, and each is answered" ;;
  esac
}

# How long one wait may last: ticks of $tick seconds. POSIX sleep takes whole seconds only;
# every sleep met in practice (GNU, busybox, BSD, macOS) takes fractions.
tick=0.01
limit=500 # 500 ticks: a little over 5 s per wait

# sweep: kill every process still marked with this run's CHECK_SH_RUN (Linux: /proc), this shell
# excepted: what a program left behind in a session of its own, such as wine's services.
sweep() {
  [ -d /proc/self ] || return 0
  for proc in /proc/[0-9]*; do
    [ "${proc#/proc/}" != "$$" ] || continue
    tr '\0' '\n' 2>/dev/null <"$proc/environ" | grep -qxF "CHECK_SH_RUN=$tmp" &&
      kill -9 "${proc#/proc/}" 2>/dev/null
  done
  return 0
}

# stop PID: end a program we started, with everything in its session (TERM, then KILL if it
# lingers 1 s), and reap it.
stop() {
  [ -n "$1" ] || return 0
  kill -TERM "-$1" 2>/dev/null || kill "$1" 2>/dev/null
  wait_exit "$1" 100 || kill -9 "$1" 2>/dev/null
  kill -9 "-$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

# wait_line PID FILE: until FILE holds a whole line (0); PID exited first (1); out of time (2).
wait_line() {
  n=0
  while [ "$n" -lt "$limit" ]; do
    has_line "$2" && return 0
    kill -0 "$1" 2>/dev/null || { has_line "$2"; return; }
    sleep "$tick"
    n=$((n + 1))
  done
  return 2
}
has_line() {
  case $(wc -l 2>/dev/null <"$1") in *[1-9]*) ;; *) return 1 ;; esac
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

# end_wine: end the wineserver of $WINEPREFIX and the wine programs it serves, and wait (at most
# 5 s) until it has gone: it removes its folder in $TMPDIR as it goes.
end_wine() {
  wineserver -k 2>/dev/null
  wineserver -w 2>/dev/null &
  finish $! || stop $!
}

# One cleanup for every ending: the traps are set before anything exists that needs them.
tmp=
lock=
server_pid=
client_pid=
capture_pid=
case_pid=
wine_started=
cleanup() {
  # A second signal must not cut the cleanup short.
  trap '' INT TERM HUP QUIT PIPE
  stop "$case_pid"
  stop "$client_pid"
  stop "$server_pid"
  stop "$capture_pid"
  # wine keeps a wineserver (and the services of its prefix) running: end them too.
  [ -z "$wine_started" ] || end_wine
  [ -n "$inner" ] || {
    [ -z "$lock" ] || [ "$(readlink "$lock" 2>/dev/null)" != "$$" ] || rm -f "$lock"
    [ -z "$tmp" ] || [ ! -d "$tmp" ] || { sweep; rm -rf "$tmp"; }
  }
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 131' QUIT
trap 'exit 141' PIPE # the reader of our output went away (sh scripts/check.sh | head)

# Each program runs in a session of its own (setsid), so that stop ends it with all it started
# (strace's traced program, say), and a Ctrl-C to the check's process group reaches the check,
# which then ends them all, rather than some of them.
session=
command -v setsid >/dev/null 2>&1 && session=setsid

# Each original runs unchanged, as a student runs it (python3 FILE: its own folder first on
# sys.path, never the folder the check was started from), but for python3 -u, so that what it
# prints reaches its file at once, whenever the check reads it. On the machine's network only,
# this wrapper adds SO_REUSEADDR to the TCP sockets it binds: the Python TCP server sets none, so
# after it ran there 8080 could not be bound again for about a minute (TIME_WAIT), and the next
# case or run would meet that. A case's own network is new, with no TIME_WAIT in it.
reuse_wrapper='import sys
sys.argv = sys.argv[1:]
sys.path[0] = sys.argv.pop(0)
import runpy, socket
class Socket(socket.socket):
    def bind(self, address):
        if self.type == socket.SOCK_STREAM:
            self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        return super().bind(address)
socket.socket = Socket
runpy.run_path(sys.argv[0], run_name="__main__")'

# launch LANG PROGRAM: start PROGRAM (tcp-server, ...) written in LANG (rust, windows, python) in
# the background, stdout and stderr into $work/PROGRAM.out and $work/PROGRAM.err; its pid in
# $launched. When PROGRAM is $traced_program, it runs under strace, which writes its calls into
# $work/PROGRAM.strace. strace holds back signals by default: -I 2 lets stop's TERM through.
launch() {
  program=$2
  case $1 in
    rust | windows)
      # shellcheck disable=SC2086 # $wine: nothing, or wine
      set -- $wine "$tmp/bin/$program$exe"
      ;;
    python)
      set -- "$python_dir/$(echo "$program" | tr - _).py"
      [ "$network" = own ] || set -- -c "$reuse_wrapper" "$python_dir" "$1"
      set -- "$python" -u "$@"
      ;;
  esac
  [ "$program" != "$traced_program" ] ||
    set -- strace -I 2 -f -qq -s 256 -e trace=network,desc -o "$work/$program.strace" "$@"
  $session "$@" >"$work/$program.out" 2>"$work/$program.err" </dev/null &
  launched=$!
}

# note TEXT: record why the current case failed.
note() {
  problems="$problems$1
"
}

# bless FILE...: copy the files from this case into scripts/expected/, and say so once done.
bless() {
  files=$(printf 'scripts/expected/%s and ' "$@")
  files=${files% and }
  if (cd "$work" && for file; do cp "$file" "$expected/$file" || exit; done) 2>"$work/bless.err"
  then
    say "bless $name: $files rewritten"
  else
    note "could not rewrite $files: $(head -n 1 "$work/bless.err")"
    : >"$tmp/bless.failed"
  fi
}

# capture_start / capture_end: with --packets, tcpdump captures every packet on the case's
# loopback into $work/capture: -x, each packet as hex, which scripts/packets.awk decodes;
# --immediate-mode, each packet handed over at once (else they wait in a kernel buffer for about
# a second, and a capture ended sooner loses them); -l, each line written at once. tcpdump starts
# and answers within milliseconds, so these waits look every 2 ms (1000 looks: 2 to 5 s).
capture_start() {
  $session tcpdump -i lo -n -l -tt -x --immediate-mode \
    >"$work/capture" 2>"$work/capture.err" </dev/null &
  capture_pid=$!
  n=0
  until grep -q '^listening on' "$work/capture.err" 2>/dev/null; do
    if ! kill -0 "$capture_pid" 2>/dev/null || [ "$n" -ge 1000 ]; then
      note "tcpdump did not start capturing: $(grep -v '^listening' "$work/capture.err" |
        head -n 1)"
      stop "$capture_pid"
      capture_pid=
      return
    fi
    sleep 0.002
    n=$((n + 1))
  done
}
capture_end() {
  # TCP's last ACK may leave after both programs have exited: wait until no connection is left
  # but in TIME_WAIT (ss, from iproute2; the namespace holds only this pair's).
  n=0
  while [ "$1" = tcp ] && [ "$n" -lt 1000 ] &&
    [ -n "$(ss -Htan state connected exclude time-wait 2>/dev/null)" ]; do
    sleep 0.002
    n=$((n + 1))
  done
  # Ask tcpdump for its counts (SIGUSR1) until it has printed every packet the kernel gave it: a
  # packet still in its buffer when it ends is lost.
  n=0
  until all_seen || [ "$n" -ge 1000 ]; do
    [ $((n % 5)) != 0 ] || kill -USR1 "$capture_pid" 2>/dev/null
    sleep 0.002
    n=$((n + 1))
  done
  all_seen ||
    note "tcpdump printed ${captured:-none} of the packets it was given (${received:-?}/2)"
  stop "$capture_pid"
  capture_pid=
}
# all_seen: tcpdump's last counts (on SIGUSR1 or at its end) say it printed every packet it was
# given. On the loopback the kernel gives it each packet twice (going out, coming in) and it
# keeps one: received by filter = 2 x captured (0 and 0 where the programs sent nothing).
all_seen() {
  counts=$(sed -n -e 's/^\([0-9]*\) packets* captured$/\1/p' \
    -e 's/^\([0-9]*\) packets* received by filter$/\1/p' \
    -e 's/^tcpdump: \([0-9]*\) packets* captured, \([0-9]*\) packets* received by.*/\1\
\2/p' "$work/capture.err" | tail -n 2)
  captured=${counts%%
*}
  received=${counts#*
}
  [ -n "$counts" ] && [ "$received" = $((captured * 2)) ]
}

# client_port PROTOCOL: the client's port: in the check's own network, the pinned one. On the
# machine's network, the one the server printed first, if it is in the system's range for such
# ports (Linux); the transcripts' $pinned then stands for it, so every other place must agree.
client_port() {
  port=$pinned
  [ "$network" = host ] || return 0
  port=$(sed -n "s/^.*客户端 ('127\.0\.0\.1', \([0-9]*\)).*$/\1/p" "$work/$1-server.out" |
    head -n 1)
  range=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) || range="1 65535"
  # shellcheck disable=SC2086 # two numbers
  set -- $range
  if [ -z "$port" ] || [ "$port" -lt "$1" ] || [ "$port" -gt "$2" ]; then
    note "the server printed its client's port as '$port', not a port in the system's range $1-$2"
    port=$pinned
  fi
}

# run_case PROTOCOL SERVER_LANG CLIENT_LANG TRACED SCENARIO, e.g. run_case tcp rust python - -,
# or run_case tcp python rust server -: the Python server under strace, its calls compared too;
# or run_case tcp rust rust - tcp-syn-lost. It runs in a shell of its own, in a network of its
# own: its status is 10 (ok) or 11 (FAIL).
run_case() {
  server=$1-server
  client=$1-client
  traced=${4#-}
  traced_program=${traced:+$1-$traced}
  name=$(case_name "$@")
  service=8080
  [ "$1" = tcp ] || service=9090
  wait=5
  [ "$5" = - ] || scenario "$5"
  work=$tmp/case
  rm -rf "$work"
  mkdir "$work" || { say "FAIL  $name: could not write $tmp"; return 11; }
  problems=
  server_rc=
  client_rc=

  case $lane in packets | unreliable) capture_start ;; esac
  if [ -z "$problems" ]; then
    launch "$2" "$server"
    server_pid=$launched
    wait_line "$server_pid" "$work/$server.out"
    case $?$network in
      1host) note "the server exited before printing its first line (is port $service free?)" ;;
      1own) note "the server exited before printing its first line" ;;
      2*) note "the server printed no line within 5 s" ;;
    esac
  fi
  if [ -z "$problems" ]; then
    launch "$3" "$client"
    client_pid=$launched
    if finish "$client_pid" $((wait * 100)); then client_rc=$status
    elif [ "$lane" = unreliable ]; then
      # Left waiting, as a scenario may leave it; and then so is a server still running.
      client_rc=waiting
      ! kill -0 "$server_pid" 2>/dev/null || server_rc=waiting
    else note "the client was still running after $wait s: stopped"
    fi
  fi
  if [ -z "$problems" ] && [ -z "$server_rc" ]; then
    if finish "$server_pid" $((wait * 100)); then server_rc=$status
    elif [ "$lane" = unreliable ]; then server_rc=waiting
    else note "the server was still running $wait s after the client ended: stopped"
    fi
  fi
  # finish reaped the programs that exited; stop the rest (never a pid already reaped).
  case $client_rc in "" | waiting) stop "$client_pid" ;; esac
  case $server_rc in "" | waiting) stop "$server_pid" ;; esac
  client_pid=
  server_pid=
  [ -z "$capture_pid" ] || capture_end "$1"

  # With --unreliable, how each ended is part of what is compared.
  if [ "$lane" != unreliable ]; then
    [ -z "$server_rc" ] || [ "$server_rc" = 0 ] || note "$server exited with status $server_rc"
    [ -z "$client_rc" ] || [ "$client_rc" = 0 ] || note "$client exited with status $client_rc"
  fi
  # Compare only a pair that ran to its end: the notes say enough about one stopped part-way.
  # What is compared: each program's stdout, the traced program's socket calls, the packets.
  compared=
  if [ -n "$server_rc" ] && [ -n "$client_rc" ]; then
    client_port "$1"
    for program in "$server" "$client"; do
      [ -s "$work/$program.err" ] && note "$program wrote to stderr"
      cp "$work/$program.out" "$work/$program.txt"
      [ "$lane" = unreliable ] || compared="$compared $program.txt"
    done
    if [ -n "$traced" ]; then
      program=$traced_program
      calls_lang=$2
      [ "$traced" = server ] || calls_lang=$3
      awk -v lang="$calls_lang" -f "$root/scripts/syscalls.awk" "$work/$program.strace" \
        >"$work/$program.syscalls" || note "scripts/syscalls.awk could not read strace's output"
      compared="$compared $program.syscalls"
      # For --side-by-side: every call, as written and as compared, with the reasons.
      [ "$side_by_side" = 0 ] ||
        awk -v lang="$calls_lang" -v annotate=1 -f "$root/scripts/syscalls.awk" \
          "$work/$program.strace" >"$tmp/side-by-side/$calls_lang.$program"
      if [ "$bless" = 1 ] && [ "$calls_lang" = python ] && [ -z "$problems" ]; then
        bless "$program.syscalls"
      fi
    elif [ "$lane" = packets ]; then
      LC_ALL=C awk -v mode=list -f "$root/scripts/packets.awk" "$work/capture" \
        >"$work/$1.packets" || note "scripts/packets.awk could not read tcpdump's output"
      compared="$compared $1.packets"
      # For --side-by-side: the Rust pair's and the originals' pair's capture.
      case $2$3 in rustrust | pythonpython) cp "$work/capture" "$tmp/side-by-side/$2.$1" ;; esac
      [ "$bless" = 0 ] || [ "$2$3" != pythonpython ] || [ -n "$problems" ] || bless "$1.packets"
    elif [ "$lane" = unreliable ]; then
      outcome "$5" "$2$3"
      compared="unreliable/$5.txt"
      [ "$bless" = 0 ] || [ "$2$3" != pythonpython ] || [ -n "$problems" ] || bless "$compared"
    elif [ "$bless" = 1 ] && [ "$2$3" = "$lane$lane" ] && [ -z "$problems" ]; then
      bless "$server.txt" "$client.txt"
    fi
  fi
  # The transcripts hold the pinned port; on the machine's network it stands for the port read.
  differs=
  for file in $compared; do
    sed "s/$pinned/$port/g" "$expected/$file" >"$work/expected.${file#*/}" 2>/dev/null
    if ! cmp -s "$work/expected.${file#*/}" "$work/$file"; then
      case $file in
        unreliable/*) note "what the pair did differs from scripts/expected/$file" ;;
        *.txt) note "${file%.txt}'s output differs from scripts/expected/$file" ;;
        *.syscalls) note "${file%.syscalls}'s socket calls differ from scripts/expected/$file" ;;
        *) note "the pair's packets differ from scripts/expected/$file" ;;
      esac
      differs="$differs $file"
    fi
  done

  if [ -z "$problems" ]; then
    say "ok    $name"
    return 10
  fi
  say "FAIL  $name"
  printf '%s' "$problems" | sed 's/^/      /'
  for file in $differs; do
    case $file in
      unreliable/*) what="what the pair printed, how each ended, and its packets" ;;
      *.txt) what="${file%.txt}'s stdout" ;;
      *.syscalls) what="${file%.syscalls}'s socket calls, as scripts/syscalls.awk reads them" ;;
      *) what="the pair's packets, as scripts/packets.awk lists them" ;;
    esac
    [ "$port" = "$pinned" ] || what="$what (the transcript with the client's port $port)"
    LC_ALL=C diff -u "$work/expected.${file#*/}" "$work/$file" | sed \
      -e "1s|.*|--- scripts/expected/$file|" -e "2s|.*|+++ $what|" -e 's/^/        /'
  done
  for program in "$server" "$client"; do
    if [ -s "$work/$program.err" ]; then
      say "      $program's stderr:"
      sed 's/^/        /' "$work/$program.err"
    else
      say "      $program's stderr: (empty)"
    fi
  done
  advise "$2" "$3"
  return 11
}

# outcome SCENARIO PAIR: what the pair did in SCENARIO, into $work/unreliable/SCENARIO.txt: each
# program's stdout and how it ended, then the packets. For --side-by-side, the Rust pair's and
# the originals' capture, and what happened, in a few words.
outcome() {
  mkdir -p "$work/unreliable"
  happened=
  for program in "$server" "$client"; do
    rc=$client_rc
    [ "$program" = "$client" ] || rc=$server_rc
    echo "$program:"
    sed 's/^/  /' "$work/$program.out"
    if [ "$rc" = waiting ]; then
      echo "  (waiting: still running after $wait s, stopped by the check)"
      happened="$happened; $program left waiting"
    else
      echo "  (exited with status $rc)"
      if cmp -s "$work/$program.out" "$expected/$program.txt"; then
        happened="$happened; $program as on a perfect network"
      else
        happened="$happened; $program printed $(wc -l <"$work/$program.out") lines ($(wc -l \
          <"$expected/$program.txt") on a perfect network)"
      fi
    fi
  done >"$work/unreliable/$1.txt"
  echo "packets:" >>"$work/unreliable/$1.txt"
  LC_ALL=C awk -v mode=list -v lost="$lost" -f "$root/scripts/packets.awk" "$work/capture" \
    >"$work/packets" || note "scripts/packets.awk could not read tcpdump's output"
  sed 's/^/  /' "$work/packets" >>"$work/unreliable/$1.txt"
  case $2 in rustrust | pythonpython)
    cp "$work/capture" "$tmp/side-by-side/$2.$1"
    printf '%s\nhere: %s\n' "$article" "${happened#; }" >"$tmp/side-by-side/$2.$1.notes"
    ;;
  esac
}

# case_name PROTOCOL SERVER_LANG CLIENT_LANG TRACED SCENARIO: the case's name in the report.
case_name() {
  printf '%s: %s server + %s client' "$1" "$2" "$3"
  [ "$4" = - ] || printf ', %s traced' "$4"
  [ "$5" = - ] || printf ', %s' "$5"
}

# advise SERVER_LANG CLIENT_LANG: what to do next, after a case whose files differ. --bless
# rewrites the stdout transcripts from the Rust pairs (a Python original's output then differs,
# by design), the .syscalls and .packets ones only from the Python originals: it cannot make a
# Rust program's other calls or packets right.
advise() {
  if [ -z "$differs" ] || [ -e "$tmp/bless.failed" ]; then :
  elif [ "$bless" = 1 ]; then say "      this pair disagrees with the transcripts just rewritten"
  else
    case $differs in *unreliable/*) ;; *.txt*)
      if [ "$1" = python ] || [ "$2" = python ]; then
        say "      a Python original stands in here: after --bless rewrote the transcripts for an"
        say "      intended change to a Rust program, this case fails by design; else the"
        say "      transcript or the original changed"
      else
        say "      if the new output is intended: sh scripts/check.sh --bless (see --help)"
      fi
      ;;
    esac
    case $differs in *.syscalls*)
      if [ "$calls_lang" = python ]; then
        say "      if the originals' calls changed (another Python or strace):"
        say "      PYTHON_REFERENCE=DIR sh scripts/check.sh --syscalls --bless"
      else
        say "      make the program's calls its original's again; a difference that std itself"
        say "      imposes belongs, with its reason, in the function imposed in"
        say "      scripts/syscalls.awk"
      fi
      ;;
    esac
    case $differs in *.packets* | *unreliable/*)
      if [ "$1$2" = pythonpython ]; then
        say "      if the originals' packets changed (another system):"
        say "      PYTHON_REFERENCE=DIR sh scripts/check.sh --$lane --bless"
      else
        say "      make the pair do as the originals do again; a race that can go either way"
        say "      belongs, with its reason, in scripts/packets.awk"
      fi
      ;;
    esac
  fi
}

# Inside a case's network: its settings from the check that started it, then the case alone.
if [ -n "$inner" ]; then
  tmp=$CHECK_SH_RUN
  python=$CHECK_SH_PYTHON
  python_dir=$CHECK_SH_PYTHON_DIR
  wine=$CHECK_SH_WINE
  exe=$CHECK_SH_EXE
  network=$CHECK_SH_NETWORK
  [ -z "$wine" ] || wine_started=1
  # shellcheck disable=SC2086 # the case's words
  run_case $inner
  exit
fi

# The one place that decides the network and who the check is in it: how each case enters a
# new network namespace with only a loopback interface ($enter), brought up there, with the
# client's port pinned, and then who runs the case ($drop):
# - root: unshare -n, root as before (uid 0 of a user namespace too, but with --packets);
# - anyone else: unshare --user --map-user --map-group --keep-caps --net, which keeps the user's
#   ids (for uid 0 of a user namespace, the ids it stands for outside); the capabilities the new
#   user namespace gives are needed only for ip and the port, and setpriv drops them all (but
#   net_raw, for tcpdump, with --packets).
enter=
drop=
why=
if [ "$network" = own ]; then
  keep=-all
  case $lane in packets | unreliable) keep=-all,+net_raw ;; esac
  uid=$(id -u)
  gid=$(id -g)
  if [ "$(uname -s)" != Linux ]; then
    why="network namespaces are Linux only"
  elif ! command -v unshare >/dev/null 2>&1; then
    why="no unshare command (util-linux)"
  elif ! ip=$(command -v ip || command -v /usr/sbin/ip || command -v /sbin/ip); then
    why="no ip command (iproute2)"
  elif [ "$uid" = 0 ] && { [ "$lane" = rust ] || [ "$lane" = syscalls ] || [ "$lane" = windows ] ||
    [ "$(tr -s ' \t' '  ' </proc/self/uid_map)" = " 0 0 4294967295" ]; }; then
    enter="unshare -n"
  elif ! command -v setpriv >/dev/null 2>&1; then
    why="no setpriv command (util-linux), needed to run as you without capabilities"
  elif ! unshare --help 2>/dev/null | grep -q -- --map-group; then
    why="this unshare cannot keep your user id (--map-user: util-linux 2.38 or newer)"
  else
    if [ "$uid" = 0 ]; then
      # uid 0 of a user namespace, with tcpdump: tcpdump, seeing uid 0, would try to become
      # its own user, which a user namespace forbids. Be the user it stands for (nobody for root).
      uid=$(awk '$1 == 0 { print $2 }' /proc/self/uid_map)
      gid=$(awk '$1 == 0 { print $2 }' /proc/self/gid_map)
      [ "$uid" != 0 ] || { uid=65534; gid=65534; }
    fi
    enter="unshare --user --map-user=$uid --map-group=$gid --keep-caps --net"
    drop="setpriv --inh-caps=$keep --ambient-caps=$keep --bounding-set=$keep"
  fi
  # shellcheck disable=SC2086 # $enter is words to split
  if [ -z "$why" ] && ! out=$($enter "$ip" link set lo up 2>&1); then
    why="$enter failed: $(printf '%s' "${out:-it said nothing}" | head -n 1)"
    enter=
  fi
  [ -n "$enter" ] || network=host
fi
case $network$lane in hostpackets | hostunreliable)
  say "FAIL  $lane lane: no network of its own to capture in: $why"
  say "      what to do: run it on Linux with util-linux 2.38 or newer (unshare, setpriv) and"
  say "      iproute2 (ip), as root or where user namespaces are allowed; it never captures on"
  say "      the machine's network"
  say "0 passed, 1 failed"
  exit 1
  ;;
esac
[ -z "$why" ] || say "note  on the machine's network, so ports 8080 and 9090 must be free: $why"
[ -z "$why" ] || [ "$bless" = 0 ] ||
  fail_setup "--bless writes transcripts only in the check's own network, and there is none: $why"

# PYTHON_REFERENCE may be relative to the caller's directory: make it absolute before moving.
python=
python_dir=
python_skip="PYTHON_REFERENCE not set"
if [ -n "${PYTHON_REFERENCE:-}" ]; then
  python_dir=$(cd "$PYTHON_REFERENCE" 2>/dev/null && pwd) || {
    echo "check.sh: PYTHON_REFERENCE=$PYTHON_REFERENCE is not a folder" >&2; exit 2; }
  missing=
  for f in tcp_server tcp_client udp_server udp_client; do
    [ -f "$python_dir/$f.py" ] || missing="$missing $f.py"
  done
  [ -z "$missing" ] || {
    echo "check.sh: PYTHON_REFERENCE=$PYTHON_REFERENCE lacks the article's$missing" >&2; exit 2; }
  # Ask python3 for its real path once: a launcher such as pyenv's shim costs 0.1 s a start. The
  # originals were asked for: a python3 that cannot start fails the check.
  python=$(python3 -c 'import sys; print(sys.executable)' 2>&1)
  status=$?
  if [ "$status" != 0 ] || [ ! -x "$python" ]; then
    python=$(printf '%s\n' "$python" | grep -m 1 -e Error -e 'not found' ||
      printf '%s\n' "$python" | head -n 1)
    fail_setup "python3, for the originals in PYTHON_REFERENCE, did not start (status $status): \
${python:-it said nothing}"
  fi
  python_skip=
fi
if [ "$lane" != rust ] && [ "$lane" != windows ] && [ "$bless" = 1 ] && [ -n "$python_skip" ]; then
  echo "check.sh: --$lane --bless writes the Python originals' $lane: set PYTHON_REFERENCE" >&2
  exit 2
fi

# mktemp itself ignores the signals, so that it cannot die after making the folder and before
# saying its name; a signal meanwhile ends the check once tmp is set, and cleanup removes it.
# Should mktemp fail, tmp holds its message, which cleanup does not take for a folder.
tmp=$( (trap '' INT TERM HUP QUIT; mktemp -d "${TMPDIR:-/tmp}/check.XXXXXX") 2>&1) ||
  fail_setup "temporary folder: $tmp (set TMPDIR to a folder you can write, or unset it)"
# Every process the check starts carries this mark in its environment: sweep ends any left.
CHECK_SH_RUN=$tmp
export CHECK_SH_RUN
mkdir "$tmp/side-by-side" "$tmp/bin" || fail_setup "temporary folder: could not write $tmp"

# wineboot_in PREFIX: make or update the wine prefix PREFIX, waiting at most 60 s. What wine said
# goes to $tmp/wineboot.log. The pid is kept in case_pid meanwhile, so that cleanup stops it
# after a Ctrl-C too.
wineboot_in() {
  WINEPREFIX=$1
  export WINEPREFIX
  wine_started=1
  $session wine wineboot --init >"$tmp/wineboot.log" 2>&1 </dev/null &
  case_pid=$!
  if ! finish "$case_pid" 6000; then
    echo "wineboot did not finish in 60 s" >>"$tmp/wineboot.log"
    stop "$case_pid"
    status=1
  fi
  case_pid=
  [ "$status" = 0 ]
}

# lock_prefix: one check at a time makes or updates the wine prefix; the others wait for it (at
# most 2 min). The lock is a symbolic link to the pid of the check that holds it, made at once or
# not at all; one whose check has gone is taken over.
lock_prefix() {
  lock=$prefix.lock
  n=0
  until ln -s "$$" "$lock" 2>/dev/null; do
    holder=$(readlink "$lock" 2>/dev/null)
    if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null &&
      [ "$(readlink "$lock" 2>/dev/null)" = "$holder" ]; then
      rm -f "$lock"
      continue
    fi
    [ "$n" -lt 12000 ] || {
      lock=
      fail_setup "windows lane: check $holder kept $prefix.lock for 2 minutes"
    }
    sleep "$tick"
    n=$((n + 1))
  done
}

# build WHAT CARGO...: build the workspace with CARGO (and its options), showing what cargo says
# but its progress (a compiler error, "Blocking waiting for file lock" while another cargo
# builds); then copy each program's executable, as cargo reports it (JSON, its escapes undone),
# into $tmp/bin: a program rebuilt meanwhile in another terminal changes nothing here.
build() {
  what=$1
  shift
  (cd "$root" && "$@" --workspace --locked --message-format=json-render-diagnostics \
    2>&1 >"$tmp/build.json" </dev/null; echo "$?" >"$tmp/build.status") |
    grep -Ev '^ +(Compiling|Finished|Fresh|Checking) ' >&2
  [ "$(cat "$tmp/build.status" 2>/dev/null)" = 0 ] || fail_setup "build: $what"
  for program in tcp-server tcp-client udp-server udp-client; do
    awk -v want="/$program$exe" '{
      s = $0; i = index(s, "\"executable\":\""); if (!i) next
      s = substr(s, i + 14); out = ""
      while (s != "" && (c = substr(s, 1, 1)) != "\"") {
        if (c == "\\") { c = substr(s, 2, 1); s = substr(s, 2) }
        out = out c; s = substr(s, 2)
      }
      n = length(out) - length(want)
      if (n >= 0 && substr(out, n + 1) == want) print out
    }' "$tmp/build.json" >"$tmp/path.$program"
    if [ "$(wc -l <"$tmp/path.$program")" != 1 ] ||
      ! cp "$(cat "$tmp/path.$program")" "$tmp/bin/$program$exe" 2>/dev/null; then
      fail_setup "build: $what reported no single executable for $program"
    fi
  done
}

# Build once; the cases run what cargo just built, not cargo run.
wine=
exe=
case $lane in
  syscalls | packets | unreliable)
    [ "$(uname -s)" = Linux ] || fail_setup "$lane lane: it runs on Linux only"
    tools=strace:strace
    [ "$lane" = syscalls ] || tools=tcpdump:tcpdump
    [ "$lane" != unreliable ] || tools="tcpdump:tcpdump nft:nftables"
    # nft (nftables) is where ip may be too: /usr/sbin, not on every user's PATH.
    for tool in $tools; do
      if ! path=$(command -v "${tool%:*}" || command -v "/usr/sbin/${tool%:*}") ||
        [ ! -x "$path" ]; then
        fail_setup "$lane lane: ${tool%:*} is missing; as root: apt-get install ${tool#*:}"
      fi
      [ "${tool%:*}" != nft ] || nft=$path
    done
    ;;
esac
if [ "$lane" != windows ]; then
  build "cargo build --workspace --locked" cargo build
else
  # Debian 12's packages: std for Windows that matches its rustc 1.63, the MinGW linker, wine.
  windows=x86_64-pc-windows-gnu
  exe=.exe
  missing=
  [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || missing="$missing cargo"
  [ -d /usr/lib/rustlib/$windows/lib ] || missing="$missing libstd-rust-dev-windows"
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing="$missing gcc-mingw-w64-x86-64"
  command -v wine >/dev/null 2>&1 && command -v wineserver >/dev/null 2>&1 ||
    missing="$missing wine wine64"
  [ -z "$missing" ] || fail_setup "windows lane: missing tools; as root: apt-get install$missing"
  RUSTC=/usr/bin/rustc CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    build "/usr/bin/cargo build --workspace --locked --target $windows" \
    /usr/bin/cargo build --target $windows
  wine=wine
  # A wine prefix of our own beside the executables, with wine's debug channels off (or it
  # chatters on stderr). wineboot makes it the first time (seconds, about 700 MB) and brings it
  # up to date after a wine upgrade, so that no case meets that and its messages. A new prefix is
  # made under another name and renamed once complete, so an interrupted first run leaves only
  # that, which the next run starts again; a prefix that cannot be brought up to date (an update
  # interrupted, or a prefix broken by an older check.sh) is made anew. Checks at the same moment
  # take turns (lock_prefix). Each case starts wine's server anew in its own network (wine makes
  # the sockets there) and ends it.
  WINEDEBUG=-all
  WINEARCH=win64
  # wine's files of a run (its server's socket folder, temporary files) go into our temporary
  # folder, removed at the end, and nothing into HOME: winemenubuilder, which would write menu
  # entries and file associations there, is turned off.
  TMPDIR=$tmp
  WINEDLLOVERRIDES=winemenubuilder.exe=d
  export WINEDEBUG WINEARCH TMPDIR WINEDLLOVERRIDES
  prefix=$(dirname "$(dirname "$(cat "$tmp/path.tcp-server")")")/wineprefix
  lock_prefix
  if [ -d "$prefix" ] && ! wineboot_in "$prefix"; then
    say "note  wine could not bring $prefix up to date: making it anew"
    end_wine
    rm -rf "$prefix" 2>"$tmp/rm.log" ||
      fail_setup "windows lane: could not remove $prefix, which wine could not update; rm said:" \
        "$tmp/rm.log"
  fi
  if [ ! -d "$prefix" ]; then
    rm -rf "$prefix.new" 2>"$tmp/rm.log" ||
      fail_setup "windows lane: could not remove $prefix.new, left by an earlier run; rm said:" \
        "$tmp/rm.log"
    wineboot_in "$prefix.new" || {
      echo "what to do: see that wine runs at all (wine --version); run the check again" \
        >>"$tmp/wineboot.log"
      fail_setup "windows lane: wineboot could not make a wine prefix in $prefix.new; wine said:" \
        "$tmp/wineboot.log"
    }
    # Nothing of wine may run in the prefix while it is renamed.
    end_wine
    mv "$prefix.new" "$prefix" || fail_setup "windows lane: could not rename $prefix.new"
    WINEPREFIX=$prefix
  fi
  end_wine
  rm -f "$lock"
  lock=
fi

# What each case's shell is told (run_case runs there; it reads them back above).
export CHECK_SH_OPTIONS="$options" CHECK_SH_PYTHON="$python" CHECK_SH_PYTHON_DIR="$python_dir" \
  CHECK_SH_WINE="$wine" CHECK_SH_EXE="$exe" CHECK_SH_NETWORK="$network"
# The same shell again (dash, bash, busybox sh: busybox needs its applet's name).
shell=$(readlink "/proc/$$/exe" 2>/dev/null) || shell=$(command -v sh)
case $shell in */busybox) shell="$shell sh" ;; esac

passed=0
failed=0
skipped=0
# one_case PROTOCOL SERVER_LANG CLIENT_LANG [TRACED [SCENARIO]]: run_case in a shell of its
# own, in a new network when the check has one: the loopback up, the client's port pinned, the
# scenario's nftables rule in place, then who runs it.
one_case() {
  set -- "$1" "$2" "$3" "${4:--}" "${5:--}"
  if [ -n "$python_skip" ] && { [ "$2" = python ] || [ "$3" = python ]; }; then
    say "skip  $(case_name "$@") ($python_skip)"
    skipped=$((skipped + 1))
    return
  fi
  rules=
  if [ "$5" != - ]; then
    scenario "$5"
    rules=$tmp/rules.nft
    family=inet hook=input action=drop
    [ "$where" = input ] || { family=netdev hook="ingress device lo" action="dup to lo"; }
    printf 'table %s check {\nchain c {\ntype filter hook %s priority 0\n%s %s %s\n}\n}\n' \
      "$family" "$hook" "$match" "numgen inc mod 1000 == 0" "$action" >"$rules"
  fi
  # The client's port is pinned there, and so are the TCP buffer sizes, which a new namespace
  # copies from the machine's and which set the window and its scale: to fixed values (the
  # kernel computes their default maximum from the machine's memory). All else that shapes a
  # header starts at the kernel's built-in defaults in any new namespace.
  # shellcheck disable=SC2016,SC2086 # $1 to $@ are the inner sh's; the others are words
  if [ -n "$enter" ]; then
    $enter sh -c '"$1" link set lo up && cd /proc/sys/net/ipv4 &&
      echo "$2 $2" >ip_local_port_range && echo 4096 131072 6291456 >tcp_rmem &&
      echo 4096 16384 4194304 >tcp_wmem && cd "$3" && { [ -z "$5" ] || "$4" -f "$5"; } &&
      shift 5 && exec "$@"' "its network" "$ip" "$pinned" "$PWD" "${nft:-}" "$rules" \
      $drop $shell "$0" --case "$@" 2>"$tmp/case.err" &
  else
    $shell "$0" --case "$@" 2>"$tmp/case.err" &
  fi
  case_pid=$!
  wait "$case_pid"
  status=$?
  case_pid=
  case $status in
    10) passed=$((passed + 1)) ;;
    11) failed=$((failed + 1)) ;;
    141) exit 141 ;;
    *)
      failed=$((failed + 1))
      say "FAIL  $(case_name "$@")"
      say "      its network could not be made, or its shell ended with status $status:"
      sed -e '4{s/.*/      .../;q;}' -e 's/^/      /' "$tmp/case.err"
      ;;
  esac
}

for protocol in tcp udp; do
  if [ "$lane" = unreliable ]; then
    for name in $(printf '%s\n' "$scenarios" | sed -n "s/^\($protocol-[^|]*\)|.*/\1/p"); do
      # With --bless, the originals first: theirs is the transcript the rest read.
      [ "$bless" = 0 ] || one_case "$protocol" python python - "$name"
      one_case "$protocol" rust rust - "$name"
      one_case "$protocol" python rust - "$name"
      one_case "$protocol" rust python - "$name"
      [ "$bless" = 1 ] || one_case "$protocol" python python - "$name"
    done
    continue
  fi
  if [ "$lane" = syscalls ]; then
    # The originals first, so that --bless writes the transcripts before the Rust cases read them.
    one_case "$protocol" python rust server
    one_case "$protocol" rust rust server
    one_case "$protocol" rust python client
    one_case "$protocol" rust rust client
    continue
  fi
  lang=$lane
  [ "$lane" = windows ] || lang=rust
  # With --packets --bless, the originals first: their packets are the transcript the rest read.
  [ "$lane$bless" != packets1 ] || one_case "$protocol" python python
  one_case "$protocol" "$lang" "$lang"
  one_case "$protocol" python "$lang"
  one_case "$protocol" "$lang" python
  # The two originals together: the transcripts are theirs wherever the check runs (a hosts file
  # of its own, say). For the Windows lane that case would be the same as for the Linux one.
  [ "$lane" = windows ] || [ "$lane$bless" = packets1 ] || one_case "$protocol" python python
done

# --side-by-side: each Rust program's calls beside its original's, traced now or as transcribed;
# or each protocol's packets drawn, the originals' pair first.
if [ "$side_by_side" = 1 ] && [ "$lane" = syscalls ]; then
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
elif [ "$side_by_side" = 1 ] && [ "$lane" = unreliable ]; then
  # Each scenario as the Rust pair went through it, its packet marked, what the article says, and
  # what happened.
  for name in $(printf '%s\n' "$scenarios" | cut -d '|' -f 1); do
    scenario "$name"
    say ""
    capture=$tmp/side-by-side/rustrust.$name
    title="$name: the Rust server and client"
    if [ -f "$capture" ]; then
      LC_ALL=C awk -v mode=draw -v title="$title" -v lost="$lost" \
        -v notes="$(cat "$capture.notes")" -f "$root/scripts/packets.awk" "$capture"
    else
      say "$title: no capture to draw (its case above did not run to its end)"
    fi
  done
  say ""
elif [ "$side_by_side" = 1 ]; then
  for protocol in tcp udp; do
    for pair in python rust; do
      capture=$tmp/side-by-side/$pair.$protocol
      title="$protocol: the Rust server and client"
      [ "$pair" = rust ] ||
        title="$protocol: the Python originals (${protocol}_server.py, ${protocol}_client.py)"
      say ""
      if [ -f "$capture" ]; then
        LC_ALL=C awk -v mode=draw -v title="$title" -f "$root/scripts/packets.awk" "$capture"
      elif [ "$pair" = rust ]; then
        say "$title: no capture to draw (its case above did not run to its end)"
      else
        say "$title: not run ($python_skip)"
      fi
    done
  done
  say ""
fi

summary="$passed passed, $failed failed"
[ "$skipped" = 0 ] || summary="$summary, $skipped skipped"
say "$summary"
[ "$failed" = 0 ]
