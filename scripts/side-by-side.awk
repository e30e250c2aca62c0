# A Python original's socket calls and its Rust port's, one list above the other's, lined up on the
# calls as scripts/syscalls.awk compares them, each difference with the reason syscalls.awk gives
# for it. Every line fits in 100 columns (a CJK character takes 2).
#
#   LC_ALL=C awk -v program=tcp-server -v left="Python tcp_server.py (scripts/expected/...)" \
#     -v right="Rust tcp-server (traced now)" -f scripts/side-by-side.awk ORIGINAL RUST
#
# RUST is the output of scripts/syscalls.awk -v annotate=1 (see its head) for a trace: one call a
# line, as WRITTEN<TAB>COMPARED<TAB>REASON. ORIGINAL is the same for a traced original (with
# lang=python), or a transcript scripts/expected/PROGRAM.syscalls, one call a line, each compared
# as it is written. The two lists are lined up on COMPARED (a longest common subsequence).
#
# It prints a heading, "LEFT" then "  vs RIGHT" (left and right title the two sides, by default
# "Python PROGRAM" and "Rust PROGRAM"), a line that explains the markers, then one entry for each
# aligned call, its marker first:
#   = CALL       the same call on both sides, written the same: shown once
#   P CALL       the same call, written differently: Python's form (P), then Rust's (R), each
#   R CALL       followed by the reason for it, if any
#   + CALL       a call on the Rust side only, or - on the Python side only: one syscalls.awk
#   - CALL       leaves out, with its reason, or else one the check does not accept, marked
#                NOT ACCEPTED
#     ^ REASON   a reason (or NOT ACCEPTED) is under the call it is about
# A call wider than the page goes on after one of its ", " on lines indented by 4, a reason after a
# space; a piece wider than a whole line (a long string) is cut where the line is full.
#
# Octal escapes in strace's strings that spell UTF-8 characters are shown as those characters, so
# run it under LC_ALL=C: awk then works on bytes, whatever the terminal's locale. POSIX awk (mawk,
# gawk, busybox awk, original-awk).

BEGIN {
  # In a UTF-8 locale gawk counts characters, not bytes, and writes %c as UTF-8.
  if (length("\303\251") != 2) fail("run me under LC_ALL=C")
  if (ARGC != 3) fail("usage: LC_ALL=C awk [-v program=NAME] [-v left=TITLE] [-v right=TITLE] " \
    "-f scripts/side-by-side.awk ORIGINAL RUST")
  if (left == "") left = "Python " (program != "" ? program : "original")
  if (right == "") right = "Rust " (program != "" ? program : "port")
  read(ARGV[1], "L")
  read(ARGV[2], "R")
  align()
  show()
  exit 0
}

# fail MESSAGE: say so on stderr and stop.
function fail(message) {
  print "side-by-side.awk: " message | "cat 1>&2"
  close("cat 1>&2")
  exit 2
}

# read FILE SIDE: the calls in FILE as calls[SIDE], and written[SIDE, I], compared[SIDE, I] and
# reason[SIDE, I] for I = 1 .. calls[SIDE]. A line without a TAB is compared as it is written.
function read(file, side,   line, got, n, f) {
  calls[side] = 0
  while ((got = (getline line < file)) > 0) {
    if (line == "") continue
    n = split(line, f, "\t")
    calls[side]++
    written[side, calls[side]] = f[1]
    compared[side, calls[side]] = n > 1 ? f[2] : f[1]
    reason[side, calls[side]] = n > 2 ? f[3] : ""
  }
  if (got < 0) fail("cannot read " file)
  close(file)
}

# align: the rows to show, rows in all, each the number of a left call (lrow[R]) and/or of a right
# one (rrow[R], 0 for none). common[I, J] is the length of a longest common subsequence of the
# left calls from I on and the right calls from J on; calls left out (compared as "") never match.
function align(   nl, nr, i, j) {
  nl = calls["L"]
  nr = calls["R"]
  for (i = nl + 1; i >= 1; i--)
    for (j = nr + 1; j >= 1; j--)
      if (i > nl || j > nr) common[i, j] = 0
      else if (same(i, j)) common[i, j] = common[i + 1, j + 1] + 1
      else if (common[i + 1, j] >= common[i, j + 1]) common[i, j] = common[i + 1, j]
      else common[i, j] = common[i, j + 1]
  # Walk along it: a match is a row of two; otherwise the left call first, as diff does.
  rows = 0
  i = j = 1
  while (i <= nl || j <= nr) {
    rows++
    if (i <= nl && j <= nr && same(i, j)) { lrow[rows] = i++; rrow[rows] = j++ }
    else if (i <= nl && (j > nr || common[i + 1, j] >= common[i, j + 1])) {
      lrow[rows] = i++
      rrow[rows] = 0
    } else { lrow[rows] = 0; rrow[rows] = j++ }
  }
}

# same I J: left call I and right call J are compared equal.
function same(i, j) {
  return compared["L", i] != "" && compared["L", i] == compared["R", j]
}

# show: the heading, the legend, then each row: a call both sides write the same once, else each
# side's call with its reason.
function show(   r, l, rr) {
  wrap(left, "", "    ", " ")
  wrap(right, "  vs ", "       ", " ")
  print "(= same on both sides; P, R: Python's form, then Rust's; + Rust only; - Python only;" \
    " ^ why)"
  for (r = 1; r <= rows; r++) {
    l = lrow[r]
    rr = rrow[r]
    if (l && rr && written["L", l] == written["R", rr]) entry("=", "L", l)
    else {
      if (l) entry(rr ? "P" : "-", "L", l, !rr)
      if (rr) entry(l ? "R" : "+", "R", rr, !l)
    }
  }
}

# entry MARKER SIDE I ALONE: call I of SIDE after MARKER, then (but for =) its reason. ALONE: the
# call has no partner on the other side, which the check accepts only for a call syscalls.awk
# leaves out.
function entry(marker, side, i, alone) {
  wrap(shown(written[side, i]), marker " ", "    ", ", ")
  if (marker == "=") return
  if (reason[side, i] != "") wrap(reason[side, i], "  ^ ", "    ", " ")
  if (alone && compared[side, i] != "") {
    wrap("NOT ACCEPTED: the other program makes no such call here" \
      (compared[side, i] == written[side, i] ? "" : " (compared as: " shown(compared[side, i]) ")"),
      "  ^ ", "    ", " ")
  }
}

# wrap TEXT FIRST INDENT SEP: print TEXT after FIRST, in lines of at most 100 columns, each further
# one after INDENT. A line ends after a SEP (", " or " ") outside strace's strings, its last space
# dropped (so a piece's last space is not counted); a piece wider than a whole line is cut where
# the line is full.
function wrap(text, first, indent, sep,   line, piece, n) {
  line = first
  while (text != "") {
    piece = upto(text, sep)
    text = substr(text, length(piece) + 1)
    # A line that holds more than its start ends before a piece that does not fit.
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

# upto S SEP: the start of S up to its first SEP outside a string ("...", with \ escapes), that
# SEP included; all of S if there is none.
function upto(s, sep,   i, c, quoted) {
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "\\") i++
    else if (c == "\"") quoted = !quoted
    else if (!quoted && substr(s, i, length(sep)) == sep) return substr(s, 1, i + length(sep) - 1)
  }
  return s
}

# fit S WIDTH: how many bytes of S, whole characters, fit in WIDTH columns (a continuation byte
# takes none, so the first byte that does not fit starts a character).
function fit(s, width,   i, n) {
  for (i = 1; i <= length(s); i++)
    if ((n += columns(substr(s, i, 1))) > width) return i - 1
  return length(s)
}

# shown S: S with each run of octal escapes that spells one UTF-8 character (a lead byte, then 1 to
# 3 continuation bytes, each \200 to \277) turned into that character. Every other escape (\n,
# \", \\, \0, a lone byte) stays as strace wrote it. Only strings hold backslashes in strace's
# output, so only strings change.
function shown(s,   out, v, more, k) {
  out = ""
  while (match(s, /\\/)) {
    out = out substr(s, 1, RSTART - 1)
    s = substr(s, RSTART)
    v = (substr(s, 1, 4) ~ /^\\[0-7][0-7][0-7]$/) ? octal(substr(s, 2, 3)) : 0
    # How many continuation bytes the lead byte v announces (0: v leads no character).
    more = (v >= 194 && v <= 223) ? 1 : (v >= 224 && v <= 239) ? 2 : (v >= 240 && v <= 244) ? 3 : 0
    for (k = 1; k <= more; k++)
      if (substr(s, 4 * k + 1, 4) !~ /^\\2[0-7][0-7]$/) more = 0
    if (!more) {
      # Not a character: the backslash and what it escapes, as they are.
      out = out substr(s, 1, 2)
      s = substr(s, 3)
      continue
    }
    for (k = 0; k <= more; k++) out = out sprintf("%c", octal(substr(s, 4 * k + 2, 3)))
    s = substr(s, 4 * (more + 1) + 1)
  }
  return out s
}

# octal DIGITS: the number three octal digits stand for.
function octal(digits) {
  return substr(digits, 1, 1) * 64 + substr(digits, 2, 1) * 8 + substr(digits, 3, 1)
}

# columns S: how many columns S takes on a terminal: a UTF-8 character that starts with a byte of
# \340 or more (CJK among them) takes 2, any other character 1. Continuation bytes take none.
function columns(s,   n, lead) {
  n = length(s)
  # Regexps as strings: gawk rejects these byte ranges as it reads the program, in a UTF-8
  # locale, before the check in BEGIN can say what is wrong.
  n -= gsub("[\200-\277]", "", s)
  lead = gsub("[\340-\377]", "", s)
  return n + lead
}
