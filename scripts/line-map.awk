# `[PYTHON_REFERENCE=DIR] awk -f scripts/line-map.awk scripts/line-maps.md`: the Python-to-Rust
# line maps held to the code: a table Python | Rust | 不同之处 after a line
# <!-- line map: PROGRAM --> for each program of scripts/pairs (PROGRAM/src/main.rs in the folder
# above the page's). A row's Python cell is one code span, a statement; its Rust cell code spans,
# each in the code (lexed) of exactly one line of main.rs, or of the K-th of lines alike word for
# word with （第 K 处） after it, its (), [] and {} outside "literals" balanced unless a … after it
# marks a cut; in main.rs's order, a table's at non-decreasing lines, a line quoted again standing
# where quoted last. With
# PYTHON_REFERENCE, the Python cells are, in order, once each, DIR/ORIGINAL's lines (scripts/pairs)
# neither blank nor a comment, trimmed. Each problem a line on stderr, "PAGE line map, PROGRAM:
# Python "STATEMENT": WHAT, PAGE:N", status 1 (2: usage); no table is one too.
# Bytes only; mawk, gawk, busybox awk.
BEGIN {
  if (ARGC != 2) {
    usage = "usage: [PYTHON_REFERENCE=DIR] awk -f scripts/line-map.awk scripts/line-maps.md"
    print usage | "cat 1>&2"
    exit fatal = 2
  }
  root = map = ARGV[1]
  sub(/[^\/]*$/, "", root); root = root "../" # the page's folder's parent
  python = ENVIRON["PYTHON_REFERENCE"]
  pairs = root "scripts/pairs" # rows: protocol server client server.py client.py
  while ((getline line < pairs) > 0)
    if (split(line, f, " ") >= 5 && f[1] !~ /^#/)
      for (p = 2; p <= 3; p++) {
        program[++nprograms] = f[p]
        pyname[f[p]] = f[p + 2]
        programs = programs (nprograms > 1 ? " " : "") f[p]
      }
  close(pairs)
  if (!nprograms) problem("", "", "no programs in " pairs)
  else if ((getline line < map) < 0) problem("", "", "cannot read " map)
  close(map)
  if (problems) exit fatal = 1
  open = "（第"; shut = "处）"
}
# problem PROGRAM PYTHON WHAT: one line on stderr; returns 0 (return problem(...) gives up).
function problem(prog, py, what) {
  print map " line map" (prog != "" ? ", " prog : "") (py != "" ? ": Python \"" py "\"" : "") \
    ": " what (here ? ", " map ":" here : "") | "cat 1>&2"
  problems++
  return 0
}
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
# lines FILE PROGRAM: a main.rs as rust[PROGRAM, I], or a Python original's lines that are neither
# blank nor a comment, trimmed, as stmt[PROGRAM, I] (stmtline: where); how many (0: unreadable).
function lines(file, prog,   line, n, nlines, status) {
  while ((status = getline line < file) > 0) {
    sub(/\r$/, "", line)
    nlines++
    if (file ~ /\.rs$/) rust[prog, ++n] = line
    else if ((line = trim(line)) != "" && substr(line, 1, 1) != "#")
      { stmt[prog, ++n] = line; stmtline[prog, n] = nlines }
  }
  close(file)
  return status < 0 ? 0 : n
}
# load PROGRAM (once): its main.rs (rust, nrust, kinds) and with PYTHON_REFERENCE its original.
function load(prog,   file) {
  if (prog in seen) return
  if (!(nrust[prog] = lines(file = root prog "/src/main.rs", prog)))
    problem(prog, "", "cannot read " file)
  lex(prog)
  if (python != "" && !(nstmt[prog] = lines(file = python "/" pyname[prog], prog)))
    problem(prog, "", "cannot read the Python original " file)
}
# lex PROGRAM: kinds[PROGRAM, I] has a byte for each byte of line I of main.rs: c code (with the
# quotes that open and close a literal), s inside a literal ("..." with \ escapes, r"...",
# r#"..."#, b"...", chars as '"' or '\''; a ' that opens no char is a lifetime), / comment (// to
# the line's end; /* */, nested, over lines: depth). delim: what ends the literal the lexer is in.
function lex(prog,   i, j, s, p, n, t, k, depth, delim, esc) {
  for (i = 1; i <= nrust[prog]; i++) {
    s = rust[prog, i]
    for (p = 1; p <= length(s); p += n) {
      t = substr(s, p, 2)
      n = 1
      k = depth ? "/" : delim != "" ? "s" : "c"
      if (k != "s" && (t == "/*" || (depth && t == "*/"))) {
        depth += t == "/*" ? 1 : -1
        n = 2
        k = "/"
      } else if (k == "s" && esc && t ~ /^\\/) n = 2
      else if (k == "s" && substr(s, p, length(delim)) == delim) {
        k = "c"
        n = length(delim)
        delim = ""
      } else if (k == "c" && t == "//") {
        k = "/"
        n = length(s) - p + 1
      } else if (k == "c" && (p == 1 || substr(s, p - 1, 1) !~ /[A-Za-z0-9_]/) &&
          match(substr(s, p), /^b?r#*"/)) {
        delim = substr(s, p, n = RLENGTH)
        gsub(/[^#]/, "", delim)
        delim = "\"" delim
        esc = 0
      } else if (k == "c" && (t ~ /^"/ ||
          match(substr(s, p), /^'(\\.[^']*|[^\\'][^ -~]?[^ -~]?[^ -~]?)'/))) {
        delim = substr(t, 1, 1)
        esc = 1
      }
      for (j = n; j > 0; j--) kinds[prog, i] = kinds[prog, i] k
    }
  }
}
# live PROGRAM I QUOTE: where QUOTE first starts in line I of main.rs with its first byte code and
# no byte comment; 0 if QUOTE is not in the line, -1 if it is but not so (notlive says where).
function live(prog, i, quote,   at, p, k) {
  notlive = ""
  while ((p = index(substr(rust[prog, i], at + 1), quote)) > 0) {
    k = substr(kinds[prog, i], at += p, length(quote))
    if (k ~ /^c[cs]*$/) return at
    if (notlive == "") notlive = k ~ /^s[cs]*$/ ? "a string or char literal" : "a comment"
  }
  return notlive == "" ? 0 : -1
}
# cells LINE: the cells of a table row as cell[1..N], trimmed; returns N. "\|" is a "|" in a cell.
function cells(line,   n, i) {
  gsub(/\\\|/, "\001", line)
  sub(/^[ \t]*\|/, "", line)
  sub(/\|[ \t]*$/, "", line)
  n = split(line, cell, "|")
  for (i = 1; i <= n; i++) { gsub(/\001/, "|", cell[i]); cell[i] = trim(cell[i]) }
  return n
}
# spans TEXT: its code spans as span[1..N], the text after each up to the next span as after[1..N];
# returns N, or -1 if a backtick is not closed.
function spans(text,   n, i) {
  while ((i = index(text, "`")) > 0) {
    text = substr(text, i + 1)
    if (!(i = index(text, "`"))) return -1
    span[++n] = substr(text, 1, i - 1)
    text = substr(text, i + 1)
    after[n] = (i = index(text, "`")) ? substr(text, 1, i - 1) : text
  }
  return n
}
# resolve PROGRAM PYTHON QUOTE AFTER: the line of main.rs QUOTE stands for, or 0 (the problem
# said); quoted is then QUOTE as a message shows it, col where it starts.
function resolve(prog, py, quote, follow,   file, k, n, i, c, hits, end, shown, why) {
  file = prog "/src/main.rs"
  shown = "its Rust line `" quote "`"
  if (quote == "") return problem(prog, py, "an empty code span in the Rust column")
  if (substr(follow = trim(follow), 1, length(open)) == open) { # （第 K 处）: the K-th such line
    follow = substr(follow, length(open) + 1)
    k = (end = index(follow, shut)) ? trim(substr(follow, 1, end - 1)) : ""
    if (k !~ /^[1-9][0-9]*$/)
      return problem(prog, py, shown " is followed by " open " but not by a number and " shut)
    shown = shown open " " (k += 0) " " shut
  }
  for (i = 1; i <= nrust[prog]; i++)
    if ((c = live(prog, i, quote)) > 0) {
      hit[++n] = i; hitcol[n] = c; hits = hits (n > 1 ? ", " : "") i
    } else if (c < 0 && why == "") why = notlive " of " file " (line " i ")"
  if (n == 0 && why != "") return problem(prog, py, shown " is only in " why ", not in its code")
  if (n == 0) return problem(prog, py, shown " is not in " file)
  if (k == 0 && n > 1) return problem(prog, py, shown " is in " n " lines of " file " (lines " \
    hits "): quote a part that is in one line only")
  if (k > 0 && n == 1) return problem(prog, py, shown ": it is in one line only of " file \
    " (line " hits "), so leave out " open " " k " " shut)
  if (k > n)
    return problem(prog, py, shown ": it is in only " n " lines of " file " (lines " hits ")")
  for (i = 2; i <= n; i++)
    if (trim(rust[prog, hit[i]]) != trim(rust[prog, hit[1]]))
      return problem(prog, py, shown ": the lines of " file " it is in (" hits ") are not the " \
        "same line: quote a part that is in one line only, without " open " K " shut)
  quoted = substr(shown, length("its Rust line ") + 1)
  col = hitcol[k = k ? k : 1]
  return hit[k]
}
# unbalanced CODE: what of CODE's (), [] and {} outside its "string literals" does not balance.
function unbalanced(code,   stack, c, i, instr, esc) {
  for (i = 1; i <= length(code); i++) {
    c = substr(code, i, 1)
    if (instr) {
      if (!esc && c == "\"") instr = 0
      esc = !esc && c == "\\"
    } else if (c == "\"") instr = 1
    else if (index("([{", c)) stack = stack c
    else if (index(")]}", c)) {
      if (substr(stack, length(stack)) != substr("([{", index(")]}", c), 1))
        return "a " c " that closes nothing"
      stack = substr(stack, 1, length(stack) - 1)
    }
  }
  return instr ? "a string literal not closed" : stack != "" ? stack " not closed" : ""
}
# row PROGRAM LINE: a row of PROGRAM's table. Its spans in main.rs's order go to order() as
# spanline[1..nspans] (the line), spanquote (as a message shows it), spanpy (the row's Python).
function row(prog, line,   n, py, m, i, at, last, end, lastquote, why) {
  here = NR
  n = cells(line)
  if ((m = spans(cell[1])) == 1) py = span[1]
  if (n != 3)
    return problem(prog, py, "the row has " n " cells, not 3 (Python | Rust | 不同之处): " line)
  if (m != 1)
    return problem(prog, "", "the row's Python cell is not one code span, the statement: " line)
  rows++
  pyrow[++npy] = py
  if ((m = spans(cell[2])) < 0)
    return problem(prog, py, "a backtick in the Rust column is not closed")
  if (m == 0) return problem(prog, py, "no Rust line: the Rust column quotes none")
  for (i = 1; i <= m; i++) {
    if ((why = unbalanced(span[i])) != "" && substr(trim(after[i]), 1, length("…")) != "…")
      problem(prog, py, "the Rust span `" span[i] "` has " why \
        ": quote the whole expression, or mark the cut with … right after the span")
    if (!(at = resolve(prog, py, span[i], after[i]))) continue
    if (at < last || (at == last && col < end))
      problem(prog, py, "its Rust lines are not in the order of " prog "/src/main.rs: " quoted \
        " (line " at ") is listed after " lastquote " (line " last ")")
    else {
      last = spanline[++nspans] = at
      end = col + length(span[i])
      lastquote = spanquote[nspans] = quoted
      spanpy[nspans] = py
    }
  }
}
# order PROGRAM: the spans of the table just read at non-decreasing lines, each line standing only
# where it is quoted last (again[J]: quoted again further down).
function order(prog,   j, prev, later, again) {
  for (j = nspans; j >= 1; j--) { again[j] = (spanline[j] in later); later[spanline[j]] = 1 }
  for (j = 1; j <= nspans; j++) {
    if (again[j]) continue
    if (prev && spanline[j] < spanline[prev])
      problem(prog, spanpy[j], "its Rust line " spanquote[j] " (" prog "/src/main.rs line " \
        spanline[j] ") comes before " spanquote[prev] " (line " spanline[prev] \
        "), which is listed above it (Python \"" spanpy[prev] "\")")
    prev = j
  }
}
# python_order PROGRAM: the Python column of the table just read against the script: a longest
# common subsequence of rows and statements; each row and statement outside it named once.
function python_order(prog,   s, i, j, k, q, L, instmt, nu, ns, g, t, moved, paired, script) {
  s = nstmt[prog]
  script = pyname[prog]
  for (i = npy + 1; i >= 1; i--)
    for (j = s + 1; j >= 1; j--)
      if (i > npy || j > s) L[i, j] = 0
      else if (pyrow[i] == stmt[prog, j]) L[i, j] = L[i + 1, j + 1] + 1
      else L[i, j] = L[i + 1, j] >= L[i, j + 1] ? L[i + 1, j] : L[i, j + 1]
  for (j = 1; j <= s; j++) instmt[stmt[prog, j]] = j
  # The rows (urow) and statements (ustmt) left out, each with its gap (between which matches).
  i = j = g = 1
  while (i <= npy || j <= s)
    if (i <= npy && j <= s && pyrow[i] == stmt[prog, j]) { g++; i++; j++ }
    else if (j > s || (i <= npy && L[i + 1, j] >= L[i, j + 1])) {
      urowgap[++nu] = g; urow[nu] = i++
    } else { ustmtgap[++ns] = g; ustmt[ns] = j++ }
  # A row that is a statement elsewhere is out of place, its statement not missing (paired -1); a
  # row that is none stands in for the first missing statement of its gap not yet paired.
  for (k = 1; k <= nu; k++)
    if (pyrow[urow[k]] in instmt) moved[pyrow[urow[k]]]++
  for (q = 1; q <= ns; q++)
    if (moved[stmt[prog, ustmt[q]]]-- > 0) paired[q] = -1
  for (k = 1; k <= nu; k++)
    if ((t = pyrow[urow[k]]) in instmt) problem(prog, t, "the row is out of place: the rows " \
      "follow " script ", and this is its line " stmtline[prog, instmt[t]])
    else {
      for (q = 1; q <= ns && ((q in paired) || ustmtgap[q] != urowgap[k]); q++);
      paired[q] = k
      problem(prog, t, "it is not a statement of " script (q > ns ? "" : "; in its place " \
        script " has \"" stmt[prog, ustmt[q]] "\" (line " stmtline[prog, ustmt[q]] ")"))
    }
  for (q = 1; q <= ns; q++)
    if (!(q in paired))
      problem(prog, stmt[prog, ustmt[q]], "no row for it (" script " line " \
        stmtline[prog, ustmt[q]] ")")
}
function end_table() {
  if (table == "") return
  here = markerline
  order(table)
  if (tablelines <= 2) problem(table, "", "the table after line " markerline " has no rows")
  else if (python != "" && nstmt[table] > 0) python_order(table)
  ntables++; allrows += rows; table = ""
}
function unfollowed() { # the marker waiting for its table has none
  if (waiting != "")
    problem(waiting, "", "the marker on line " markerline " is not followed by a table")
  waiting = ""
}
{ sub(/\r$/, "") }
/^[ \t]*```/ { end_table(); fenced = !fenced; next } # fenced code blocks: no markers, no tables
fenced { next }
/^[ \t]*<!--[ \t]*line map:/ {
  end_table()
  here = NR
  unfollowed()
  name = $0
  sub(/^[ \t]*<!--[ \t]*line map:[ \t]*/, "", name)
  sub(/[ \t]*-->[ \t]*$/, "", name)
  markerline = NR
  if (name in pyname) waiting = name
  else problem(name, "", "no such program (scripts/pairs has " programs ")")
  next
}
table != "" && /^[ \t]*\|/ {
  if (++tablelines > 2) row(table, $0)
  else if ($0 !~ /^[ \t]*\|?[ \t|:-]*-[ \t|:-]*$/) problem(table, "", "the table after line " \
    markerline " has no delimiter row (| --- | --- | --- |) under its header")
  next
}
table != "" { end_table() }
waiting != "" && /^[ \t]*\|/ {
  load(table = waiting); seen[table]++
  rows = npy = nspans = 0; tablelines = 1; waiting = ""
  if (cells($0) != 3) problem(table, "", "the table after line " markerline " has " cells($0) \
    " columns, not 3 (Python | Rust | 不同之处)")
  next
}
waiting != "" && !/^[ \t]*$/ { unfollowed() }
END {
  if (fatal) { close("cat 1>&2"); exit fatal }
  end_table()
  unfollowed()
  here = 0
  for (p = 1; p <= nprograms; p++)
    if (!(program[p] in seen)) problem(program[p], "", "no table: a line <!-- line map: " \
      program[p] " --> and the table right after it")
  close("cat 1>&2")
  if (problems) exit 1
  printf "%s line map: %d tables, %d rows; each Rust quote is code of one line of its main.rs, " \
    "all in its order", map, ntables, allrows
  if (python != "") print "; the Python cells are the statements of the scripts in " python \
    ", in order"
  else print "; Python cells not checked (set PYTHON_REFERENCE=DIR)"
}
