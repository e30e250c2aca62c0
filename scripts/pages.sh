#!/bin/sh
# The pages (README.md, scripts/*.md) held to the code and to what the programs and check.sh
# print: `[PYTHON_REFERENCE=DIR] sh scripts/pages.sh` (DIR: the line maps' Python cells too). A
# line "ok    GUARD (N s)" per guard that holds, "FAIL  GUARD: what, file:line" per problem.
# shellcheck disable=SC2016,SC2046,SC2086,SC2317 # awk in '', lists of words, guard runs functions
set -u
cd "$(dirname "$0")/.." || exit 2
pages="README.md $(echo scripts/*.md) $(echo */EXERCISES.md)"
programs=$(awk '!/^#/ && NF >= 5 { printf "%s %s ", $2, $3 }' scripts/pairs)
port_of() { # port_of NAME...: the ports of scripts/expected/NAME.syscalls's binds and connects
  awk '/^(bind|connect)\(/ && match($0, /htons\([0-9]+\)/) { print substr($0, RSTART + 6,
    RLENGTH - 7) }' $(printf 'scripts/expected/%s.syscalls ' "$@") | sort -u | paste -s -d ' ' -
}
ports=$(port_of $programs)
# wide: awk naming each line over 100 columns (East Asian Wide, Fullwidth count 2) of its files
# (name: of stdin), with blocks=1 only in ``` code blocks.
wide='BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
  nr = split("1100-115F 231A-231B 2329-232A 23E9-23EC 23F0 23F3 25FD-25FE 2614-2615 2648-2653" \
    " 267F 2693 26A1 26AA-26AB 26BD-26BE 26C4-26C5 26CE 26D4 26EA 26F2-26F3 26F5 26FA 26FD 2705" \
    " 270A-270B 2728 274C 274E 2753-2755 2757 2795-2797 27B0 27BF 2B1B-2B1C 2B50 2B55 2E80-303E" \
    " 3041-3247 3250-4DBF 4E00-A4CF A960-A97F AC00-D7A3 F900-FAFF FE10-FE19 FE30-FE6F FF00-FF60" \
    " FFE0-FFE6 16FE0-18CFF 1B000-1B2FF 1F004 1F0CF 1F18E 1F191-1F19A 1F200-1F2FF 1F300-1F64F" \
    " 1F680-1F6FF 1F7E0-1F7EB 1F90C-1F9FF 1FA70-1FAFF 20000-3FFFD", r, " ")
  for (i = 1; i <= nr; i++) { split(r[i] "-" r[i], b, "-"); lo[i] = hex(b[1]); hi[i] = hex(b[2]) } }
function hex(s,   n, i) {
  for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
  return n }
function width(s,   w, i, c, k, cp, j) { # UTF-8: a continuation byte alone counts 0
  for (i = 1; i <= length(s); i += k + 1) {
    k = (c = ord[substr(s, i, 1)]) >= 240 ? 3 : c >= 224 ? 2 : c >= 192 ? 1 : 0
    if (c >= 128 && c < 192) continue
    cp = c % (k == 3 ? 8 : 32) # below 4352 (U+1100) whatever it is for ASCII
    for (j = 1; j <= k; j++) cp = cp * 64 + ord[substr(s, i + j, 1)] % 64
    for (j = cp < 4352 ? nr + 1 : 1; j <= nr && !(cp >= lo[j] && cp <= hi[j]); j++);
    w += j <= nr ? 2 : 1
  }
  return w + 0
}
FNR == 1 { inside = 0 }
blocks && /^ *```/ { inside = !inside; next }
(inside || !blocks) && (w = width($0)) > 100 { printf "%s %d columns wide, %s:%d\n", blocks ? \
  "a code block line" : "a line", w, name != "" ? name : FILENAME, FNR }'
# blocks: awk naming each ```text block of its second file (a page) not, line for line, in its
# first: those whose first line matches first, or each after a line <!-- side-by-side excerpt -->.
blocks='FNR == NR { all = all $0 "\n"; out[$0] = 1; next }
!inside && /^<!-- side-by-side excerpt -->$/ { marked = 1; next }
!inside && /^```text$/ { inside = 1; keep = marked; m = 0; blk = ""; at = FNR; next }
inside && /^```$/ { inside = marked = 0; if (first == "" ? keep : m && b[1] ~ first) check(++n) }
inside { b[++m] = $0; blk = blk $0 "\n" }
function check(n,   i, k) {
  if (index(all, blk)) return
  printf "its %s %d is not what %s, %s:%d\n", what, n, from, FILENAME, at
  for (i = 1; i <= m && k < 20; i++) if (!(b[i] in out)) { print "  never printed: " b[i]; k++ }
}
END { if (!n) printf "%s has no %s\n", FILENAME, what }'
guard() { # guard NAME COMMAND...: each line COMMAND prints is a problem (indented: under one)
  name=$1 start=$(date +%s) && shift
  "$@" >"$tmp/p" 2>&1 || { rc=$?; [ -s "$tmp/p" ] || echo "it ended with status $rc" >"$tmp/p"; }
  [ -s "$tmp/p" ] || { echo "ok    $name ($(($(date +%s) - start)) s)"; return; }
  status=1
  sed "s|^\([^ ]\)|FAIL  $name: \1|; s|^ |      |" "$tmp/p"
}
line_map() { LC_ALL=C "$@" -f scripts/line-map.awk scripts/line-maps.md >/dev/null; } # AWK...
# failure PROGRAM TEXT yes|no [closed|datagram]: PROGRAM ends with status 1 saying TEXT, with a
# hint (提示) exactly when yes; closed: its stdout's reader gone; datagram: sent a non-UTF-8 byte.
failure() {
  case ${4:-} in
    closed) (sleep 0.5; timeout 10 "$bin/$1" 2>"$out/err" </dev/null; echo "$?" >"$out/rc") | : ;;
    datagram) started "$1" || return 0
      bash -c 'printf "\377" >"/dev/udp/127.0.0.1/$1"' sh "$(port_of "$1")"
      wait "$pid"; echo "$?" >"$out/rc" ;;
    *) timeout 10 "$bin/$1" 2>"$out/err" >/dev/null </dev/null; echo "$?" >"$out/rc" ;;
  esac
  cat "$out/err" >>"$out/printed"
  rc=$(cat "$out/rc") said="$1/src/main.rs: it said: $(tr '\n' '|' <"$out/err")"
  [ "$rc" = 1 ] || echo "$1 ended with status $rc, not 1, $said"
  grep -qF -- "$2" "$out/err" || echo "$1 did not say \"$2\", $said"
  case $3$(grep -c 提示 "$out/err") in no0 | yes[1-9]*) ;;
    no*) echo "$1 gave a hint for an error it does not explain, \"$2\", $said" ;;
    *) echo "$1 gave no hint for \"$2\", $said" ;; esac
}
started() { # started SERVER: SERVER running (pid $pid, stderr in $out/err) once it printed
  : >"$out/first"
  timeout 10 "$bin/$1" >"$out/first" 2>"$out/err" </dev/null & pid=$!
  for _ in $(seq 100); do [ ! -s "$out/first" ] || return 0; sleep 0.05; done
  echo "$1 printed no first line, $1/src/main.rs"; return 1
}
# cases BIN OUT: the programs' errors, in a network and a mount namespace of their own.
cases() {
  bin=$1 out=$2 && : >"$out/printed"
  failure tcp-client "Network is unreachable" no # the loopback is still down
  "$(command -v ip || echo /usr/sbin/ip)" link set lo up || return 1
  # localhost at 198.51.100.1 (TEST-NET-2, never this machine's): binding it fails.
  echo '198.51.100.1 localhost' >"$out/hosts" && mount --bind "$out/hosts" /etc/hosts || return 1
  failure tcp-server "Cannot assign requested address" no
  failure udp-server "Cannot assign requested address" no
  umount /etc/hosts
  failure tcp-client "Connection refused" yes
  # A busy port: a second server fails beside the first, which the client then ends.
  awk '!/^#/ && NF >= 5 { print $2, $3 }' scripts/pairs | while read -r server client; do
    started "$server" || continue
    failure "$server" "Address already in use" yes
    timeout 10 "$bin/$client" >/dev/null
    wait "$pid"
  done
  failure tcp-server "写标准输出失败:Broken pipe" no closed
  failure udp-server "不是合法的 UTF-8" no datagram # it ends, as the original does
}
# hints: the programs built, then their errors (cases); their stderr into $tmp/printed.ports.
hints() {
  cargo build --workspace --locked --quiet --message-format=json >"$tmp/build.json" ||
    { echo "cargo build failed, Cargo.toml"; return; }
  bin=$(sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' "$tmp/build.json" | head -n 1)
  unshare $([ "$(id -u)" = 0 ] || echo -r) -nm sh scripts/pages.sh --cases "${bin%/*}" "$tmp"
  sed -E "s/127\.0\.0\.1:([0-9]+)/127.0.0.1:<\1>/g; s/<($(echo $ports | tr ' ' '|'))>/\1/g
    s/<[0-9]+>/<port>/g" "$tmp/printed" >"$tmp/printed.ports"
  grep '^提示' "$tmp/printed.ports" | sort -u >"$tmp/hints"
}
# quotes PAGE...: the pages quote, as lines of their own, exactly what the programs printed, and
# nothing else: each line that starts with a program's name or 提示, each `…失败:…`, is theirs.
quotes() {
  LC_ALL=C awk 'FNR == NR { printed[$0] = 1; all = all "\n" $0; next }
    { line = $0; sub(/^ */, "", line); seen[line] = 1; s = line; bad = "" }
    line ~ /^([a-z0-9]+-(server|client): |提示:)/ && !(line in printed) { bad = line }
    { while (match(s, /`[^`]*失败:[^`]*`/)) {
        q = substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH)
        if (!index(all, q)) bad = q
      }
      if (bad != "") printf "quotes what no program printed here: %s, %s:%d\n", bad, FILENAME, FNR }
    END { for (line in printed) if (!(line in seen)) print "no page quotes this line: " line }
  ' "$tmp/printed.ports" "$@"
}
# excerpt: scripts/wire.md's excerpts are what check.sh --syscalls --side-by-side prints (Rust).
excerpt() {
  (unset PYTHON_REFERENCE; sh scripts/check.sh --syscalls --side-by-side >"$tmp/side" 2>&1)
  LC_ALL=C awk -v what="side-by-side excerpt" -v from="sh scripts/check.sh --syscalls \
--side-by-side prints" "$blocks" "$tmp/side" scripts/wire.md
}
# drawings: scripts/wire.md's drawings are each what --packets or --unreliable --side-by-side draws
# of a capture of scripts/cases/fixtures: its row's variables, check.sh's title, a scenario's notes
# (says; here: check.sh outcome()'s here: line for the run scripts/expected/unreliable/S.txt holds).
drawings() {
  awk '$1 == "packets" { $1 = ""; print }' scripts/cases/fixtures | while read -r f vars; do
    set -- "${f%%-*}" "" "scripts/cases/scenarios/${f%.capture}"
    [ ! -f "$3" ] || set -- "${f%.capture}" "$(sed -n 's/^says //p' "$3")
here: $(here "${f%.capture}")"
    echo
    old=$(port_in "scripts/fixtures/$f.expected") new=$(port_in "scripts/expected/${1%%-*}.packets")
    LC_ALL=C awk -v mode=draw -v title="$1: the Rust server and client" -v notes="$2" \
      -v accepted=scripts/accepted/packets $(printf ' -v %s' $vars) -f scripts/packets.awk \
      "scripts/fixtures/$f" | sed -e "s/port $old\([^0-9]\)/port $new\1/g" \
      -e "s/port $old\$/port $new/"
  done >"$tmp/drawn"
  LC_ALL=C awk -v first='^== ' -v what="packet drawing" -v from="check.sh --side-by-side draws \
of any capture of scripts/cases/fixtures" "$blocks" "$tmp/drawn" scripts/wire.md
}
# port_in LIST: the server's port in a packet list: a capture's is drawn as the transcripts' now.
port_in() { sed -n '1s/.* > 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$1"; }
here() {
  awk -v d=scripts/expected/ '/^[^ ]/ { p = $0; sub(/:$/, "", p); o = ""; n = 0; next }
    /^  \(waiting: / { h = h "; " p " left waiting"; next }
    /^  \(exited / { e = ""; m = 0; while ((getline l < (d p ".txt")) > 0) { e = e l "\n"; m++ }
      close(d p ".txt")
      h = h "; " p (e == o ? " as on a perfect network" : " printed " n " lines (" m \
        " on a perfect network)"); next }
    p != "packets" { o = o substr($0, 3) "\n"; n++ }
    END { print substr(h, 3) }' "scripts/expected/unreliable/$1.txt"
}
# parity: README.md's English half (after "## English") shows every command (cargo, sh, ...) its
# Chinese half shows in ``, and both show every line of scripts/expected/PROGRAM.txt and every
# hint (提示) the programs printed (hints), each in a code span or as a code block's line.
parity() {
  LC_ALL=C awk 'BEGIN { q = sprintf("%c", 39); tuple = "\\(" q "127\\.0\\.0\\.1" q ", [0-9]+\\)"
      command = "^((cargo|sh|bash|python3|printf|ss|tcpdump|rustc|sudo)([^A-Za-z0-9_]|$)"
      command = command "|PYTHON_REFERENCE=)" }
    function norm(s) { sub(/^PYTHON_REFERENCE=[^ \t]+/, "PYTHON_REFERENCE=FOLDER", s)
      gsub(tuple, "(" q "127.0.0.1" q ", PORT)", s); return s }
    FILENAME == "README.md" && $0 == "## English" && !en { en = 1; next }
    FILENAME == "README.md" && /^ *```/ { fence = !fence; next }
    FILENAME == "README.md" && fence { s = norm($0); sub(/^ +/, "", s)
      if (en) english[s] = 1; else if (!(s in chinese)) chinese[s] = FNR; next }
    FILENAME == "README.md" { s = $0
      while ((i = index(s, "`")) && (j = index(substr(s, i + 1), "`"))) {
        if (j == 1) { s = substr(s, i + 1); continue }
        span = norm(substr(s, i + 1, j - 1)); s = substr(s, i + j + 1)
        if (en) english[span] = 1; else if (!(span in chinese)) chinese[span] = FNR
      }
      next }
    { line = norm($0); split(FILENAME, p, /[\/.]/)
      m = "does not show " (FILENAME ~ /hints$/ ? "the hint" : p[3] q "s line") " `" line "`, " \
        (FILENAME ~ /hints$/ ? "printed by a program (pages.sh cases)" : FILENAME ":" FNR)
      if (!(line in chinese)) print "the Chinese half " m
      if (!(line in english)) print "the English half " m }
    END { for (span in chinese) if (span ~ command && !(span in english))
      printf "the English half lacks the command `%s`, README.md:%d\n", span, chinese[span] }
  ' README.md $(printf 'scripts/expected/%s.txt ' $programs) "$tmp/hints"
}
# links PAGE...: each link to a heading (#anchor, GitHub's) finds it, in the half of the same
# language: README.md's English half starts at "## English", another page's at its second "# ";
# a page with one "# " is both. Across halves only to a half's title (the language switch); a
# link to a page's top lands in its Chinese half.
links() {
  LC_ALL=C awk 'function slug(h) { h = tolower(h); gsub(/[^a-z0-9 _\200-\377-]/, "", h)
      gsub(/（|）|：|，|、|。|“|”|·|…/, "", h); gsub(/ /, "-", h); return h }
    function both(f) { sub(/:.*/, "", f); return f != "README.md" && !(f in two) }
    function dir(f) { return f ~ /\// ? substr(f, 1, match(f, /[^\/]*$/) - 1) : "" }
    FNR == 1 { half = "zh"; h1 = 0; fence = 0 }
    /^```/ { fence = !fence } fence { next }
    /^# / && ++h1 == 2 { half = "en"; two[FILENAME] = 1 }
    /^## English$/ && FILENAME == "README.md" { half = "en" }
    /^#+ / { s = slug(substr($0, index($0, " ") + 1)); k = FILENAME "#" s
      a = k (n[k] ? "-" n[k] : ""); n[k]++; side[a] = half; if (!((FILENAME, half) in title))
        title[FILENAME, half] = a }
    { s = $0; while (match(s, /\]\(([^)# ]*#[^) ]+|[^)# ]+\.md)\)/)) {
        l = substr(s, RSTART + 2, RLENGTH - 3); s = substr(s, RSTART + RLENGTH)
        if (!index(l, "#")) l = l "#" # a page alone: its top, the Chinese half
        t = substr(l, 1, index(l, "#") - 1); t = t == "" ? FILENAME : dir(FILENAME) t
        while (sub(/[^\/]*\/\.\.\//, "", t)) ; link[++m] = t substr(l, index(l, "#"))
        from[m] = half; where[m] = FILENAME ":" FNR } }
    END { for (i = 1; i <= m; i++) { a = link[i]; f = substr(a, 1, index(a, "#") - 1)
        if (a ~ /#$/) { if (from[i] == "en" && (f in two) && !both(where[i])) printf "links to" \
          " the top of a page, its Chinese half, %s, %s\n", f, where[i] }
        else if (!(a in side)) printf "links to a heading that is not there, %s, %s\n", a, where[i]
        else if (side[a] != from[i] && a != title[f, side[a]] && both(f) + both(where[i]) == 0)
          printf "links to a heading in the other language, %s, %s\n", a, where[i] } }
  ' "$@"
}
# manifest PAGE...: each program a page names is in scripts/pairs; each port it shows is a
# server's, 50000 (pinned), 0, or one Linux may pick for a client (32768-60999).
manifest() {
  LC_ALL=C awk -v ports=" $ports 50000 0 " 'BEGIN {
      re = "((127\\.0\\.0\\.1|localhost|\\[::1\\]):|(127\\.0\\.0\\.1|localhost)[\047\"], "
      re = re "|[Pp]orts? |端口 ?)[0-9]+" }
    FNR == NR { if (!/^#/ && NF >= 5) for (i = 2; i <= 5; i++) known[$i] = 1; next }
    { s = " " $0
    while (match(s, /[^A-Za-z0-9_-][a-z0-9]+[-_](server|client)[A-Za-z0-9_]*(\.py)?/)) {
      name = substr(s, RSTART + 1, RLENGTH - 1); s = substr(s, RSTART + RLENGTH)
      if ((name ~ /-/ || name ~ /\.py$/) && !(name in known))
        printf "shows the program %s, not in scripts/pairs, %s:%d\n", name, FILENAME, FNR
    }
    s = $0
    while (match(s, re)) {
      port = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
      sub(/.*[^0-9]/, "", port)
      if (!index(ports, " " port + 0 " ") && (port < 32768 || port > 60999))
        printf "shows port %s, which no program uses, %s:%d\n", port, FILENAME, FNR
    } }' scripts/pairs "$@"
}
[ "${1:-}" != --cases ] || { cases "$2" "$3"; exit 0; } # hints, in its namespace
[ $# = 0 ] || { echo "usage: [PYTHON_REFERENCE=DIR] sh scripts/pages.sh" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pages.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT && trap 'exit 130' INT TERM && status=0
[ -n "${PYTHON_REFERENCE:-}" ] || echo "note  no PYTHON_REFERENCE: the Python cells are unchecked"
guard "line map (awk)" line_map awk
guard "line map (busybox awk)" line_map busybox awk
guard hints hints
guard quotes quotes $pages
guard "side-by-side excerpt" excerpt
guard "packet drawings" drawings
guard "README.md halves" parity
guard "--help width" sh -c 'sh scripts/check.sh --help |
  LC_ALL=C awk -v name="sh scripts/check.sh --help" "$1" -' sh "$wide"
guard "README.md length" awk '/^## English$/ { top = NR } /^```/ && !first[top > 0] {
    first[top > 0] = NR; if (NR - top > 15) printf "the %s half shows its first output on its" \
      " line %d, not within 15, README.md:%d\n", top ? "English" : "Chinese", NR - top, NR }
  END { if (NR > 320) printf "%d lines, more than 320, README.md:%d\n", NR, NR }' README.md
guard "code block width" env LC_ALL=C awk -v blocks=1 "$wide" $pages
guard "main.rs width" env LC_ALL=C awk "$wide" $(printf '%s/src/main.rs ' $programs)
guard "ports and programs" manifest $pages
guard links links $pages $(echo ./*/EXERCISES.md | sed 's|\./||g')
exit "$status"
