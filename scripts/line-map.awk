# The Python-to-Rust line maps in README.md, held to the code: one table for each of the four
# programs, each after a line <!-- line map: PROGRAM -->, with the columns Python | Rust | 不同之处.
#
#   awk -f scripts/line-map.awk README.md
#   PYTHON_REFERENCE=DIR awk -f scripts/line-map.awk README.md    (also checks the Python column)
#
# PROGRAM/src/main.rs is read beside the map (the folder README.md is in). The rules:
#  - each of tcp-server, tcp-client, udp-server, udp-client has a table, and each table has rows
#    (a PROGRAM may have more than one table, e.g. an English one: each is checked);
#  - a row's Python cell is one code span, the Python statement; its Rust cell quotes one or more
#    Rust lines, each a code span whose text is in exactly one line of PROGRAM/src/main.rs, and
#    that line is code, not a comment. Only where main.rs repeats a line word for word (so no part
#    of it is in one line only) the span is followed by （第 K 处）: the K-th of those lines;
#  - a row lists its Rust lines in main.rs's order, and the last of them is at or after the last
#    Rust line of the row before (so two rows that swap their lines fail, and so does a line moved
#    past the next row's);
#  - with PYTHON_REFERENCE=DIR: the Python cells, top to bottom, are the statements of
#    DIR/PROGRAM.py (tcp-server: tcp_server.py), each once and in order: every line that is
#    neither blank nor a comment, without its indentation. (One statement a line, as there.)
# The third column is free text and is not checked.
#
# Each problem is one line on stderr: "README.md line map, PROGRAM: Python "STATEMENT": WHAT";
# the status is then 1 (2 for a usage error). Nothing found (no table, a table without rows) is a
# problem too. Bytes only (index, substr): the same under LC_ALL=C as in a UTF-8 locale. POSIX awk
# (mawk, gawk, busybox awk, original-awk).

BEGIN {
  programs = "tcp-server tcp-client udp-server udp-client"
  nprograms = split(programs, program, " ")
  for (p = 1; p <= nprograms; p++) known[program[p]] = 1
  if (ARGC != 2) {
    print "usage: [PYTHON_REFERENCE=DIR] awk -f scripts/line-map.awk README.md" | "cat 1>&2"
    close("cat 1>&2")
    usage_error = 1
    exit 2
  }
  map = ARGV[1]
  root = map
  if (!sub(/\/[^\/]*$/, "/", root)) root = ""
  python = ENVIRON["PYTHON_REFERENCE"]
  ordinal_open = "（第"
  ordinal_close = "处）"
  if ((getline probe < map) < 0) {
    problem("", "", "cannot read " map)
    fatal = 1
    exit 1
  }
  close(map)
}

# problem PROGRAM PYTHON WHAT: one line on stderr.
function problem(prog, py, what,   line) {
  line = map " line map"
  if (prog != "") line = line ", " prog
  if (py != "") line = line ": Python \"" py "\""
  print line ": " what | "cat 1>&2"
  problems++
}

function trim(s) {
  sub(/^[ \t]+/, "", s)
  sub(/[ \t]+$/, "", s)
  return s
}

# load PROGRAM: PROGRAM/src/main.rs as rust[PROGRAM, I], nrust[PROGRAM]; its Python script (with
# PYTHON_REFERENCE) as stmt[PROGRAM, I] (the statement's text), stmtline[PROGRAM, I], nstmt[PROGRAM].
function load(prog,   file, line, n, nlines, status) {
  if (prog in loaded) return
  loaded[prog] = 1
  file = root prog "/src/main.rs"
  n = 0
  while ((status = getline line < file) > 0) {
    sub(/\r$/, "", line)
    rust[prog, ++n] = line
  }
  close(file)
  nrust[prog] = n
  if (status < 0 || n == 0) problem(prog, "", "cannot read " file)
  if (python == "") return
  pyname[prog] = prog
  gsub(/-/, "_", pyname[prog])
  pyname[prog] = pyname[prog] ".py"
  file = python "/" pyname[prog]
  n = 0
  nlines = 0
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

# cells LINE: the cells of a table row as cell[1..N]; returns N. "\|" stands for "|" in a cell.
function cells(line,   n, i) {
  gsub(/\\\|/, "\001", line)
  line = trim(line)
  sub(/^\|/, "", line)
  sub(/\|$/, "", line)
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
  n = 0
  while ((i = index(text, "`")) > 0) {
    text = substr(text, i + 1)
    i = index(text, "`")
    if (i == 0) return -1
    span[++n] = substr(text, 1, i - 1)
    text = substr(text, i + 1)
    i = index(text, "`")
    after[n] = i ? substr(text, 1, i - 1) : text
  }
  return n
}

# resolve PROGRAM PYTHON QUOTE AFTER: the line of PROGRAM/src/main.rs that QUOTE stands for, or 0
# (with the problem said); quoted is then QUOTE as a message shows it.
function resolve(prog, py, quote, follow,   file, k, n, i, hits, first, end, shown) {
  file = prog "/src/main.rs"
  shown = "its Rust line `" quote "`"
  if (quote == "") {
    problem(prog, py, "an empty code span in the Rust column")
    return 0
  }
  # （第 K 处）right after the span: the K-th of the identical lines.
  k = 0
  follow = trim(follow)
  if (substr(follow, 1, length(ordinal_open)) == ordinal_open) {
    follow = substr(follow, length(ordinal_open) + 1)
    end = index(follow, ordinal_close)
    k = end ? trim(substr(follow, 1, end - 1)) : ""
    if (k !~ /^[1-9][0-9]*$/) {
      problem(prog, py, shown " is followed by " ordinal_open " but not by a number and " ordinal_close)
      return 0
    }
    k = k + 0
    shown = shown ordinal_open " " k " " ordinal_close
  }
  n = 0
  hits = ""
  for (i = 1; i <= nrust[prog]; i++)
    if (index(rust[prog, i], quote)) {
      hit[++n] = i
      hits = hits (n > 1 ? ", " : "") i
    }
  if (n == 0) {
    problem(prog, py, shown " is not in " file)
    return 0
  }
  if (k == 0 && n > 1) {
    problem(prog, py, shown " is in " n " lines of " file " (lines " hits "): quote a part that is in one line only")
    return 0
  }
  if (k > 0) {
    if (n == 1) {
      problem(prog, py, shown ": it is in one line only of " file " (line " hits "), so leave out " ordinal_open " " k " " ordinal_close)
      return 0
    }
    if (k > n) {
      problem(prog, py, shown ": it is in only " n " lines of " file " (lines " hits ")")
      return 0
    }
    first = trim(rust[prog, hit[1]])
    for (i = 2; i <= n; i++)
      if (trim(rust[prog, hit[i]]) != first) {
        problem(prog, py, shown ": the lines of " file " it is in (" hits ") are not the same line: quote a part that is in one line only, without " ordinal_open " K " ordinal_close)
        return 0
      }
  } else k = 1
  i = hit[k]
  quoted = substr(shown, length("its Rust line ") + 1)
  if (substr(trim(rust[prog, i]), 1, 2) == "//") {
    problem(prog, py, shown " is only in a comment (" file " line " i ")")
    return 0
  }
  return i
}

# A table row of PROGRAM's table.
function row(prog, line,   n, py, m, i, at, last, lastquote) {
  n = cells(line)
  py = ""
  m = spans(cell[1])
  if (m == 1) py = span[1]
  if (n != 3) {
    problem(prog, py, "the row has " n " cells, not 3 (Python | Rust | 不同之处): " line)
    return
  }
  if (m != 1) {
    problem(prog, "", "the row's Python cell is not one code span, the statement: " line)
    return
  }
  rows++
  pyrow[++npy] = py
  m = spans(cell[2])
  if (m < 0) {
    problem(prog, py, "a backtick in the Rust column is not closed")
    return
  }
  if (m == 0) {
    problem(prog, py, "no Rust line: the Rust column quotes none")
    return
  }
  last = 0
  for (i = 1; i <= m; i++) {
    at = resolve(prog, py, span[i], after[i])
    if (at == 0) continue
    if (at <= last)
      problem(prog, py, "its Rust lines are not in the order of " prog "/src/main.rs: " quoted " (line " at ") is listed after " lastquote " (line " last ")")
    if (at >= last) {
      last = at
      lastquote = quoted
    }
  }
  if (last == 0) return
  if (last < previous)
    problem(prog, py, "its last Rust line " lastquote " (" prog "/src/main.rs line " last ") comes before " previousquote " (line " previous "), the last Rust line of the row before (Python \"" previouspy "\")")
  previous = last
  previousquote = lastquote
  previouspy = py
}

# The Python column of the table just read against the script: a longest common subsequence of
# the rows and the statements; each row and each statement outside it is named once.
function python_order(prog,   r, s, i, j, k, q, L, instmt, nu, ns, g, t, moved, kind, paired, script) {
  r = npy
  s = nstmt[prog]
  script = pyname[prog]
  for (i = r + 1; i >= 1; i--)
    for (j = s + 1; j >= 1; j--)
      if (i > r || j > s) L[i, j] = 0
      else if (pyrow[i] == stmt[prog, j]) L[i, j] = L[i + 1, j + 1] + 1
      else L[i, j] = L[i + 1, j] >= L[i, j + 1] ? L[i + 1, j] : L[i, j + 1]
  for (j = 1; j <= s; j++) instmt[stmt[prog, j]] = j
  # The rows (urow) and statements (ustmt) left out, each with its gap: the stretch between two
  # matched pairs that it falls in.
  i = j = 1
  g = 1
  nu = ns = 0
  while (i <= r || j <= s) {
    if (i <= r && j <= s && pyrow[i] == stmt[prog, j]) {
      g++
      i++
      j++
    } else if (j > s || (i <= r && L[i + 1, j] >= L[i, j + 1])) {
      urow[++nu] = i++
      urowgap[nu] = g
    } else {
      ustmt[++ns] = j++
      ustmtgap[ns] = g
    }
  }
  # A row that is a statement of the script, but not in its place, is out of place: its statement
  # is then not missing. A row that is no statement stands in for a missing one of its gap.
  for (k = 1; k <= nu; k++) {
    t = pyrow[urow[k]]
    kind[k] = (t in instmt) ? "moved" : "not"
    if (kind[k] == "moved") moved[t]++
  }
  for (q = 1; q <= ns; q++) {
    t = stmt[prog, ustmt[q]]
    if (moved[t] > 0) {
      moved[t]--
      paired[q] = -1
    }
  }
  for (k = 1; k <= nu; k++) {
    if (kind[k] != "not") continue
    for (q = 1; q <= ns; q++)
      if (!(q in paired) && ustmtgap[q] == urowgap[k]) {
        paired[q] = k
        kind[k] = q
        break
      }
  }
  for (k = 1; k <= nu; k++) {
    t = pyrow[urow[k]]
    if (kind[k] == "moved")
      problem(prog, t, "the row is out of place: the rows follow " script ", and this is its line " stmtline[prog, instmt[t]])
    else if (kind[k] == "not") problem(prog, t, "it is not a statement of " script)
    else problem(prog, t, "it is not a statement of " script "; in its place " script " has \"" stmt[prog, ustmt[kind[k]]] "\" (line " stmtline[prog, ustmt[kind[k]]] ")")
  }
  for (q = 1; q <= ns; q++)
    if (!(q in paired))
      problem(prog, stmt[prog, ustmt[q]], "no row for it (" script " line " stmtline[prog, ustmt[q]] ")")
}

function begin_table(prog) {
  table = prog
  tablelines = 0
  rows = 0
  npy = 0
  previous = 0
  previousquote = previouspy = ""
  load(prog)
  seen[prog]++
}

function end_table() {
  if (table == "") return
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
  if (waiting != "") problem(waiting, "", "the marker on line " markerline " is not followed by a table")
  name = $0
  sub(/^[ \t]*<!--[ \t]*line map:[ \t]*/, "", name)
  sub(/[ \t]*-->[ \t]*$/, "", name)
  waiting = ""
  if (!(name in known)) problem(name, "", "line " NR ": no such program (the four are " programs ")")
  else {
    waiting = name
    markerline = NR
  }
  next
}

table != "" && /^[ \t]*\|/ {
  tablelines++
  if (tablelines == 2) {
    if ($0 !~ /^[ \t]*\|?[ \t|:-]*-[ \t|:-]*$/) problem(table, "", "the table after line " markerline " has no delimiter row (| --- | --- | --- |) under its header")
  } else row(table, $0)
  next
}

table != "" { end_table() }

waiting != "" {
  if ($0 ~ /^[ \t]*$/) next
  if ($0 ~ /^[ \t]*\|/) {
    begin_table(waiting)
    waiting = ""
    tablelines = 1
    if (cells($0) != 3) problem(table, "", "the table after line " markerline " has " cells($0) " columns, not 3 (Python | Rust | 不同之处)")
    next
  }
  problem(waiting, "", "the marker on line " markerline " is not followed by a table")
  waiting = ""
}

END {
  if (usage_error) exit 2
  if (fatal) {
    close("cat 1>&2")
    exit 1
  }
  end_table()
  if (waiting != "") problem(waiting, "", "the marker on line " markerline " is not followed by a table")
  for (p = 1; p <= nprograms; p++)
    if (!(program[p] in seen))
      problem(program[p], "", "no table: a line <!-- line map: " program[p] " --> and the table right after it")
  close("cat 1>&2")
  if (problems) exit 1
  printf "%s line map: %d tables, %d rows; each Rust quote is in one line of its main.rs, rows in its order", map, ntables, allrows
  if (python != "") print "; the Python cells are the statements of the scripts in " python ", in order"
  else print "; Python cells not checked (set PYTHON_REFERENCE=DIR)"
}
