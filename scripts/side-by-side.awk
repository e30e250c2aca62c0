# A Python original's socket calls beside its Rust port's, lined up as scripts/syscalls.awk
# compares them, each difference with its reason (check.sh --syscalls --side-by-side):
#   LC_ALL=C awk [-v program=NAME] [-v left=TITLE] [-v right=TITLE] -f scripts/side-by-side.awk \
#     ORIGINAL RUST
# RUST: syscalls.awk -v annotate=1's output; ORIGINAL the same or a scripts/expected/*.syscalls
# (compared as written). Prints the titles, a legend, then each call after a marker (= same; P then
# R written differently; + Rust only; - Python only), under each but = "  ^ REASON", and NOT
# ACCEPTED for a call alone that syscalls.awk keeps; cut after ", " outside strings to 100 columns
# (CJK 2), octal escapes spelling UTF-8 as characters. LC_ALL=C; mawk, gawk, busybox awk.
BEGIN {
  # In a UTF-8 locale gawk counts characters, not bytes, and writes %c as UTF-8.
  if (length("\303\251") != 2) fail("run me under LC_ALL=C")
  if (ARGC != 3) fail("usage: LC_ALL=C awk [-v program=NAME] [-v left=TITLE] [-v right=TITLE] " \
    "-f scripts/side-by-side.awk ORIGINAL RUST")
  if (left == "") left = "Python " (program != "" ? program : "original")
  if (right == "") right = "Rust " (program != "" ? program : "port")
  read(ARGV[1], "L"); read(ARGV[2], "R")
  show()
  exit 0
}
function fail(m) { print "side-by-side.awk: " m | "cat 1>&2"; close("cat 1>&2"); exit 2 }
# read FILE SIDE: its calls[SIDE] calls as written[SIDE, I], compared[SIDE, I], reason[SIDE, I].
function read(file, side,   line, got, n, f) {
  while ((got = (getline line < file)) > 0)
    if (line != "") {
      n = split(line, f, "\t")
      written[side, ++calls[side]] = f[1]
      compared[side, calls[side]] = n > 1 ? f[2] : f[1]
      reason[side, calls[side]] = n > 2 ? f[3] : ""
    }
  if (got < 0) fail("cannot read " file)
  close(file)
}
# show: common[I, J]: a longest common subsequence's length, left calls from I on, right from J on
# (a call left out matches none); the heading, then the calls: a match one row, else left first.
function show(   nl, nr, i, j, m, l, r) {
  nl = calls["L"] + 0; nr = calls["R"] + 0
  for (i = nl + 1; i >= 1; i--)
    for (j = nr + 1; j >= 1; j--)
      common[i, j] = (i > nl || j > nr) ? 0 : same(i, j) ? common[i + 1, j + 1] + 1 : \
        (common[i + 1, j] >= common[i, j + 1]) ? common[i + 1, j] : common[i, j + 1]
  wrap(left, "", "    ", " ")
  wrap(right, "  vs ", "       ", " ")
  print "(= same on both sides; P, R: Python's form, then Rust's; + Rust only; - Python only;" \
    " ^ why)"
  for (i = j = 1; i <= nl || j <= nr; ) {
    m = i <= nl && j <= nr && same(i, j)
    l = (m || i <= nl && (j > nr || common[i + 1, j] >= common[i, j + 1])) ? i++ : 0
    r = (m || !l) ? j++ : 0
    if (m && written["L", l] == written["R", r]) entry("=", "L", l)
    else {
      if (l) entry(r ? "P" : "-", "L", l, !r)
      if (r) entry(l ? "R" : "+", "R", r, !l)
    }
  }
}
function same(i, j) { return compared["L", i] != "" && compared["L", i] == compared["R", j] }
# entry MARKER SIDE I ALONE: call I of SIDE after MARKER, then (but for =) its reason; ALONE: it
# has no partner, accepted only for a call syscalls.awk leaves out.
function entry(marker, side, i, alone) {
  wrap(shown(written[side, i]), marker " ", "    ", ", ")
  if (marker == "=") return
  if (reason[side, i] != "") wrap(reason[side, i], "  ^ ", "    ", " ")
  if (alone && compared[side, i] != "")
    wrap("NOT ACCEPTED: the other program makes no such call here" \
      (compared[side, i] == written[side, i] ? "" : " (compared as: " shown(compared[side, i]) ")"),
      "  ^ ", "    ", " ")
}
# wrap TEXT FIRST INDENT SEP: TEXT after FIRST in lines of at most 100 columns, each further one
# after INDENT, ending after a SEP outside strings (its last space dropped, and not counted).
function wrap(text, first, indent, sep,   line, piece, n) {
  line = first
  while (text != "") {
    piece = upto(text, sep)
    text = substr(text, length(piece) + 1)
    if (line != first && line != indent && columns(line piece) > 100 + (piece ~ / $/)) {
      sub(/ $/, "", line)
      print line
      line = indent
    }
    while (columns(line piece) > 100 + (piece ~ / $/)) {
      n = fit(piece, 100 - columns(line))
      print line substr(piece, 1, n)
      piece = substr(piece, n + 1)
      line = indent
    }
    line = line piece
  }
  sub(/ $/, "", line)
  print line
}
# upto S SEP: S up to its first SEP outside a string ("...", with \ escapes), SEP included.
function upto(s, sep,   i, c, quoted) {
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "\\") i++
    else if (c == "\"") quoted = !quoted
    else if (!quoted && substr(s, i, length(sep)) == sep) return substr(s, 1, i + length(sep) - 1)
  }
  return s
}
# fit S WIDTH: how many bytes of S, whole characters, fit in WIDTH columns.
function fit(s, width,   i, n) {
  for (i = 1; i <= length(s); i++)
    if ((n += columns(substr(s, i, 1))) > width) return i - 1
  return length(s)
}
# shown S: S with each run of octal escapes that spells one UTF-8 character (a lead byte, then 1
# to 3 bytes \200 to \277) as that character; every other escape as strace wrote it.
function shown(s,   out, v, more, k) {
  while (match(s, /\\/)) {
    out = out substr(s, 1, RSTART - 1)
    s = substr(s, RSTART)
    v = (substr(s, 1, 4) ~ /^\\[0-7][0-7][0-7]$/) ? octal(substr(s, 2, 3)) : 0
    more = (v >= 194 && v <= 223) ? 1 : (v >= 224 && v <= 239) ? 2 : (v >= 240 && v <= 244) ? 3 : 0
    for (k = 1; k <= more; k++)
      if (substr(s, 4 * k + 1, 4) !~ /^\\2[0-7][0-7]$/) more = 0
    for (k = 0; k <= more && more; k++) out = out sprintf("%c", octal(substr(s, 4 * k + 2, 3)))
    out = out (more ? "" : substr(s, 1, 2))
    s = substr(s, more ? 4 * (more + 1) + 1 : 3)
  }
  return out s
}
function octal(d) { return substr(d, 1, 1) * 64 + substr(d, 2, 1) * 8 + substr(d, 3, 1) }
# columns S: S's columns on a terminal: 2 for a character from lead byte \340 on (CJK), else 1.
function columns(s,   n) {
  n = length(s)
  # Regexps as strings: gawk in a UTF-8 locale rejects these byte ranges as it reads the program.
  n -= gsub("[\200-\277]", "", s)
  return n + gsub("[\340-\377]", "", s)
}
