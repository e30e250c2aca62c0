# The socket calls one program made, read from `strace -f -o FILE` output (tried with strace 6.1;
# an older strace's [128->16] is read as [128 => 16]). Used by `sh scripts/check.sh --syscalls`,
# which compares them with scripts/expected/PROGRAM.syscalls:
#   LC_ALL=C awk -v accepted=scripts/accepted/syscalls -v lang=rust -v network=own \
#     [-v annotate=1] [-v without=ID] -f scripts/syscalls.awk TRACE
# lang=python for a Python original; network=host for a program run on the machine's network.
# It prints the calls made on the program's own IPv4 and IPv6 sockets, in order, close included,
# as strace writes them but with descriptors named S1, S2, ... in the order the sockets were made
# and pointers as <ptr>; the entries of scripts/accepted/syscalls (its head says how they read)
# take out the differences that std, CPython or the C library impose; without=ID leaves entry ID
# out. With annotate=1 every call, those left out too, as WRITTEN<TAB>COMPARED<TAB>REASON (COMPARED
# empty when left out; REASON the entry's when they differ), as scripts/side-by-side.awk reads it.

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

# read_call LINE: note the call if it was made on one of the program's IPv4 or IPv6 sockets: call
# number n, called[n] on socket on[n] (numbered in the order they were made), which made socket
# made[n] (socket() and accept), with the arguments rest[n] after the socket, and results[n].
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
  called[n] = name
  rest[n] = args
  results[n] = result
}

# open_socket FD: a new socket, known by the order it was made in, from now on at FD.
function open_socket(fd) {
  open[fd] = ++sockets
  return sockets
}

# The sockets a sequence entry takes away go, with their calls; the others are named S1, S2, ...
# in the order they were made. Then each kept call as it is compared.
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

# written I [SELF]: call I as strace wrote it, with only what changes from run to run replaced,
# and socket SELF named S. Empty for no call.
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
function fits(s, e, key) {
  return !((e, key) in field) || s ~ ("^(" field[e, key] ")$")
}

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
