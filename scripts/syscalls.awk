# The socket calls of one program, read from `strace -f -o FILE` output (strace 6.1; an older
# strace's [128->16] reads as [128 => 16]), for check.sh --syscalls:
#   LC_ALL=C awk -v accepted=scripts/accepted/syscalls -v lang=rust|python -v network=own|host \
#     [-v annotate=1] [-v without=ID] -f scripts/syscalls.awk TRACE
# Prints the calls on the program's own IPv4 and IPv6 sockets, in order, close included, as strace
# writes them but with sockets named S1, S2, ... in the order made and pointers as <ptr>, each
# changed or left out as the first entry of `accepted` it fits says (without=ID: not entry ID).
# annotate=1: every call as WRITTEN<TAB>COMPARED<TAB>REASON (COMPARED empty when left out; REASON
# the entry's when they differ), which scripts/side-by-side.awk reads.
BEGIN {
  if (accepted == "") fail("usage: awk -v accepted=scripts/accepted/syscalls -v lang=rust ...")
  while ((got = (getline line < accepted)) > 0) {
    key = line
    sub(/ .*/, "", key)
    if (key == "entry") id[++entries] = substr(line, 7)
    else if (entries && key ~ /^(reason|proven-by|lang|network|call|before|after|sequence|do)$/)
      field[entries, key] = field[entries, key] substr(line, length(key) + 2)
    else if (line !~ /^(#|$)/) fail(accepted ": what is this? " line)
  }
  if (got < 0) fail("cannot read " accepted)
  for (e = 1; e <= entries; e++) {
    kind = ((e, "call") in field) ? "call" : "sequence"
    if (!((e, "reason") in field && (e, "proven-by") in field && (e, "lang") in field) ||
      ((e, "call") in field) == ((e, "sequence") in field) ||
      field[e, "do"] !~ (kind == "call" ? "^(drop|replace .+ by .+)$" : "^$"))
      fail(accepted ": entry " id[e] " lacks a key, or has one too many")
    # The entries for this program, and their kind.
    if (id[e] == without || !index(" " field[e, "lang"] " ", " " lang " ") ||
      ((e, "network") in field) && field[e, "network"] != network) kind = ""
    active[e] = kind
  }
}
function fail(m) { print "syscalls.awk: " m | "cat 1>&2"; failed = 1; exit 2 }
{
  line = $0
  # With -f and -o, each line starts with the process id.
  pid = ""
  if (match(line, /^[0-9]+ +/)) { pid = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1) }
  # A call interrupted by another process's comes in two lines: join them.
  if (sub(/ <unfinished \.\.\.>$/, "", line)) { pending[pid] = line; next }
  if (match(line, /^<\.\.\. [a-z0-9_]+ resumed> ?/)) line = pending[pid] substr(line, RLENGTH + 1)
  # Signals and exits ("--- SIGTERM ...", "+++ exited with 0 +++") are not calls.
  if (match(line, /^[a-z0-9_]+\(/)) read_call(line)
}
# read_call LINE: a call on one of the program's sockets as call n: called[n] on socket on[n],
# which made socket made[n] (socket(), accept), its arguments after the socket rest[n], results[n].
function read_call(line,   name, first, args, result, ret) {
  name = substr(line, 1, RLENGTH - 1)
  args = substr(line, RLENGTH + 1)
  # The result follows the last ")" and the "=" that strace pads with spaces.
  if (!match(args, /\) +=[^"]*$/)) return
  result = substr(args, RSTART + 1)
  sub(/^ +/, "", result)
  args = substr(args, 1, RSTART)
  ret = substr(result, 3)
  sub(/ .*/, "", ret)
  # The first argument: the family for socket(), a descriptor for every other call kept here.
  first = args
  sub(/[,)].*/, "", first)
  if (name == "socket") {
    # A socket() that failed made nothing to follow (the C library's name lookup asks for one of
    # each family it found, and IPv6 may be missing).
    if (first !~ /^AF_INET6?$/ || ret !~ /^[0-9]+$/) return
    n++
    on[n] = made[n] = open_socket(ret)
  } else if (first in open) {
    on[++n] = open[first]
    args = substr(args, length(first) + 1)
    made[n] = (name ~ /^accept4?$/ && ret ~ /^[0-9]+$/) ? open_socket(ret) : ""
    if (name == "close") delete open[first]
  } else return
  called[n] = name; rest[n] = args; results[n] = result
}
# open_socket FD: a new socket, known by the order it was made in, from now on at FD.
function open_socket(fd) { open[fd] = ++sockets; return sockets }
# The sockets a sequence entry takes away go with their calls; each kept call as compared.
END {
  if (failed) exit 2
  for (i = 1; i <= n; i++) calls[on[i]] = calls[on[i]] written(i, on[i]) ";"
  for (s in calls)
    for (e = 1; e <= entries; e++)
      if (active[e] == "sequence" && fits(calls[s], e, "sequence")) gone[s] = 1
  for (s = 1; s <= sockets; s++) if (!(s in gone)) names[s] = "S" (++named)
  for (i = 1; i <= n; i++) if (!(on[i] in gone)) kept[++k] = i
  for (j = 1; j <= k; j++) {
    line = compared(j)
    if (annotate) {
      was = written(kept[j])
      print was "\t" line "\t" (line == was ? "" : why)
    } else if (line != "") print line
  }
}
# written I [SELF]: call I as strace wrote it (-> as =>, pointers <ptr>), SELF as S; "": no call.
function written(i, self,   s) {
  if (i == "") return ""
  s = called[i] "(" (called[i] == "socket" ? "" : label(on[i], self)) rest[i] " "
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
# that entry's reason in `why`; empty to leave it out.
function compared(j,   i, s, e, w, at) {
  i = kept[j]
  s = written(i)
  why = ""
  for (e = 1; e <= entries; e++) {
    if (active[e] != "call" || !fits(written(i, on[i]), e, "call")) continue
    if (!fits(written(kept[j - 1], on[i]), e, "before") ||
      !fits(written(kept[j + 1], on[i]), e, "after")) continue
    why = field[e, "reason"]
    if (split(substr(field[e, "do"], 9), w, / by /) != 2) return ""
    # replace W[1] by W[2]: its last occurrence (a payload comes before what is replaced).
    for (at = length(s) - length(w[1]) + 1; substr(s, at, length(w[1])) != w[1]; at--) ;
    return substr(s, 1, at - 1) w[2] substr(s, at + length(w[1]))
  }
  return s
}
