# The socket calls one program made, read from `strace -f -o FILE` output. Used by
# `sh scripts/check.sh --syscalls`, which compares them with scripts/expected/PROGRAM.syscalls:
#
#   awk -v lang=rust -f scripts/syscalls.awk TRACE      (lang=python for a Python original)
#   awk -v lang=rust -v annotate=1 -f scripts/syscalls.awk TRACE
#
# It keeps the calls made on the program's own IPv4 and IPv6 sockets, in order, close included,
# written as strace writes them. Only what changes from run to run is replaced: descriptors become
# S1, S2, ... in the order the sockets were made, a pointer <ptr>. Families, types, addresses and
# ports (the client's too: check.sh pins it, or checks it against the server's output), sizes,
# flags, lengths and payloads stay. Last, the differences that std or CPython impose are taken out: every one of them is in
# the function `imposed` at the end, with its reason.
#
# With annotate=1, every kept call is printed, those `imposed` leaves out too, as three fields
# separated by a TAB: the call as strace wrote it (normalized as above), the call as it is
# compared (empty when left out), and why the two differ (empty when they do not).
# scripts/side-by-side.awk shows two such lists next to each other.
#
# Tried with strace 6.1 (Debian 12). Older strace writes an address length as [128->16] where
# newer writes [128 => 16]; both are read.

{
  line = $0
  # With -f and -o, each line starts with the process id.
  pid = ""
  if (match(line, /^[0-9]+ +/)) { pid = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1) }
  # A call interrupted by another process's comes in two lines: join them.
  if (line ~ / <unfinished \.\.\.>$/) { sub(/ <unfinished \.\.\.>$/, "", line); pending[pid] = line; next }
  if (match(line, /^<\.\.\. [a-z0-9_]+ resumed> ?/)) line = pending[pid] substr(line, RLENGTH + 1)
  # Signals and exits ("--- SIGTERM ...", "+++ exited with 0 +++") are not calls.
  if (match(line, /^[a-z0-9_]+\(/)) read_call(line)
}

# read_call LINE: note the call if it was made on one of the program's IPv4 or IPv6 sockets.
function read_call(line,   name, first, args, result, ret) {
  name = substr(line, 1, RLENGTH - 1)
  args = substr(line, RLENGTH + 1)
  # The result follows the last ")" and the "=" that strace pads with spaces.
  if (!match(args, /\) +=[^"]*$/)) return
  result = substr(args, RSTART + 1)
  sub(/^ +/, "", result)
  args = substr(args, 1, RSTART)
  # The first argument: the family for socket(), a descriptor for every other call kept here.
  first = args
  sub(/[,)].*/, "", first)
  args = substr(args, length(first) + 1)
  ret = result
  sub(/^= /, "", ret)
  sub(/ .*/, "", ret)

  if (name == "socket") {
    # A socket() that failed made nothing to follow (the C library's name lookup asks for one of
    # each family it found, and IPv6 may be missing).
    if (first ~ /^AF_INET6?$/ && ret ~ /^[0-9]+$/) note(name, first, open_socket(ret), args, result)
    return
  }
  if (!(first in open)) return
  note(name, "", open[first], args, result)
  if ((name == "accept" || name == "accept4") && ret ~ /^[0-9]+$/) made[n] = open_socket(ret)
  # The C library's name lookup sorts the addresses it found by connecting a datagram socket of
  # its own to each of them at port 0 (then getsockname, close): that socket is not the program's.
  if (name == "connect" && args ~ /port=htons\(0\)/) lookup[open[first]] = 1
  if (name == "close") delete open[first]
}

# open_socket FD: a new socket, known by the order it was made in, from now on at FD.
function open_socket(fd) {
  open[fd] = ++sockets
  return sockets
}

# note NAME FAMILY SOCKET ARGS RESULT: call number n. SOCKET is the socket it was made on (or,
# for socket(), made), FAMILY the first argument of socket(), ARGS the arguments after the first.
function note(name, family, socket, args, result) {
  n++
  called[n] = name
  families[n] = family
  on[n] = socket
  made[n] = (name == "socket") ? socket : ""
  rest[n] = args
  results[n] = result
}

END {
  for (i = 1; i <= n; i++)
    if (!(on[i] in lookup)) kept[++k] = i
  for (j = 1; j <= k; j++) {
    line = imposed(j)
    if (annotate) {
      was = written(kept[j])
      print was "\t" line "\t" (line == was ? "" : why)
    } else if (line != "") print line
  }
}

# S SOCKET: the name of a kept socket: S1, S2, ... in the order they were made.
function S(socket) {
  if (!(socket in names)) names[socket] = "S" (++named)
  return names[socket]
}

# written I: call I as strace wrote it, with only what changes from run to run replaced.
function written(i,   s) {
  s = called[i] "(" (families[i] != "" ? families[i] : S(on[i])) rest[i] " "
  s = s (made[i] != "" ? "= " S(made[i]) : results[i])
  gsub(/->/, " => ", s)
  gsub(/0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]+/, "<ptr>", s)
  return s
}

# imposed J: kept call J as Python's original would make it; empty to leave it out. These are the
# only differences between a Rust program's calls and its original's that the check accepts. Each
# rule that changes or leaves out a call puts its reason in `why`, the sentence side-by-side.awk
# shows; `why` is empty for a call left as it is.
function imposed(j,   i, before, after, s) {
  i = kept[j]
  before = kept[j - 1]
  after = kept[j + 1]
  s = written(i)
  why = ""

  if (called[i] == "setsockopt" && s ~ /SOL_SOCKET, SO_REUSEADDR, \[1\]/ &&
      called[after] == "bind" && on[after] == on[i]) {
    if (lang == "python")
      why = "on the machine's network (--host-network), check.sh's reuse_wrapper sets " \
        "SO_REUSEADDR before each TCP bind (the article's script does not), so that the next " \
        "run can bind the port at once, without waiting out TIME_WAIT"
    else
      why = "std's TcpListener::bind sets SO_REUSEADDR on Unix: a restarted server can then " \
        "bind its port at once, even while a connection it left there is in TIME_WAIT"
    return ""
  }

  if (lang == "rust") {
    if (called[i] == "listen" && sub(/, 128\) = /, ", 5) = ", s))
      why = "std's TcpListener::bind always passes a backlog of 128; std has no way to ask for 5"
    if (called[i] ~ /^(accept4?|recvfrom)$/ && sub(/\[128 => /, "[", s))
      why = "std offers room for any family's address (a 128-byte sockaddr_storage); CPython " \
        "offers the size of its family's address (16 bytes for IPv4)"
    if (called[i] == "sendto" && sub(/, MSG_NOSIGNAL, /, ", 0, ", s))
      why = "std adds MSG_NOSIGNAL to every send: a send on a connection the peer has closed " \
        "then fails with EPIPE even where SIGPIPE's default action was restored. It is a second " \
        "guard: std and CPython both ignore SIGPIPE at start-up. On UDP it changes nothing"
    if (called[i] == "bind" && s ~ /sin_port=htons\(0\), sin_addr=inet_addr\("0\.0\.0\.0"\)/ &&
        called[before] == "socket" && made[before] == on[i]) {
      why = "std's UdpSocket has no unbound state: it is bound when made, here to 0.0.0.0 and " \
        "a port the system picks; Python's socket is given a port implicitly by its first sendto"
      return ""
    }
    if (called[i] == "fcntl" && s ~ /, F_GETFD\)/ && called[after] == "close" &&
        on[after] == on[i]) {
      why = "a debug build of Rust 1.95's std checks that the descriptor is still open before " \
        "closing it; release builds, and Rust 1.63's std, make no such call"
      return ""
    }
  }

  if (lang == "python") {
    if (called[i] == "getsockname" && called[before] ~ /^accept4?$/ && made[before] == on[i]) {
      why = "CPython's accept() wraps the new descriptor in a socket object, which asks for its " \
        "address to check that it is a valid socket; std makes no such check"
      return ""
    }
  }
  return s
}
