# The calls of one program in `strace -f -o FILE` output (strace 6.1; an older one's [128->16]
# reads as [128 => 16]), for check.sh --syscalls and --faults:
#   LC_ALL=C awk -v accepted=scripts/accepted/syscalls -v lang=rust|python -v network=own|host \
#     [-v null=TRACE] [-v annotate=1] [-v without=ID] -f scripts/syscalls.awk TRACE
# null: the trace of its runtime's empty program (an empty main; the script compiled, not run):
# every call after the start-up both begin with and before the exit both end with (compared
# without strings, numbers and malloc's calls). Else the calls on the program's IPv4 and IPv6
# sockets. As strace writes them, but sockets named S1, S2, ... in the order made and pointers
# <ptr>, each changed or left out as the first entry of `accepted` it fits says (not: without).
# annotate=1: every call as WRITTEN<TAB>COMPARED<TAB>REASON (COMPARED empty when left out; REASON
# the entry's when they differ), which scripts/side-by-side.awk reads.
BEGIN {
  does["call"] = "^(drop|swap|replace .+ by .+)$"
  does["run"] = "^become .+$"; does["sequence"] = "^$"
  if (accepted == "") fail("usage: awk -v accepted=scripts/accepted/syscalls -v lang=rust ...")
  while ((got = (getline line < accepted)) > 0) {
    key = line
    sub(/ .*/, "", key)
    if (key == "entry") id[++entries] = substr(line, 7)
    else if (entries &&
      key ~ /^(reason|proven-by|lang|network|call|before|after|sequence|run|in|do)$/)
      field[entries, key] = field[entries, key] substr(line, length(key) + 2)
    else if (line !~ /^(#|$)/) fail(accepted ": what is this? " line)
  }
  if (got < 0) fail("cannot read " accepted)
  for (e = 1; e <= entries; e++) {
    kind = ((e, "call") in field) ? "call" : ((e, "run") in field) ? "run" : "sequence"
    if (!((e, "reason") in field && (e, "proven-by") in field && (e, "lang") in field) ||
      ((e, "call") in field) + ((e, "sequence") in field) + ((e, "run") in field) != 1 ||
      ((e, "in") in field) != (kind == "run") || field[e, "do"] !~ does[kind])
      fail(accepted ": entry " id[e] " lacks a key, or has one too many")
    # The entries for this program, and their kind.
    if (id[e] == without || !index(" " field[e, "lang"] " ", " " lang " ") ||
      ((e, "network") in field) && field[e, "network"] != network) kind = ""
    active[e] = kind
  }
  while (null != "" && (got = (getline line < null)) > 0)
    if (event(line) && (k = key_of(line)) != "") nulls[++b] = k
  if (got < 0) fail("cannot read " null)
}
function fail(m) { print "syscalls.awk: " m | "cat 1>&2"; failed = 1; exit 2 }
{
  if (!event($0)) next
  events[++all] = line
  if ((k = key_of(line)) != "") { keys[++a] = k; at[a] = all }
}
# event TEXT: a whole call or signal in `line`, without the process id (-f), else 0.
function event(text,   pid) {
  line = text
  pid = ""
  if (match(line, /^[0-9]+ +/)) { pid = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1) }
  # A call interrupted by another process's comes in two lines: join them.
  if (sub(/ <unfinished \.\.\.>$/, "", line)) { pending[pid] = line; return 0 }
  if (match(line, /^<\.\.\. [a-z0-9_]+ resumed> ?/)) line = pending[pid] substr(line, RLENGTH + 1)
  return 1
}
# key_of EVENT: what the cut compares: the event without strings and numbers; malloc's: "".
function key_of(s) {
  gsub(/"([^"\\]|\\.)*"(\.\.\.)?|0x[0-9a-f]+|[0-9]+/, "", s)
  gsub(/ +/, " ", s)
  return s ~ /^(brk|munmap|mmap\(NULL, , PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANON)/ ? "" : s
}
# read_call LINE: a call kept as call n: called[n] on socket on[n] (none: ""), which made socket
# made[n] (socket(), accept), its arguments (after the socket) rest[n], results[n]; a signal or
# an exit ("--- SIGINT ...", "+++ exited with 0 +++") is called[n] alone.
function read_call(line,   name, first, args, result, ret) {
  if (!match(line, /^[a-z0-9_]+\(/)) {
    if (null != "") { called[++n] = line; on[n] = made[n] = rest[n] = results[n] = "" }
    return
  }
  name = substr(line, 1, RLENGTH - 1)
  args = substr(line, RLENGTH + 1)
  # The result follows the last ")" and the "=" that strace pads with spaces.
  if (!match(args, /\) +=[^"]*$/)) return
  result = substr(args, RSTART + 1)
  sub(/^ +/, "", result)
  args = substr(args, 1, RSTART)
  ret = substr(result, 3)
  sub(/ .*/, "", ret)
  # The first argument: the family for socket(), a descriptor for most other calls.
  first = args
  sub(/[,)].*/, "", first)
  made[n + 1] = on[n + 1] = ""
  # A socket() that failed made nothing to follow (the C library's name lookup asks for one of
  # each family it found, and IPv6 may be missing).
  if (name == "socket" && first ~ /^AF_INET6?$/ && ret ~ /^[0-9]+$/)
    on[n + 1] = made[n + 1] = open_socket(ret)
  else if (first in open) {
    on[n + 1] = open[first]
    args = substr(args, length(first) + 1)
    if (name ~ /^accept4?$/ && ret ~ /^[0-9]+$/) made[n + 1] = open_socket(ret)
    if (name == "close") delete open[first]
  } else if (null == "") return
  called[++n] = name; rest[n] = args; results[n] = result
}
# open_socket FD: a new socket, known by the order it was made in, from now on at FD.
function open_socket(fd) { open[fd] = ++sockets; return sockets }
# The program's part of the trace; the sockets a sequence entry takes away go with their calls,
# the runs an entry sums up become one call; each kept call as compared.
END {
  if (failed) exit 2
  # The start-up: what both traces begin with; the exit: what both end with. Not malloc's calls:
  # where the kernel placed the heap, at random, decides where an allocation no longer fits.
  for (p = 1; p <= a && p <= b && keys[p] == nulls[p]; ) p++
  for (q = 0; null != "" && q <= a - p && q <= b - p && keys[a - q] == nulls[b - q]; ) q++
  from = null == "" ? 1 : p > a ? all + 1 : at[p]
  to = q ? at[a - q + 1] - 1 : all
  for (i = from; i <= to; i++) read_call(events[i])
  for (i = 1; i <= n; i++) if (on[i] != "") calls[on[i]] = calls[on[i]] written(i, on[i]) ";"
  for (s in calls)
    for (e = 1; e <= entries; e++)
      if (active[e] == "sequence" && fits(calls[s], e, "sequence")) gone[s] = 1
  for (s = 1; s <= sockets; s++) if (!(s in gone)) names[s] = "S" (++named)
  for (i = 1; i <= n; i++) if (!(on[i] in gone)) kept[++k] = i
  runs()
  for (j = 1; j <= k; j++) { out[j] = compared(j); reasons[j] = why; was[j] = written(kept[j]) }
  for (j = 2; j <= k; j++) if (swap[j]) { s = out[j]; out[j] = out[j - 1]; out[j - 1] = s }
  for (j = 1; j <= k; j++)
    if (annotate) print was[j] "\t" out[j] "\t" (out[j] == was[j] ? "" : reasons[j])
    else if (out[j] != "") print out[j]
}
# runs: each longest run of kept calls that fit a run entry, one of them its `in`, becomes one.
function runs(   j, e, to, have, done) {
  for (j = 1; j <= k; j = to + 1) {
    kept2[++done] = kept[to = j]
    for (e = 1; e <= entries; e++) {
      if (active[e] != "run") continue
      for (have = 0; to <= k && fits(written(kept[to], on[kept[to]]), e, "run"); to++)
        have = have || fits(written(kept[to], on[kept[to]]), e, "in")
      if (have) { text[kept[j]] = substr(field[e, "do"], 8); to--; break }
      to = j
    }
  }
  for (k = 0; k < done; ) { k++; kept[k] = kept2[k] }
}
# written I [SELF]: call I as strace wrote it (-> as =>, pointers <ptr>), SELF as S; "": no call.
function written(i, self,   s) {
  if (i == "") return ""
  if (i in text) return text[i]
  if (rest[i] == "" && results[i] == "") return called[i]
  s = called[i] "(" (on[i] == "" || called[i] == "socket" ? "" : label(on[i], self)) rest[i] " "
  s = s (made[i] != "" ? "= " label(made[i], self) : results[i])
  gsub(/->/, " => ", s)
  gsub(/0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]+/, "<ptr>", s)
  return s
}
# label SOCKET SELF: S for SELF, else its name (none yet: ?).
function label(socket, self) {
  return socket == self ? "S" : (socket in names) ? names[socket] : "?"
}
# fits S E KEY: S matches the whole ERE of entry E's KEY (true when E has none).
function fits(s, e, key) { return !((e, key) in field) || s ~ ("^(" field[e, key] ")$") }
# compared J: kept call J as Python's original would make it, by the first entry it fits, with
# that entry's reason in `why`; empty to leave it out; swap[J]: it goes before the call before.
function compared(j,   i, s, e, w, at) {
  i = kept[j]
  s = written(i)
  why = ""
  for (e = 1; e <= entries; e++) {
    if (active[e] != "call" || !fits(written(i, on[i]), e, "call")) continue
    if (!fits(written(kept[j - 1], on[i]), e, "before") ||
      !fits(written(kept[j + 1], on[i]), e, "after")) continue
    why = field[e, "reason"]
    if (field[e, "do"] == "swap") { swap[j] = 1; return s }
    if (split(substr(field[e, "do"], 9), w, / by /) != 2) return ""
    # replace W[1] by W[2]: its last occurrence (a payload comes before what is replaced).
    for (at = length(s) - length(w[1]) + 1; substr(s, at, length(w[1])) != w[1]; at--) ;
    return substr(s, 1, at - 1) w[2] substr(s, at + length(w[1]))
  }
  return s
}
