#!/bin/sh
# The project's test suite: run each server/client pair for real and compare what it does with
# the transcripts in scripts/expected/ (the Python originals'). What runs is data: scripts/pairs,
# scripts/cases/, scripts/accepted/; scripts/README.md tells what each lane compares.
# usage: sh scripts/check.sh [LANE] [--only PROTOCOL] [--side-by-side] [--bless] [--host-network]
#   (no LANE)     both programs' stdout; with PYTHON_REFERENCE=DIR (the article's four scripts)
#                 the pairings with the originals too
#   --syscalls    and every call the traced program makes after its start-up (strace)
#   --packets     and every packet on the case's loopback (tcpdump)
#   --unreliable  the loss scenarios: what both print, how each ends, the packets (tcpdump, nft)
#   --faults      no server, a port held, a long message, SIGINT...: what the program prints, how
#                 it ends, whether it writes to stderr, its calls (strace, python3)
#   --windows     the programs built for Windows (Debian's cargo) and run under wine
#   --fixtures    saved captures and traces read again; each accepted difference shown necessary
#   --all         every lane this machine can run (--windows where wine is), one summary
#   --only P      only the cases of protocol P of scripts/pairs
#   --side-by-side  then show the calls (--syscalls) or draw the packets (--packets, --unreliable)
#   --bless       rewrite the transcripts marked + in the lane's cases from what ran, then compare
#   --host-network  run on the machine's network (not --packets, --unreliable, --bless, --all)
#   --list        print every case with its lane
#   --exercise [NAME] [--solution]  list the exercises; judge yours (or the reference solutions)
# Each case runs in network and PID namespaces of its own, the client's port pinned to a new one
# (50000 in the transcripts), TCP's buffer sizes too; the caller keeps their ids and environment
# (capabilities dropped but net_raw for tcpdump). Where none can be had, a "note" says why and the
# machine's network is used. The last line: "N passed, M failed" (", K skipped"). Exit status: 0
# no case failed; 1 a case or a step before them failed; 2 wrong options; 129, 130, 131, 143 HUP,
# INT, QUIT, TERM; 141 the reader went away. Every wait is bounded.
set -u
# shellcheck disable=SC3045 # dash, bash and busybox sh have it
ulimit -c 0 2>/dev/null
unset CDPATH BASH_ENV ENV # what the caller's environment must not change: cd's output, start-up
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cases=$root/scripts/cases expected=$root/scripts/expected
pinned=50000 tick=0.01 limit=500 # the client's port in the transcripts; a wait: 500 ticks (5 s)
nl='
'
say() { printf '%s\n' "$1" 2>/dev/null || exit 141; } # a line of the report; its reader gone: 141
tell() { for line; do say "      $line"; done; } # lines under a FAIL
note() { problems="$problems$1$nl"; } # why the current case failed
fail_setup() { # fail_setup WHAT [FILE]: a step before the cases failed, FILE's first 10 lines
  say "FAIL  $1"
  [ -z "${2:-}" ] || sed -e '11{s/.*/      ... and more/;q;}' -e 's/^/      /' "$2"
  failed=$((failed + 1))
  return 1
}
field() { sed -n "s/^$2 //p" "$1"; } # field FILE KEY: the rest of FILE's line "KEY ..."
act() { sed -n -e 's/^drop .*/drop/p' -e 's/^copy .*/copy/p' "$scenario_file"; } # its nft rule's
pair() { # pair PROTOCOL: its manifest row in $server $client $orig_server $orig_client
  # shellcheck disable=SC2046 # the row's words
  set -- $(awk -v p="$1" '$1 == p { print $2, $3, $4, $5 }' "$root/scripts/pairs")
  server=$1 client=$2 orig_server=$3 orig_client=$4
}
programs() { awk '!/^#/ && NF { print $2; print $3 }' "$root/scripts/pairs"; }
examples() { # the exercises' starting points (ex=NAME in a case), their solutions (NAME_solution)
  [ "$lane" != exercises ] || rows exercises | awk '{ for (i = 2; i <= 3; i++)
    if (sub(/^ex=/, "", $i)) print $i, $i "_solution" }'
}
protocols() { awk '!/^#/ && NF { print $1 }' "$root/scripts/pairs"; }
# rows LANE: the lane's cases, one a line; --only keeps one protocol's.
rows() { awk -v only="$only" -v ex="$exercise" '!/^#/ && NF && (only == "" || $1 == only) &&
  (ex == "" || index($5 ".", ex ".") == 1)' "$cases/lanes/$1"; }
poll() { # poll TICKS PAUSE COMMAND...: until COMMAND succeeds (0), TICKS tries PAUSE s apart (1)
  n=0 ticks=$1 pause=$2
  shift 2
  until "$@"; do
    [ "$n" -lt "$ticks" ] || return 1
    sleep "$pause"
    n=$((n + 1))
  done
}
gone() { ! kill -0 "$1" 2>/dev/null; }
has_line() { case $(wc -l 2>/dev/null <"$1") in *[1-9]*) ;; *) return 1 ;; esac; }
line_or_gone() { has_line "$2" || gone "$1"; }
wait_line() { # wait_line PID FILE: FILE holds a whole line (0); PID exited first (1); no time (2)
  poll "$limit" "$tick" line_or_gone "$1" "$2" || return 2
  has_line "$2" || return 1
}
finish() { # finish PID [TICKS]: PID's end awaited (TICKS, $limit), reaped: $status ('' if not)
  status=''
  poll "${2:-$limit}" "$tick" gone "$1" || return 1
  wait "$1"
  status=$?
}
stop() { # stop PID: end a program we started, its whole session (TERM, KILL after 1 s), reaped
  [ -n "$1" ] || return 0
  kill -TERM "-$1" 2>/dev/null || kill "$1" 2>/dev/null
  poll 100 "$tick" gone "$1" || kill -9 "$1" 2>/dev/null
  kill -9 "-$1" 2>/dev/null
  wait "$1" 2>/dev/null
}
end_wine() { # the wineserver of $WINEPREFIX and what it serves ended, awaited 5 s at most
  wineserver -k 2>/dev/null
  wineserver -w 2>/dev/null &
  finish $! || stop $!
}
# One cleanup for every ending, set before anything exists that needs it.
tmp='' lock='' server_pid='' client_pid='' capture_pid='' case_pid='' wine_started='' inner=''
cleanup() {
  trap '' INT TERM HUP QUIT PIPE
  for pid in "$case_pid" "$client_pid" "$server_pid" "$capture_pid"; do stop "$pid"; done
  [ -z "$wine_started" ] || end_wine
  [ -n "$inner" ] || {
    [ -z "$lock" ] || [ "$(readlink "$lock" 2>/dev/null)" != "$$" ] || rm -f "$lock"
    [ -z "$tmp" ] || [ ! -d "$tmp" ] || rm -rf "$tmp"
  }
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP; trap 'exit 131' QUIT
trap 'exit 141' PIPE # the reader of our output went away
session='' restore=''
command -v setsid >/dev/null 2>&1 && session=setsid
# In the background a program ignores INT and QUIT: env (coreutils 8.31+) puts back their default.
! env --default-signal=INT,QUIT true 2>/dev/null || restore="env --default-signal=INT,QUIT"
# The originals run as python3 would run them, but with stdout line-buffered as on a terminal (not
# a file's block buffer, nor -u's write per piece) and socket imported first: its calls are then
# start-up, as std's are. MODE null: the script compiled, not run; host: SO_REUSEADDR before each
# TCP bind, against TIME_WAIT on the machine's network.
wrapper='import os, sys
mode, path = sys.argv[1:3]; sys.argv = sys.argv[2:]; sys.path[0] = os.path.dirname(path)
import socket
sys.stdout.reconfigure(line_buffering=True, write_through=False)
class Socket(socket.socket):
    def bind(self, address):
        if self.type == socket.SOCK_STREAM:
            self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        return super().bind(address)
socket.socket = Socket if mode == "host" else socket.socket
with open(path, "rb") as file: code = compile(file.read(), path, "exec")
script = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
if mode != "null": exec(code, script)'
# launch LANG PROGRAM ORIGINAL [null]: PROGRAM (python: ORIGINAL; ex=NAME: example NAME) in a
# session of its own, in the background: $work/PROGRAM.out and .err, pid $launched; traced:
# strace (-I 2 lets TERM through).
launch() {
  program=$2 file=$python_dir/$3 mode=${4:-$network} bin=$2
  case $1 in ex=*) bin=${1#ex=}$solution ;; esac # an exercise: an example, or its solution
  # shellcheck disable=SC2086 # $wine: nothing, or wine
  if [ "$1" != python ]; then set -- $wine "$tmp/bin/$bin$exe"
  else set -- "$python" -u -c "$wrapper" "$mode" "$file"
  fi
  [ "$program" != "$traced_program" ] ||
    set -- strace -I 2 -f -qq -s 256 -o "$work/$program.strace" "$@"
  out=$work/$program.out # a scenario's "full server": its stdout a full disk
  : >"$out" && [ "$program" != "$server" ] || [ "$(field "$scenario_file" full)" != server ] ||
    out=/dev/full
  # shellcheck disable=SC2086 # $restore: nothing, or env with its option
  $session $restore "$@" >"$out" 2>"$work/$program.err" </dev/null &
  launched=$!
}
capture_start() { # tcpdump: each packet on the loopback, as soon as it passes, as hex in $work
  $session tcpdump -i lo -n -l -tt -x --immediate-mode \
    >"$work/capture" 2>"$work/capture.err" </dev/null &
  capture_pid=$!
  poll 1000 0.002 listening
  grep -q '^listening on' "$work/capture.err" && return
  note "tcpdump did not start capturing: $(grep -v '^listening' "$work/capture.err" | head -n 1)"
  stop "$capture_pid"
  capture_pid=''
}
listening() { grep -q '^listening on' "$work/capture.err" 2>/dev/null || gone "$capture_pid"; }
# capture_end PROTOCOL: once TCP's last ACK has left, tcpdump asked for its counts (USR1) until
# it has printed every packet it was given (on the loopback, each twice), then ended.
capture_end() {
  [ "$1" != tcp ] || poll 1000 0.002 closed
  poll 1000 0.002 all_seen ||
    note "tcpdump printed ${captured:-none} of the packets it was given (${received:-?}/2)"
  stop "$capture_pid"
  capture_pid=''
}
closed() { [ -z "$(ss -Htan state connected exclude time-wait 2>/dev/null)" ]; }
all_seen() {
  [ $((n % 5)) != 0 ] || kill -USR1 "$capture_pid" 2>/dev/null
  counts=$(sed -n -e 's/^\([0-9]*\) packets* captured$/\1/p' \
    -e 's/^\([0-9]*\) packets* received by filter$/\1/p' \
    -e 's/^tcpdump: \([0-9]*\) packets* captured, \([0-9]*\) packets* received by.*/\1\
\2/p' "$work/capture.err" | tail -n 2)
  captured=${counts%%"$nl"*} received=${counts#*"$nl"}
  [ -n "$counts" ] && [ "$received" = $((captured * 2)) ]
}
case_name() { # case_name PROTOCOL SERVER_LANG CLIENT_LANG TRACED SCENARIO: as the report names it
  # An exercise's side: the example run (yours, or the solution's); tool, or - with the scenario's
  # code run before: the check's own python3; else -: none.
  s=no kind=yours
  [ "$5" = - ] || ! grep -q '^before ' "$cases/scenarios/$5" || s="the check's"
  [ -z "$solution" ] || kind=reference
  set -- "$1" "$(echo "$2" | sed "s/^ex=\(.*\)/\1$solution ($kind)/; s/^-\$/$s/")" \
    "$(echo "$3" | sed "s/^ex=\(.*\)/\1$solution ($kind)/; s/^tool\$/the check's/; s/^-\$/no/")" \
    "$4" "$5"
  printf '%s: %s server + %s client' "$1" "$2" "$3"
  [ "$4" = - ] || printf ', %s traced' "$4"
  [ "$5" = - ] || printf ', %s' "$5"
}
# run_case PORT PROTOCOL SERVER_LANG CLIENT_LANG TRACED SCENARIO TRANSCRIPT...: in the case's own
# shell and network, the client's port pinned to PORT. Its status: 10 ok, 11 FAIL.
run_case() {
  port=$1 protocol=$2 server_lang=$3 client_lang=$4 traced=${5#-} scenario=$6 langs=$3$4
  name=$(case_name "$2" "$3" "$4" "$5" "$6")
  shift 6
  transcripts=$* traced_program='' calls_lang='' wait=5 scenario_file=/dev/null outcomes=0
  pair "$protocol"
  [ "$traced" != server ] || traced_program=$server calls_lang=$server_lang
  [ "$traced" != client ] || traced_program=$client calls_lang=$client_lang
  [ "$scenario" = - ] || scenario_file=$cases/scenarios/$scenario
  [ "$scenario" = - ] || wait=$(field "$scenario_file" wait)
  lost=$(field "$scenario_file" lost)
  case $lane in unreliable | faults | exercises) outcomes=1 ;; esac
  work=$tmp/case problems='' server_rc='' client_rc='' before_pid='' blessed=''
  rm -rf "$work"
  mkdir "$work" "$work/$lane" || { say "FAIL  $name: could not write $tmp"; return 11; }
  case $lane in packets | unreliable) capture_start ;; esac
  [ -n "$problems" ] || run_pair
  [ -z "$traced" ] || [ -s "$work/$traced_program.strace" ] ||
    note "strace wrote no trace of $traced_program: is $(command -v strace) the real strace?"
  [ -z "$traced" ] || null_trace
  [ "$scenario" = - ] || [ -z "$(act)" ] || counted
  [ -z "$capture_pid" ] || capture_end "$protocol"
  if [ "$outcomes" = 0 ]; then
    [ -z "$server_rc" ] || [ "$server_rc" = 0 ] || note "$server exited with status $server_rc"
    [ -z "$client_rc" ] || [ "$client_rc" = 0 ] || note "$client exited with status $client_rc"
  fi
  # Only a pair that ran to its end is compared: the notes say enough about one stopped early.
  differs=
  [ -z "$server_rc" ] || [ -z "$client_rc" ] || { gather && compare; }
  report
}
# run_pair: the check's own socket (before), the server, once it printed a line the client (or the
# check's tool), both to their end: in a scenario, waiting or its end after SIGINT is an outcome.
run_pair() {
  before=$(code before)
  [ -z "$before" ] || { tool_start before "$before"; before_pid=$launched; }
  [ -z "$before" ] || wait_line "$before_pid" "$work/before.out"
  if [ "$server_lang" = - ]; then server_rc=none
  else
    launch "$server_lang" "$server" "$orig_server"
    server_pid=$launched
    wait_line "$server_pid" "$work/$server.out"
    case $?$network$outcomes in
      1*1) finish "$server_pid"; server_rc=$status client_rc=none ;;
      1host*) note "the server exited before printing its first line (is its port free?)" ;;
      1own*) note "the server exited before printing its first line" ;;
      2*) note "the server printed no line within 5 s" ;;
    esac
  fi
  if [ -n "$problems" ] || [ -n "$client_rc" ]; then :
  elif [ "$client_lang" = - ]; then client_rc=none
  else
    if [ "$client_lang" = tool ]; then tool_start client "$(code tool)"
    else launch "$client_lang" "$client" "$orig_client"
    fi
    client_pid=$launched
    ends "$client_pid" client_rc "the client was still running after $wait s: stopped"
    [ "$client_rc" != waiting ] || gone "$server_pid" || server_rc=waiting
  fi
  [ -n "$problems" ] || [ -n "$server_rc" ] ||
    ends "$server_pid" server_rc "the server was still running $wait s after the client ended: \
stopped"
  left "$server_pid" "$server_rc" "$server"
  left "$client_pid" "$client_rc" "$client"
  case $client_rc in "" | waiting) stop "$client_pid" ;; esac
  case $server_rc in "" | waiting) stop "$server_pid" ;; esac
  stop "$before_pid"
  client_pid='' server_pid='' before_pid=''
}
left() { # left PID STATUS NAME: NAME ended (STATUS a number), yet its session still has a process
  case $2 in '' | *[!0-9]*) return ;; esac
  ! kill -0 "-$1" 2>/dev/null || note "$3 ended, but a process it started was still running"
}
ends() { # ends PID VAR PROBLEM: PID's status in VAR (a scenario: or waiting, interrupted: N)
  if finish "$1" $((wait * 100)); then eval "$2=\$status"
  elif [ "$outcomes" = 0 ]; then note "$3"
  elif [ "$(field "$scenario_file" signal)" = INT ]; then
    kill -INT "-$1" 2>/dev/null
    finish "$1" || status=waiting
    eval "$2=\"interrupted: \$status\""
  else eval "$2=waiting"
  fi
}
tool_start() { # tool_start NAME CODE: the check's python3 running CODE ($work/NAME.out, $launched)
  $session python3 -u -c "$2" >"$work/$1.out" 2>"$work/$1.err" </dev/null &
  launched=$!
}
code() { # code KEY: the scenario's python3 code KEY, $server_port as the server's transcript binds
  sport=$(sed -n 's/^bind(.*sin_port=htons(\([0-9]*\)).*/\1/p' "$expected/$server.syscalls")
  field "$scenario_file" "$1" | sed "s/\\\$server_port/${sport%%"$nl"*}/g"
}
# gather: what the pair did in $work, named like the transcripts; what --side-by-side shows.
gather() {
  [ "$network" = own ] || host_port
  for program in "$server" "$client"; do
    [ "$outcomes" = 1 ] || [ ! -s "$work/$program.err" ] || note "$program wrote to stderr"
    [ ! -f "$work/$program.out" ] || cp "$work/$program.out" "$work/$program.txt"
  done
  if [ -n "$traced" ]; then
    calls 0 >"$work/$traced_program.syscalls"
    # Side by side, both programs' calls show the port as the transcripts hold it.
    out=$tmp/side-by-side/$calls_lang.$traced_program
    [ "$side_by_side" = 0 ] || calls 1 >"$out.calls"
    [ "$side_by_side" = 0 ] || sed "s/$port/$pinned/g" "$out.calls" >"$out"
    [ "$lane" != faults ] ||
      cp "$work/$traced_program.syscalls" "$work/faults/$scenario.$traced_program.syscalls"
  fi
  [ ! -f "$work/capture" ] || list_packets "$work/$protocol.packets"
  case $langs in rustrust | pythonpython)
    shot=$tmp/side-by-side/$langs.${scenario#-}
    [ "$scenario" != - ] || shot=$shot$protocol
    [ ! -f "$work/capture" ] || { cp "$work/capture" "$shot"; echo "$port" >"$shot.port"; } ;;
  esac
  [ "$outcomes" = 0 ] || outcome >"$work/$lane/$scenario.txt"
  for file in $transcripts; do
    case $file in +*) [ "$bless" = 0 ] || [ -n "$problems" ] || bless "${file#+}" ;; esac
  done
  return 0
}
# counted: the scenario's rule matched its one packet: nft's counter, read by the case's capable
# first shell once told (rules.done), as this shell may hold no capability. If not: no compare.
counted() {
  : >"$tmp/rules.done"
  poll 500 0.01 test -e "$tmp/rules.counted"
  got=$(sed -n 's/.*counter packets \([0-9]*\) .*/\1/p' "$tmp/rules.counted" 2>/dev/null)
  [ "$got" = 1 ] || { server_rc='' && note "the rule did not $(act) the packet it was set for: \
nft counted ${got:-nothing} (scripts/cases/scenarios/$scenario)"; }
}
# null_trace: as the traced program ran, its runtime's empty program: std's empty main (built with
# the same rustc), or the original compiled but not run. Where they part is the program's start.
null_trace() {
  set -- "$orig_client" "$client"
  [ "$traced_program" != "$server" ] || set -- "$orig_server" "$server"
  traced_program=null
  launch "$calls_lang" null "$1" null
  finish "$launched" || { stop "$launched"; note "its empty program did not end within 5 s"; }
  [ "$status" = 0 ] || note "its empty program ended with status $status: $(head -n 3 \
    "$work/null.err")"
  traced_program=$2
}
calls() { # calls ANNOTATE: the traced program's calls, as scripts/syscalls.awk reads them
  awk -v lang="$calls_lang" -v network="$network" -v annotate="$1" -v null="$work/null.strace" \
    -v accepted="$root/scripts/accepted/syscalls" -f "$root/scripts/syscalls.awk" \
    "$work/$traced_program.strace" || note "scripts/syscalls.awk could not read strace's output"
}
list_packets() { # list_packets FILE: the capture as scripts/packets.awk lists it, into FILE
  LC_ALL=C awk -v mode=list -v client="$port" -v lost="$lost" \
    -v accepted="$root/scripts/accepted/packets" -f "$root/scripts/packets.awk" \
    "$work/capture" >"$1" || note "scripts/packets.awk could not read tcpdump's output"
}
# host_port: on the machine's network, the client's port the server printed, if in Linux's range.
host_port() {
  port=$(sed -n "s/^.*客户端 ('127\.0\.0\.1', \([0-9]*\)).*$/\1/p" "$work/$server.out" 2>/dev/null |
    head -n 1)
  [ -n "$port" ] || { port=$pinned; return; } # none printed: stdout's comparison tells if it should
  range=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) || range="1 65535"
  # shellcheck disable=SC2086 # two numbers
  set -- $range
  if [ "$port" -lt "$1" ] || [ "$port" -gt "$2" ]; then
    note "the server printed its client's port as '$port', not a port in the system's range $1-$2"
    port=$pinned
  fi
}
# outcome: each program's stdout, how it ended (a fault: and whether it wrote to stderr), then a
# loss scenario's packets; for --side-by-side, its gist.
outcome() {
  happened=''
  for program in "$server" "$client"; do
    rc=$client_rc
    [ "$program" = "$client" ] || rc=$server_rc
    case $rc$program$client_lang in none* | *"$client"tool) continue ;; esac
    echo "$program:"
    sed 's/^/  /' "$work/$program.out"
    case $rc in
      waiting) echo "  (waiting: still running after $wait s, stopped by the check)"
        happened="$happened; $program left waiting" ;;
      interrupted*) echo "  (waiting after $wait s; SIGINT: then ${rc#*: })" ;;
      *) echo "  (exited with status $rc)"
        if sed "s/$pinned/$port/g" "$expected/$program.txt" 2>/dev/null |
          cmp -s "$work/$program.out" -; then
          happened="$happened; $program as on a perfect network"
        else happened="$happened; $program printed $(wc -l <"$work/$program.out") lines ($(wc -l \
          <"$expected/$program.txt") on a perfect network)"
        fi ;;
    esac
    case $lane$rc in *interrupted*) ;; faults* | exercises*)
      if [ -s "$work/$program.err" ]; then echo "  (wrote to stderr)"
      else echo "  (wrote nothing to stderr)"
      fi ;;
    esac
  done
  [ ! -s "$work/client.out" ] || { echo "the check's client:"; sed 's/^/  /' "$work/client.out"; }
  case $lane in faults | exercises) return ;; esac
  echo "packets:"
  sed 's/^/  /' "$work/$protocol.packets"
  case $langs in rustrust | pythonpython)
    printf '%s\nhere: %s\n' "$(field "$scenario_file" says)" "${happened#; }" \
      >"$tmp/side-by-side/$langs.$scenario.notes" ;;
  esac
}
bless() { # bless FILE: FILE from this case, the port as the transcripts hold it, into expected/
  if sed "s/$port/$pinned/g" "$work/$1" 2>"$work/bless.err" >"$work/blessed" &&
    cp "$work/blessed" "$expected/$1" 2>"$work/bless.err"; then
    say "bless $name: scripts/expected/$1 rewritten"
    blessed=1
  else
    note "could not rewrite scripts/expected/$1: $(head -n 1 "$work/bless.err")"
    : >"$tmp/bless.failed"
  fi
}
compare() { # each transcript of the case against what the pair did, the client's port put in
  for file in $transcripts; do
    file=${file#+}
    if ! [ -r "$expected/$file" ]; then
      note "scripts/expected/$file is missing or unreadable"
    elif ! sed "s/$pinned/$port/g" "$expected/$file" >"$work/expected" ||
      ! cmp -s "$work/expected" "$work/$file"; then
      note "$(what "$file") differs from scripts/expected/$file"
      LC_ALL=C diff -u "$work/expected" "$work/$file" | sed -e "1s|.*|--- scripts/expected/$file|" \
        -e "2s|.*|+++ $(what "$file") (the client's port $port)|" -e 's/^/  /' >>"$work/diffs"
      differs="$differs $file"
    fi
  done
}
what() {
  case $1 in
    unreliable/*) echo "what the pair printed, how each ended, and its packets" ;;
    exercises/*) echo "what your program and the other end printed, and how each ended" ;;
    *.txt) echo "${1%.txt}'s stdout" ;;
    *.syscalls) echo "${1%.syscalls}'s calls, as scripts/syscalls.awk reads them" ;;
    *) echo "the pair's packets, as scripts/packets.awk lists them" ;;
  esac
}
report() { # the case's line; after a FAIL why, the diffs, both programs' stderr, what to do
  [ -n "$problems" ] || { say "ok    $name"; return 10; }
  say "FAIL  $name"
  printf '%s' "$problems" | sed 's/^/      /'
  [ ! -f "$work/diffs" ] || sed 's/^/      /' "$work/diffs"
  [ "$lane" != exercises ] || field "$scenario_file" hint | sed 's/^/      hint: /'
  for program in "$server" "$client"; do # the check's client or no server: not theirs to show
    case $program$client_lang$server_lang in "$client"tool* | "$server"*-) continue ;; esac
    [ -s "$work/$program.err" ] || { say "      $program's stderr: (empty)"; continue; }
    say "      $program's stderr:"
    sed 's/^/        /' "$work/$program.err"
  done
  advise
  return 11
}
advise() { # what to do after a case whose files differ (--bless cannot make calls, packets right)
  [ -n "$differs" ] && [ ! -e "$tmp/bless.failed" ] && [ "$lane" != exercises ] || return 0
  [ -z "$blessed" ] || { tell "this pair disagrees with the transcripts just rewritten"; return; }
  case $differs$langs in *unreliable/*) ;; *.txt*python*)
    tell "a Python original stands in here: after --bless rewrote the transcripts for an" \
      "intended change to a Rust program, this case fails by design; else the" \
      "transcript or the original changed" ;;
  *.txt*) tell "if the new output is intended: sh scripts/check.sh --bless (see --help)" ;;
  esac
  case $differs$calls_lang in *.syscalls*python)
    tell "if the originals' calls changed (another Python or strace):" \
      "PYTHON_REFERENCE=DIR sh scripts/check.sh --syscalls --bless" ;;
  *.syscalls*)
    tell "make the program's calls its original's again; a difference that std itself" \
      "imposes belongs, with its reason, in scripts/accepted/syscalls" ;;
  esac
  case $differs$langs in *.packets*pythonpython | *unreliable/*pythonpython)
    tell "if the originals' packets changed (another system):" \
      "PYTHON_REFERENCE=DIR sh scripts/check.sh --$lane --bless" ;;
  *.packets* | *unreliable/*)
    tell "make the pair do as the originals do again; a race that can go either way" \
      "belongs, with its reason, in scripts/accepted/packets" ;;
  esac
}
# Inside a case's network: the run's settings, then the case alone.
if [ "${1:-}" = --case ]; then
  inner=1 tmp=$2
  shift 2
  # shellcheck disable=SC1091 # written by this script, below
  . "$tmp/settings"
  [ -z "$wine" ] || wine_started=1
  run_case "$@"
  exit
fi
# Nor wine's settings (set below). A closed stderr becomes /dev/null, so the tools still have one.
for var in $(env | sed -n 's/^\(WINE[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done
[ ! -d /dev/fd ] || [ -e /dev/fd/2 ] || exec 2>/dev/null
usage() { echo "check.sh: $1 (sh scripts/check.sh --help lists the options)" >&2; exit 2; }
bless=0 lanes='' network=own side_by_side=0 only='' list=0 exercise='' solution=''
while [ $# -gt 0 ]; do
  case $1 in
    --bless) bless=1 ;;
    --side-by-side) side_by_side=1 ;;
    --host-network) network=host ;;
    --list) list=1 ;;
    --syscalls | --packets | --unreliable | --faults | --windows | --fixtures | --all)
      [ -z "$lanes" ] || [ "$lanes" = "${1#--}" ] ||
        usage "--$lanes and $1 do not go together: run one, then the other"
      lanes=${1#--} ;;
    --only)
      { [ $# -gt 1 ] && protocols | grep -qxF "$2"; } ||
        usage "--only takes a protocol of scripts/pairs: $(protocols | tr '\n' ' ')"
      only=$2
      shift ;;
    --exercise)
      [ -z "$lanes" ] || [ "$lanes" = exercises ] ||
        usage "--$lanes and $1 do not go together: run one, then the other"
      lanes=exercises
      case ${2:-} in -* | '') ;; *) exercise=$2 && shift ;; esac ;;
    --solution) solution=_solution ;;
    -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) usage "unknown option '$1'" ;;
  esac
  shift
done
case $lanes$solution$exercise in
  exercises) rows exercises | while read -r _ _ _ _ scenario _; do echo "${scenario%%.*}"; done |
    uniq | while read -r name; do say "$name: $(sed -n 's/^says //p' "$cases/scenarios/$name"* |
      paste -s -d ';' - | sed 's/;/; /g')"; done
    say "each: sh scripts/check.sh --exercise NAME; statements and hints: $(cd "$root" &&
      echo */EXERCISES.md)"
    exit 0 ;;
  *_solution) [ "$lanes" = exercises ] || usage "--solution goes with --exercise" ;;
esac
[ -z "$exercise" ] || [ -n "$(rows exercises)" ] ||
  usage "no exercise '$exercise': sh scripts/check.sh --exercise lists them"
case $side_by_side${lanes:-plain} in 1syscalls | 1packets | 1unreliable | 0*) ;; *)
  usage "--side-by-side goes with --syscalls, --packets or --unreliable" ;;
esac
case $network${lanes:-plain}$bless in
  hostpackets* | hostunreliable*) usage "--$lanes captures only in the check's own network" ;;
  host*1) usage "--bless writes transcripts only in the check's own network" ;;
  hostall*) usage "--all runs lanes that capture: drop --host-network" ;;
esac
case ${lanes:-plain}$bless in
  syscalls1 | packets1 | unreliable1 | faults1) [ -n "${PYTHON_REFERENCE:-}" ] ||
    usage "--$lanes --bless writes the Python originals' $lanes: set PYTHON_REFERENCE" ;;
  all1) usage "--bless rewrites one lane's transcripts: name the lane" ;;
  fixtures1) usage "--fixtures --bless: fixtures are written by hand (see scripts/README.md)" ;;
  exercises1) [ -n "$solution" ] ||
    usage "--exercise --bless writes what the solutions do: add --solution" ;;
esac
if [ "$lanes" = all ]; then
  lanes="plain syscalls packets unreliable faults fixtures"
  command -v wine >/dev/null 2>&1 && [ -x /usr/bin/cargo ] && lanes="$lanes windows"
fi
lanes=${lanes:-plain}
if [ "$list" = 1 ]; then
  for lane in plain syscalls packets unreliable faults windows exercises; do
    rows "$lane" | while read -r p s c t sc rest; do
      say "$lane  $(case_name "$p" "$s" "$c" "$t" "$sc")  ($rest)"
    done
  done
  sed -e '/^#/d' -e '/^ *$/d' -e 's/^\([a-z]*\) \([^ ]*\).*/fixtures  \1 \2/' "$cases/fixtures"
  exit 0
fi
# own_network LANE: how a case enters namespaces of its own ($enter) and who runs it ($drop): root
# stays root, anyone else keeps their ids, capabilities dropped by setpriv; or $why there are none.
own_network() {
  enter='' drop='' why='' keep=-all
  case $1 in packets | unreliable) keep=-all,+net_raw ;; esac
  uid=$(id -u) gid=$(id -g)
  if [ "$(uname -s)" != Linux ]; then why="network namespaces are Linux only"
  elif ! command -v unshare >/dev/null 2>&1; then why="no unshare command (util-linux)"
  elif ! ip=$(command -v ip || command -v /usr/sbin/ip || command -v /sbin/ip); then
    why="no ip command (iproute2)"
  elif [ "$uid" = 0 ] && { [ "$keep" = -all ] ||
    [ "$(tr -s ' \t' '  ' </proc/self/uid_map)" = " 0 0 4294967295" ]; }; then
    enter="unshare -n -p -f --kill-child"
  elif ! command -v setpriv >/dev/null 2>&1; then
    why="no setpriv command (util-linux), needed to run as you without capabilities"
  elif ! unshare --help 2>/dev/null | grep -q -- --map-group; then
    why="this unshare cannot keep your user id (--map-user: util-linux 2.38 or newer)"
  else
    # uid 0 of a user namespace (tcpdump cannot change user there): whom it stands for, or nobody
    [ "$uid" != 0 ] || uid=$(awk '$1 == 0 { print $2 }' /proc/self/uid_map) \
      gid=$(awk '$1 == 0 { print $2 }' /proc/self/gid_map)
    [ "$uid" != 0 ] || { uid=65534; gid=65534; }
    enter="unshare --user --map-user=$uid --map-group=$gid --keep-caps --net -p -f --kill-child"
    drop="setpriv --inh-caps=$keep --ambient-caps=$keep --bounding-set=$keep"
  fi
  # shellcheck disable=SC2086 # $enter is words
  if [ -z "$why" ] && ! out=$($enter "$ip" link set lo up 2>&1); then
    why="$enter failed: $(printf '%s' "${out:-it said nothing}" | head -n 1)"
    enter=
  fi
}
originals() { # python3 and PYTHON_REFERENCE's four scripts, when it is set
  python='' python_dir='' python_skip="PYTHON_REFERENCE not set"
  [ -n "${PYTHON_REFERENCE:-}" ] || return 0
  python_dir=$(cd "$PYTHON_REFERENCE" 2>/dev/null && pwd) ||
    usage "PYTHON_REFERENCE=$PYTHON_REFERENCE is not a folder"
  missing=$(awk '!/^#/ && NF { print $4; print $5 }' "$root/scripts/pairs" |
    while read -r f; do [ -f "$python_dir/$f" ] || printf ' %s' "$f"; done)
  [ -z "$missing" ] || usage "PYTHON_REFERENCE=$PYTHON_REFERENCE lacks the article's$missing"
  # Its real path once (pyenv's shim costs 0.1 s a start); exit 0: it started, stderr or not.
  python=$(python3 -c 'import sys; print(sys.executable)' 2>"$tmp/python.err")
  status=$?
  [ "$status" != 0 ] || [ ! -x "$python" ] || { python_skip=; return 0; }
  python=$(grep -m 1 -e Error -e 'not found' "$tmp/python.err" || head -n 1 "$tmp/python.err")
  fail_setup "python3, for the originals in PYTHON_REFERENCE, did not start (status $status): \
${python:-it said nothing}"
}
# build WHAT CARGO...: build the workspace (cargo's words but its progress), then copy each program
# as cargo reports it (JSON, escapes undone) into $tmp/bin: a rebuild meanwhile changes nothing.
build() {
  what=$1
  shift
  (cd "$root" && "$@" --workspace --locked --message-format=json-render-diagnostics \
    2>&1 >"$tmp/build.json" </dev/null; echo "$?" >"$tmp/build.status") |
    grep -Ev '^ +(Compiling|Finished|Fresh|Checking) ' >&2
  [ "$(cat "$tmp/build.status" 2>/dev/null)" = 0 ] || { fail_setup "build: $what"; return 1; }
  awk 'i = index($0, "\"executable\":\"") {
    s = substr($0, i + 14); out = ""
    while (s != "" && (c = substr(s, 1, 1)) != "\"") {
      if (c == "\\") { c = substr(s, 2, 1); s = substr(s, 2) }
      out = out c; s = substr(s, 2)
    }
    print out
  }' "$tmp/build.json" >"$tmp/paths"
  for program in $(programs) $(examples); do
    awk -v want="/$program$exe" '(n = length($0) - length(want)) >= 0 &&
      substr($0, n + 1) == want' \
      "$tmp/paths" >"$tmp/path.$program"
    [ "$(wc -l <"$tmp/path.$program")" = 1 ] &&
      cp "$(cat "$tmp/path.$program")" "$tmp/bin/$program$exe" 2>/dev/null ||
      fail_setup "build: $what reported no single executable for $program" || return
  done
}
tools() { # the tools $lane needs (nft where ip may be too: /usr/sbin, not on every PATH)
  case $lane in
    syscalls) set -- strace:strace ;;
    packets) set -- tcpdump:tcpdump ;;
    unreliable) set -- tcpdump:tcpdump nft:nftables ;;
    faults) set -- strace:strace python3:python3 ;;
    exercises) set -- python3:python3 # and nft where an exercise loses a packet
      rows exercises | while read -r _ _ _ _ s _; do grep -E '^(drop|copy) ' "$cases/scenarios/$s"
      done | grep -q . && set -- "$@" nft:nftables ;;
    *) return 0 ;;
  esac
  [ "$(uname -s)" = Linux ] || fail_setup "$lane lane: it runs on Linux only" || return
  for tool; do
    path=$(command -v "${tool%:*}" || command -v "/usr/sbin/${tool%:*}") && [ -x "$path" ] ||
      fail_setup "$lane lane: ${tool%:*} is missing; as root: apt-get install ${tool#*:}" || return
    [ "${tool%:*}" != nft ] || nft=$path
  done
}
# wineboot_in PREFIX: make or update the wine prefix (60 s at most; its pid case_pid for Ctrl-C).
wineboot_in() {
  wine_started=1 && export WINEPREFIX="$1"
  # shellcheck disable=SC2086 # $enter: a PID namespace, whose end ends wine's services too
  $session $enter sh -c 'wine wineboot --init && wineserver -w' >"$tmp/wineboot.log" 2>&1 \
    </dev/null &
  case_pid=$!
  finish "$case_pid" 6000 ||
    { echo "wineboot did not finish in 60 s" >>"$tmp/wineboot.log"; stop "$case_pid"; status=1; }
  case_pid=''
  [ "$status" = 0 ]
}
take_lock() { # the prefix's lock: a symbolic link to its holder's pid, taken over once it's gone
  ln -s "$$" "$lock" 2>/dev/null && return
  holder=$(readlink "$lock" 2>/dev/null)
  [ -n "$holder" ] && gone "$holder" && [ "$(readlink "$lock" 2>/dev/null)" = "$holder" ] &&
    rm -f "$lock" && take_lock
}
# windows: build with Debian's cargo for Windows, then the wine prefix beside the executables made
# (as .new, then renamed) or updated, else made anew; one check at a time, the others wait 2 min.
windows() {
  target=x86_64-pc-windows-gnu exe=.exe missing=''
  [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || missing="$missing cargo"
  [ -d /usr/lib/rustlib/$target/lib ] || missing="$missing libstd-rust-dev-windows"
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing="$missing gcc-mingw-w64-x86-64"
  command -v wine >/dev/null 2>&1 && command -v wineserver >/dev/null 2>&1 ||
    missing="$missing wine wine64"
  [ -z "$missing" ] || fail_setup "windows lane: missing tools; as root: apt-get install$missing" ||
    return
  RUSTC=/usr/bin/rustc CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    build "/usr/bin/cargo build --workspace --locked --target $target" \
    /usr/bin/cargo build --target $target || return
  # wine quiet, its files of a run in our temporary folder, no menu entries written into HOME.
  wine=wine WINEDEBUG=-all WINEARCH=win64 TMPDIR=$tmp WINEDLLOVERRIDES=winemenubuilder.exe=d
  export WINEDEBUG WINEARCH TMPDIR WINEDLLOVERRIDES
  prefix=$(dirname "$(dirname "$(cat "$tmp/path.$(programs | head -n 1)")")")/wineprefix
  lock=$prefix.lock
  poll 12000 "$tick" take_lock ||
    { lock=''; fail_setup "windows lane: check $holder kept $prefix.lock for 2 minutes"; return; }
  if [ -d "$prefix" ] && ! wineboot_in "$prefix"; then
    say "note  wine could not bring $prefix up to date: making it anew"
    end_wine
    rm -rf "$prefix" 2>"$tmp/rm.log" || fail_setup "windows lane: could not remove $prefix, \
which wine could not update; rm said:" "$tmp/rm.log" || return
  fi
  if [ ! -d "$prefix" ]; then
    rm -rf "$prefix.new"
    wineboot_in "$prefix.new" || { echo "what to do: see that wine runs at all (wine \
--version); run the check again" >>"$tmp/wineboot.log"; fail_setup "windows lane: wineboot could \
not make a wine prefix in $prefix.new; wine said:" "$tmp/wineboot.log"; return; }
    end_wine
    mv "$prefix.new" "$prefix" || fail_setup "windows lane: could not rename $prefix.new" || return
    WINEPREFIX=$prefix
  fi
  end_wine
  rm -f "$lock"
  lock=''
}
settings() { # what each case's shell reads back (run_case runs there), quoted for sh
  for var in lane network python python_dir python_skip wine exe side_by_side bless solution; do
    value=$(eval "printf '%s' \"\${$var:-}\"" | sed "s/'/'\\\\''/g")
    printf "%s='%s'\n" "$var" "$value"
  done >"$tmp/settings"
}
# rules SCENARIO PORT: $tmp/rules, the nftables rule for the client's port PORT: "drop MATCH" drops
# (input hook: silently) the first packet that matches, "copy MATCH" copies it (lo's ingress).
rules() {
  scenario_file=$cases/scenarios/$1
  action=$(act)
  [ -n "$action" ] || return 0
  match=$(field "$scenario_file" "$action" | sed "s/\\\$client/$2/g")
  family=inet hook=input verdict=drop
  [ "$action" = drop ] || { family=netdev hook="ingress device lo" verdict="dup to lo"; }
  printf 'table %s check {\nchain c {\ntype filter hook %s priority 0\n%s %s %s\n}\n}\n' \
    "$family" "$hook" "$match" "numgen inc mod 1000 == 0 counter" "$verdict" >"$tmp/rules"
}
# one_case ROW: run_case in a shell of its own, in a new network when the check has one: lo up,
# the client's port and TCP's buffer sizes (the window and its scale) pinned, the scenario's rule.
one_case() {
  # shellcheck disable=SC2086 # the row's words
  set -- $1
  name=$(case_name "$1" "$2" "$3" "$4" "$5")
  if [ -n "$python_skip" ] && { [ "$2" = python ] || [ "$3" = python ]; }; then
    say "skip  $name ($python_skip)"
    skipped=$((skipped + 1))
    return
  fi
  port=$((40000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 10000))
  rm -f "$tmp/rules" "$tmp/rules.done" "$tmp/rules.counted"
  [ "$5" = - ] || rules "$5" "$port"
  [ ! -f "$tmp/rules" ] || [ -n "$enter" ] || { failed=$((failed + 1)); say "FAIL  $name: its \
packet is lost by an nftables rule, which needs a network of the check's own${why:+: $why}"
    return; }
  # shellcheck disable=SC2086 # $shell: sh, or busybox sh
  set -- $shell "$0" --case "$tmp" "$port" "$@"
  # shellcheck disable=SC2016,SC2086 # $1 to $@ are the inner sh's; the others are words
  [ -z "$enter" ] || set -- $enter sh -c '"$1" link set lo up && cd /proc/sys/net/ipv4 &&
    echo "$2 $2" >ip_local_port_range && echo 4096 131072 6291456 >tcp_rmem &&
    echo 4096 16384 4194304 >tcp_wmem && cd "$3" && { [ ! -f "$5" ] || { "$4" -f "$5" && { {
    until [ -e "$5.done" ]; do sleep 0.01; done; "$4" list ruleset >"$5.new"
    mv "$5.new" "$5.counted"; } & }; }; } && shift 5 && exec "$@"' "its network" "$ip" "$port" \
    "$PWD" "${nft:-}" "$tmp/rules" \
    $drop "$@"
  "$@" 2>"$tmp/case.err" &
  case_pid=$!
  wait "$case_pid"
  status=$? case_pid=
  case $status in
    10) passed=$((passed + 1)) ;;
    11) failed=$((failed + 1)) ;;
    141) exit 141 ;;
    *) failed=$((failed + 1))
      say "FAIL  $name"
      tell "its network could not be made, or its shell ended with status $status:"
      sed -e '4{s/.*/      .../;q;}' -e 's/^/      /' "$tmp/case.err" ;;
  esac
}
# run_lane LANE: its tools, network, build, then cases (--bless: those writing transcripts first).
run_lane() {
  lane=$1 wine='' exe='' why='' enter='' drop='' network=$asked
  tools || return 0
  if [ "$network" = own ]; then own_network "$lane"; [ -n "$enter" ] || network=host; fi
  case $network$lane in hostpackets | hostunreliable)
    fail_setup "$lane lane: no network of its own to capture in: $why"
    tell "what to do: run it on Linux with util-linux 2.38 or newer (unshare, setpriv) and" \
      "iproute2 (ip), as root or where user namespaces are allowed; it never captures on" \
      "the machine's network"
    return 0 ;;
  esac
  [ -z "$why" ] || say "note  on the machine's network, so the servers' ports must be free: $why"
  [ -z "$why" ] || [ "$bless" = 0 ] || { fail_setup "--bless writes transcripts only in the \
check's own network, and there is none: $why"; return 0; }
  if [ "$lane" = windows ]; then windows || return 0
  elif [ "$lane" = exercises ]; then
    build "cargo build --bins --examples" cargo build --bins --examples || return 0
  else build "cargo build --workspace --locked" cargo build || return 0
  fi
  case $lane in syscalls | faults) echo 'fn main() {}' | "${RUSTC:-rustc}" -C debug-assertions=on \
    -o "$tmp/bin/null" - >"$tmp/null.err" 2>&1 || { fail_setup "$lane lane: ${RUSTC:-rustc} \
could not build an empty program:" "$tmp/null.err"; return 0; } ;; esac
  settings
  rows "$lane" >"$tmp/rows"
  [ "$bless" = 0 ] || { grep ' +' "$tmp/rows"; grep -v ' +' "$tmp/rows"; } >"$tmp/rows.bless"
  [ "$bless" = 0 ] || mv "$tmp/rows.bless" "$tmp/rows"
  while read -r row; do one_case "$row" </dev/null; done <"$tmp/rows"
  [ "$side_by_side" = 0 ] || { side_by_side_"$lane"; say ""; }
  [ -z "$wine" ] || { end_wine; wine_started=; }
}
side_by_side_syscalls() { # each Rust program's calls beside its original's, differences explained
  for program in $(programs); do
    say ""
    original=$tmp/side-by-side/python.$program
    left="Python $(awk -v p="$program" '$2 == p { print $4 } $3 == p { print $5 }' \
      "$root/scripts/pairs")"
    if [ -f "$original" ]; then left="$left (traced now)"
    else original=$expected/$program.syscalls left="$left (scripts/expected/$program.syscalls)"
    fi
    if [ -f "$tmp/side-by-side/rust.$program" ]; then
      LC_ALL=C awk -v left="$left" -v right="Rust $program (traced now)" \
        -f "$root/scripts/side-by-side.awk" "$original" "$tmp/side-by-side/rust.$program"
    else say "$program: no trace to show (its case above did not run to its end)"
    fi
  done
}
side_by_side_packets() { # each pair's packets drawn (--only: one protocol's), the originals' first
  for protocol in $(rows packets | awk '!seen[$1]++ { print $1 }'); do
    pair "$protocol"
    draw pythonpython."$protocol" "$protocol: the Python originals ($orig_server, $orig_client)"
    draw rustrust."$protocol" "$protocol: the Rust server and client"
  done
}
side_by_side_unreliable() { # each scenario of the lane (--only) as the Rust pair went through it
  for scenario in $(rows unreliable | awk '!seen[$5]++ { print $5 }'); do
    draw "rustrust.$scenario" "$scenario: the Rust server and client" \
      "$(field "$cases/scenarios/$scenario" lost)" \
      "$(cat "$tmp/side-by-side/rustrust.$scenario.notes" 2>/dev/null)"
  done
}
draw() { # draw SHOT TITLE [LOST NOTES]: after an empty line, a capture as a sequence diagram
  say ""
  shot=$tmp/side-by-side/$1
  if [ -f "$shot" ]; then
    LC_ALL=C awk -v mode=draw -v title="$2" -v lost="${3:-}" -v notes="${4:-}" \
      -v client="$(cat "$shot.port")" -v accepted="$root/scripts/accepted/packets" \
      -f "$root/scripts/packets.awk" "$shot"
  elif [ -n "$python_skip" ] && [ "${1#python}" != "$1" ]; then
    say "$2: not run ($python_skip)"
  else
    say "$2: no capture to draw (its case above did not run to its end)"
  fi
}
# fixtures: each fixture read again as its .expected; each accepted difference removed: not.
fixtures() {
  while read -r kind input vars; do
    # shellcheck disable=SC2086 # awk's assignments
    if fixture "$kind" "$input" "" $vars; then
      passed=$((passed + 1))
      say "ok    fixture $input"
    else
      failed=$((failed + 1))
      say "FAIL  fixture $input: differs from scripts/fixtures/$input.expected"
      diff -u "$root/scripts/fixtures/$input.expected" "$tmp/fixture" | sed 's/^/        /'
    fi
  done <<EOF
$(sed -e '/^#/d' -e '/^ *$/d' "$cases/fixtures")
EOF
  for kind in syscalls packets; do
    [ -f "$root/scripts/accepted/$kind" ] || continue
    while read -r id input; do
      [ -n "$id" ] || continue
      vars=$(awk -v i="$input" '$2 == i { $1 = $2 = ""; print "-"; print }' "$cases/fixtures")
      # shellcheck disable=SC2086 # awk's assignments
      if [ -z "$vars" ]; then
        say "FAIL  accepted $kind $id: its proof $input is no fixture of scripts/cases/fixtures"
      elif fixture "$kind" "$input" "$id" ${vars#-}; then
        say "FAIL  accepted $kind $id: nothing changes without it in fixture $input"
      else
        say "ok    accepted $kind $id: necessary (fixture $input changes without it)"
        passed=$((passed + 1))
        continue
      fi
      failed=$((failed + 1))
    done <<EOF
$(awk '$1 == "entry" { id = $2 } $1 == "proven-by" { print id, $2 }' "$root/scripts/accepted/$kind")
EOF
  done
}
# fixture KIND INPUT WITHOUT VAR=VALUE...: scripts/KIND.awk over it into $tmp/fixture, as expected?
fixture() {
  kind=$1 input=$2 without=$3
  shift 3
  args=
  for var; do
    case $var in null=*) var=null=$root/scripts/fixtures/${var#null=} ;; esac
    args="$args -v $var"
  done
  # shellcheck disable=SC2086 # awk's assignments, words without spaces
  LC_ALL=C awk -v without="$without" -v accepted="$root/scripts/accepted/$kind" $args \
    -f "$root/scripts/$kind.awk" "$root/scripts/fixtures/$input" >"$tmp/fixture" 2>&1
  cmp -s "$tmp/fixture" "$root/scripts/fixtures/$input.expected"
}
# The run: a temporary folder (mktemp deaf to signals: made means named), originals, each lane.
tmp=$( (trap '' INT TERM HUP QUIT; mktemp -d "${TMPDIR:-/tmp}/check.XXXXXX") 2>&1) ||
  fail_setup "temporary folder: $tmp (set TMPDIR to a folder you can write, or unset it)" ||
  { tmp=; exit 1; }
case $tmp in /*) ;; *) fail_setup "temporary folder: TMPDIR=$TMPDIR is not an absolute path"
  exit 1 ;; esac
mkdir "$tmp/side-by-side" "$tmp/bin" || { fail_setup "temporary folder: could not write $tmp"
  exit 1; }
shell=$(readlink "/proc/$$/exe" 2>/dev/null) || shell=$(command -v sh)
case $shell in */busybox) shell="$shell sh" ;; esac
passed=0 failed=0 skipped=0 asked=$network
if originals; then
  for lane in $lanes; do
    if [ "$lane" = fixtures ]; then fixtures; else run_lane "$lane"; fi
  done
fi
summary="$passed passed, $failed failed"
[ "$skipped" = 0 ] || summary="$summary, $skipped skipped"
say "$summary"
[ "$failed" = 0 ]
