# The Python-to-Rust line maps in README.md, held to the code: one table for each program of
# scripts/pairs (the manifest), each after a line <!-- line map: PROGRAM -->, with the columns
# Python | Rust | 不同之处.
#
#   awk -f scripts/line-map.awk README.md
#   PYTHON_REFERENCE=DIR awk -f scripts/line-map.awk README.md    (also checks the Python column)
#
# PROGRAM/src/main.rs is read beside the map (the folder README.md is in). The rules:
#  - each server and client of scripts/pairs has a table, and each table has rows
#    (a PROGRAM may have more than one table, e.g. an English one: each is checked);
#  - a row's Python cell is one code span, the Python statement; its Rust cell quotes one or more
#    Rust lines, each a code span whose text is in the code of exactly one line of main.rs. Only
#    where main.rs repeats a line word for word (so no part of it is in one line only) the span is
#    followed by （第 K 处）: the K-th of those lines. Each span's (), [] and {} outside its
#    "string literals" balance, unless a … right after the span marks a cut;
#  - code: main.rs is lexed into code, comments (// to the end of the line, so also /// and //!;
#    /* */, nested, over lines) and literals ("..." with \ escapes, r"..." and r#"..."#, b"...",
#    chars as '"' or '\''; a ' that opens no char is a lifetime). A span is found in the line as
#    written, so it may quote a literal with its quotes, where its first byte is code (as an
#    opening quote is) and none is comment: text only in comments or literals is not there;
#  - order: a row's spans are in main.rs's order (a later line, or the same line further right,
#    not overlapping), and a table's spans, top to bottom and left to right, are at non-decreasing
#    lines. A line quoted more than once stands where it is quoted last: one Rust line doing the
#    work of several Python statements (TcpListener::bind: socket, bind, listen) stands at the
#    last of them, and the rows between may quote lines before it;
#  - with PYTHON_REFERENCE=DIR: the Python cells, top to bottom, are the statements of
#    DIR/ORIGINAL (scripts/pairs: tcp-server's is tcp_server.py), each once and in order: every
#    line that is neither blank nor a comment, without its indentation (one statement a line).
# The third column is free text and is not checked.
#
# Each problem is one line on stderr: "README.md line map, PROGRAM: Python "STATEMENT": WHAT,
# README.md:LINE" (the row, or the table's marker);
# the status is then 1 (2 for a usage error). Nothing found (no table, a table without rows) is a
# problem too. Bytes only (index, substr): the same under LC_ALL=C as in a UTF-8 locale. POSIX awk
# (mawk, gawk, busybox awk, original-awk).

BEGIN {
  if (ARGC != 2) {
    print "usage: [PYTHON_REFERENCE=DIR] awk -f scripts/line-map.awk README.md" | "cat 1>&2"
    fatal = 2
    exit 2
  }
  map = ARGV[1]
  root = map
  if (!sub(/\/[^\/]*$/, "/", root)) root = ""
  python = ENVIRON["PYTHON_REFERENCE"]
  # The programs and their originals: scripts/pairs, rows "protocol server client server.py
  # client.py".
  pairs = root "scripts/pairs"
  while ((status = getline line < pairs) > 0)
    if (split(line, f, " ") >= 5 && f[1] !~ /^#/)
      for (p = 2; p <= 3; p++) {
        program[++nprograms] = f[p]
        known[f[p]] = 1
        pyname[f[p]] = f[p + 2]
        programs = programs (nprograms > 1 ? " " : "") f[p]
      }
  close(pairs)
  if (!nprograms) {
    problem("", "", "no programs in " pairs)
    fatal = 1
    exit 1
  }
  ordinal_open = "（第"
  ordinal_close = "处）"
  if ((getline probe < map) < 0) {
    problem("", "", "cannot read " map)
    fatal = 1
    exit 1
  }
  close(map)
}

# problem PROGRAM PYTHON WHAT: one line on stderr; returns 0 (return problem(...) gives up).
function problem(prog, py, what,   line) {
  line = map " line map"
  if (prog != "") line = line ", " prog
  if (py != "") line = line ": Python \"" py "\""
  print line ": " what (here ? ", " map ":" here : "") | "cat 1>&2"
  problems++
  return 0
}

function trim(s) {
  sub(/^[ \t]+/, "", s)
  sub(/[ \t]+$/, "", s)
  return s
}

# load PROGRAM (once): PROGRAM/src/main.rs as rust[PROGRAM, I], nrust[PROGRAM] and kinds[PROGRAM, I]
# (lex); its Python script (with PYTHON_REFERENCE) as stmt[PROGRAM, I] (the statement's text),
# stmtline[PROGRAM, I], nstmt[PROGRAM].
function load(prog,   file, line, n, nlines, status) {
  if (prog in seen) return
  file = root prog "/src/main.rs"
  while ((status = getline line < file) > 0) {
    sub(/\r$/, "", line)
    rust[prog, ++n] = line
  }
  close(file)
  nrust[prog] = n
  if (status < 0 || n == 0) problem(prog, "", "cannot read " file)
  lex(prog)
  if (python == "") return
  file = python "/" pyname[prog]
  n = 0
  while ((status = getline line < file) > 0) {
    nlines++
    sub(/\r$/, "", line)
    line = trim(line)
    if (line == "" || substr(line, 1, 1) == "#") continue
    stmt[prog, ++n] = line
    stmtline[prog, n] = nlines
  }
  close(file)
  nstmt[prog] = n
  if (status < 0 || n == 0) problem(prog, "", "cannot read the Python original " file)
}

# lex PROGRAM: kinds[PROGRAM, I] has a byte for each byte of line I of main.rs: c code (with the
# quotes that open and close a literal), s inside a string or char literal, / comment. depth is
# the nesting of /* */, delim what ends the literal the lexer is in ("" in none).
function lex(prog,   i, j, s, p, n, t, k, depth, delim, esc) {
  for (i = 1; i <= nrust[prog]; i++) {
    s = rust[prog, i]
    for (p = 1; p <= length(s); p += n) {
      t = substr(s, p, 2)
      n = 1
      k = depth ? "/" : delim != "" ? "s" : "c"
      if (k != "s" && (t == "/*" || (depth && t == "*/"))) {
        depth += (t == "/*") ? 1 : -1
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
      } else if (k == "c" && (p == 1 || substr(s, p - 1, 1) !~ /[A-Za-z0-9_]/) && match(substr(s, p), /^b?r#*"/)) {
        n = RLENGTH
        delim = substr(s, p, n)
        gsub(/[^#]/, "", delim)
        delim = "\"" delim
        esc = 0
      } else if (k == "c" && (t ~ /^"/ || match(substr(s, p), /^'(\\.[^']*|[^\\'][^ -~]?[^ -~]?[^ -~]?)'/))) {
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
    at += p
    k = substr(kinds[prog, i], at, length(quote))
    if (k ~ /^c[cs]*$/) return at
    if (notlive == "") notlive = k ~ /^s[cs]*$/ ? "a string or char literal" : "a comment"
  }
  return notlive == "" ? 0 : -1
}

# cells LINE: the cells of a table row as cell[1..N]; returns N. "\|" stands for "|" in a cell.
function cells(line,   n, i) {
  gsub(/\\\|/, "\001", line)
  sub(/^[ \t]*\|/, "", line)
  sub(/\|[ \t]*$/, "", line)
  n = split(line, cell, "|")
  for (i = 1; i <= n; i++) {
    gsub(/\001/, "|", cell[i])
    cell[i] = trim(cell[i])
  }
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
    i = index(text, "`")
    after[n] = i ? substr(text, 1, i - 1) : text
  }
  return n
}

# resolve PROGRAM PYTHON QUOTE AFTER: the line of PROGRAM/src/main.rs that QUOTE stands for, or 0
# (with the problem said); quoted is then QUOTE as a message shows it, col where it starts.
function resolve(prog, py, quote, follow,   file, k, n, i, c, hits, end, shown, why) {
  file = prog "/src/main.rs"
  shown = "its Rust line `" quote "`"
  if (quote == "") return problem(prog, py, "an empty code span in the Rust column")
  # （第 K 处）right after the span: the K-th of the identical lines.
  follow = trim(follow)
  if (substr(follow, 1, length(ordinal_open)) == ordinal_open) {
    follow = substr(follow, length(ordinal_open) + 1)
    end = index(follow, ordinal_close)
    k = end ? trim(substr(follow, 1, end - 1)) : ""
    if (k !~ /^[1-9][0-9]*$/)
      return problem(prog, py, shown " is followed by " ordinal_open " but not by a number and " ordinal_close)
    k = k + 0
    shown = shown ordinal_open " " k " " ordinal_close
  }
  for (i = 1; i <= nrust[prog]; i++)
    if ((c = live(prog, i, quote)) > 0) {
      hit[++n] = i
      hitcol[n] = c
      hits = hits (n > 1 ? ", " : "") i
    } else if (c < 0 && why == "") why = notlive " of " file " (line " i ")"
  if (n == 0 && why != "") return problem(prog, py, shown " is only in " why ", not in its code")
  if (n == 0) return problem(prog, py, shown " is not in " file)
  if (k == 0 && n > 1)
    return problem(prog, py, shown " is in " n " lines of " file " (lines " hits "): quote a part that is in one line only")
  if (k > 0 && n == 1)
    return problem(prog, py, shown ": it is in one line only of " file " (line " hits "), so leave out " ordinal_open " " k " " ordinal_close)
  if (k > n) return problem(prog, py, shown ": it is in only " n " lines of " file " (lines " hits ")")
  for (i = 2; i <= n; i++)
    if (trim(rust[prog, hit[i]]) != trim(rust[prog, hit[1]]))
      return problem(prog, py, shown ": the lines of " file " it is in (" hits ") are not the same line: quote a part that is in one line only, without " ordinal_open " K " ordinal_close)
  if (k == 0) k = 1
  quoted = substr(shown, length("its Rust line ") + 1)
  col = hitcol[k]
  return hit[k]
}

# unbalanced CODE: what is unbalanced in CODE's (), [] and {} outside its "string literals", or "".
function unbalanced(code,   stack, c, i, instr, esc) {
  for (i = 1; i <= length(code); i++) {
    c = substr(code, i, 1)
    if (instr) {
      if (esc) esc = 0
      else if (c == "\\") esc = 1
      else if (c == "\"") instr = 0
    } else if (c == "\"") instr = 1
    else if (index("([{", c)) stack = stack c
    else if (index(")]}", c)) {
      if (substr(stack, length(stack)) != substr("([{", index(")]}", c), 1)) return "a " c " that closes nothing"
      stack = substr(stack, 1, length(stack) - 1)
    }
  }
  if (instr) return "a string literal not closed"
  return stack != "" ? stack " not closed" : ""
}

# A table row of PROGRAM's table. Its spans must be in main.rs's order; those that are go to order()
# as spanline[1..nspans] (the line), spanquote (as a message shows it) and spanpy (the row's Python).
function row(prog, line,   n, py, m, i, at, last, end, lastquote, why) {
  here = NR
  n = cells(line)
  if ((m = spans(cell[1])) == 1) py = span[1]
  if (n != 3) return problem(prog, py, "the row has " n " cells, not 3 (Python | Rust | 不同之处): " line)
  if (m != 1) return problem(prog, "", "the row's Python cell is not one code span, the statement: " line)
  rows++
  pyrow[++npy] = py
  if ((m = spans(cell[2])) < 0) return problem(prog, py, "a backtick in the Rust column is not closed")
  if (m == 0) return problem(prog, py, "no Rust line: the Rust column quotes none")
  for (i = 1; i <= m; i++) {
    if ((why = unbalanced(span[i])) != "" && substr(trim(after[i]), 1, length("…")) != "…")
      problem(prog, py, "the Rust span `" span[i] "` has " why \
        ": quote the whole expression, or mark the cut with … right after the span")
    if (!(at = resolve(prog, py, span[i], after[i]))) continue
    if (at < last || (at == last && col < end)) {
      problem(prog, py, "its Rust lines are not in the order of " prog "/src/main.rs: " quoted " (line " at ") is listed after " lastquote " (line " last ")")
      continue
    }
    last = spanline[++nspans] = at
    end = col + length(span[i])
    lastquote = spanquote[nspans] = quoted
    spanpy[nspans] = py
  }
}

# order PROGRAM: the spans of the table just read at non-decreasing lines, each line standing only
# where it is quoted last (again[J]: quoted again further down).
function order(prog,   j, prev, later, again) {
  for (j = nspans; j >= 1; j--) {
    again[j] = (spanline[j] in later)
    later[spanline[j]] = 1
  }
  for (j = 1; j <= nspans; j++) {
    if (again[j]) continue
    if (prev && spanline[j] < spanline[prev])
      problem(prog, spanpy[j], "its Rust line " spanquote[j] " (" prog "/src/main.rs line " spanline[j] ") comes before " spanquote[prev] " (line " spanline[prev] "), which is listed above it (Python \"" spanpy[prev] "\")")
    prev = j
  }
}

# The Python column of the table just read against the script: a longest common subsequence of
# the rows and the statements; each row and each statement outside it is named once.
function python_order(prog,   s, i, j, k, q, L, instmt, nu, ns, g, t, moved, paired, script) {
  s = nstmt[prog]
  script = pyname[prog]
  for (i = npy + 1; i >= 1; i--)
    for (j = s + 1; j >= 1; j--)
      if (i > npy || j > s) L[i, j] = 0
      else if (pyrow[i] == stmt[prog, j]) L[i, j] = L[i + 1, j + 1] + 1
      else L[i, j] = L[i + 1, j] >= L[i, j + 1] ? L[i + 1, j] : L[i, j + 1]
  for (j = 1; j <= s; j++) instmt[stmt[prog, j]] = j
  # The rows (urow) and statements (ustmt) left out, each with its gap: the stretch between two
  # matched pairs that it falls in.
  i = j = g = 1
  while (i <= npy || j <= s) {
    if (i <= npy && j <= s && pyrow[i] == stmt[prog, j]) {
      g++
      i++
      j++
    } else if (j > s || (i <= npy && L[i + 1, j] >= L[i, j + 1])) {
      urow[++nu] = i++
      urowgap[nu] = g
    } else {
      ustmt[++ns] = j++
      ustmtgap[ns] = g
    }
  }
  # A row that is a statement of the script, but not in its place, is out of place: its statement
  # is then not missing (paired -1). A row that is no statement stands in for a missing one of
  # its gap, the first not yet paired.
  for (k = 1; k <= nu; k++)
    if (pyrow[urow[k]] in instmt) moved[pyrow[urow[k]]]++
  for (q = 1; q <= ns; q++)
    if (moved[stmt[prog, ustmt[q]]]-- > 0) paired[q] = -1
  for (k = 1; k <= nu; k++) {
    t = pyrow[urow[k]]
    if (t in instmt) {
      problem(prog, t, "the row is out of place: the rows follow " script ", and this is its line " stmtline[prog, instmt[t]])
      continue
    }
    for (q = 1; q <= ns; q++)
      if (!(q in paired) && ustmtgap[q] == urowgap[k]) break
    paired[q] = k
    if (q > ns) problem(prog, t, "it is not a statement of " script)
    else problem(prog, t, "it is not a statement of " script "; in its place " script " has \"" stmt[prog, ustmt[q]] "\" (line " stmtline[prog, ustmt[q]] ")")
  }
  for (q = 1; q <= ns; q++)
    if (!(q in paired))
      problem(prog, stmt[prog, ustmt[q]], "no row for it (" script " line " stmtline[prog, ustmt[q]] ")")
}

function begin_table(prog) {
  table = prog
  tablelines = 1
  rows = npy = nspans = 0
  load(prog)
  seen[prog]++
}

function end_table() {
  if (table == "") return
  here = markerline
  order(table)
  if (tablelines <= 2) problem(table, "", "the table after line " markerline " has no rows")
  else if (python != "" && nstmt[table] > 0) python_order(table)
  ntables++
  allrows += rows
  table = ""
}

{ sub(/\r$/, "") }

# Fenced code blocks: no markers, no tables.
/^[ \t]*```/ {
  end_table()
  fenced = !fenced
  next
}
fenced { next }

/^[ \t]*<!--[ \t]*line map:/ {
  end_table()
  here = NR
  if (waiting != "") problem(waiting, "", "the marker on line " markerline " is not followed by a table")
  name = $0
  sub(/^[ \t]*<!--[ \t]*line map:[ \t]*/, "", name)
  sub(/[ \t]*-->[ \t]*$/, "", name)
  waiting = (name in known) ? name : ""
  markerline = NR
  if (waiting == "") problem(name, "", "no such program (scripts/pairs has " programs ")")
  next
}

table != "" && /^[ \t]*\|/ {
  if (++tablelines > 2) row(table, $0)
  else if ($0 !~ /^[ \t]*\|?[ \t|:-]*-[ \t|:-]*$/) problem(table, "", "the table after line " markerline " has no delimiter row (| --- | --- | --- |) under its header")
  next
}

table != "" { end_table() }

waiting != "" {
  if ($0 ~ /^[ \t]*$/) next
  if ($0 ~ /^[ \t]*\|/) {
    begin_table(waiting)
    waiting = ""
    if (cells($0) != 3) problem(table, "", "the table after line " markerline " has " cells($0) " columns, not 3 (Python | Rust | 不同之处)")
    next
  }
  problem(waiting, "", "the marker on line " markerline " is not followed by a table")
  waiting = ""
}

END {
  if (fatal) {
    close("cat 1>&2")
    exit fatal
  }
  end_table()
  if (waiting != "") problem(waiting, "", "the marker on line " markerline " is not followed by a table")
  here = 0
  for (p = 1; p <= nprograms; p++)
    if (!(program[p] in seen))
      problem(program[p], "", "no table: a line <!-- line map: " program[p] " --> and the table right after it")
  close("cat 1>&2")
  if (problems) exit 1
  printf "%s line map: %d tables, %d rows; each Rust quote is code of one line of its main.rs, all in its order", map, ntables, allrows
  if (python != "") print "; the Python cells are the statements of the scripts in " python ", in order"
  else print "; Python cells not checked (set PYTHON_REFERENCE=DIR)"
}
