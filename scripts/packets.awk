# The packets one server/client pair exchanged, read from the output of
# `tcpdump -i lo -n -l --immediate-mode -tt -x`. Used by `sh scripts/check.sh --packets` and
# --unreliable, which compare the list with the Python originals' in scripts/expected/, and by
# --side-by-side, which draws it for a student:
#
#   LC_ALL=C awk -v mode=list -v client=PORT -v accepted=scripts/accepted/packets \
#     -f scripts/packets.awk CAPTURE    the normalized list, one line a packet. Add -v without=ID
#     to leave entry ID out, -v explain=1 for "# accepted ID: REASON" after it for each entry that
#     applied, -v lost=DIRECTION,FLAGS to mark the first packet that matches lost. With
#     -v accepted=/dev/null every packet is listed as it came.
#   LC_ALL=C awk -v mode=draw -v client=PORT -v title=TITLE -f scripts/packets.awk CAPTURE
#                                       a sequence diagram, 100 columns
# Only tcpdump's hex dump is read (-x: each packet from its IP header on, in lines "0x0010: 4500
# ..."); the header line tcpdump writes before it only marks where a packet starts. The IPv4, TCP,
# UDP and ICMP headers and the payload are decoded here, so tcpdump's text format does not matter.
#
# Every packet of the capture counts, in capture order: any port, any protocol, IPv6 too (the
# check's network holds only the case's pair). The end that owns port `client` (default 50000,
# the port the check pins) is the client, the other end of its packets the server; a packet of
# neither is "other". A line a packet gives, compared exactly: direction, protocol, TCP flags,
# sequence and acknowledgment numbers relative to each end's first (so an acknowledgment says how
# many bytes it acknowledges), window, urgent pointer, every TCP option in order with its value,
# the payload's size and the payload as text (valid UTF-8 as its characters, other bytes as \xHH;
# \n, \r, \t, \" and \\ as in C), then the IP header: addresses and ports, TOS, TTL, the DF and MF
# bits, fragment offset and length. An ICMP error says its type, code and which packet it
# answers. Checked instead of shown, each against another observation of the same capture: a
# timestamp option (TS) is shown as TS when its echo is 0 on a first SYN and else a value the
# other end sent, and each end's values never go back (else "TS(echo?)" or "TS(back?)"); a UDP
# length that is not the IP length less 20 is shown. Left out, with their reasons: the IP id (the
# kernel's counter, from a random start, and 0 on a SYN ACK; nothing a program sets), the
# checksums (on the loopback the kernel leaves the TCP and UDP ones unfinished, and the IP one
# follows the id), the absolute sequence numbers (random starts) and the timestamps' values (a
# clock with a random offset).
#
# The races of the pair (which end closes first, datagrams that cross, ...) are accepted only as
# the file `accepted` (scripts/accepted/packets) lists them: one entry each, with its reason, the
# fixture that proves it needed, and the procedure here that applies it with its parameters
# (`procedure NAME`, then `KEY VALUE` lines). Anything not accepted is listed packet by packet,
# as it came, so a diff shows it.
#
# The diagram: the client on the left, the server on the right, one arrow a packet of the pair,
# with the socket call that sent it where that is plain, and at the bottom which end was left in
# TIME_WAIT. ASCII but for the payloads; Chinese characters count as two columns.
# POSIX awk (mawk, gawk, busybox awk), run with LC_ALL=C: bytes are handled one by one.
# Tried with tcpdump 4.99.3 and libpcap 1.10.3 (Debian 12).

BEGIN {
  if (mode == "") mode = "list"
  if (mode != "list" && mode != "draw") fail("mode must be list or draw")
  for (i = 0; i < 256; i++) { value[sprintf("%02x", i)] = i; chr[i] = sprintf("%c", i) }
  # In a UTF-8 locale gawk would write %c 228 as two bytes: payloads would come out wrong.
  if (chr[228] != "\344") fail("run it with LC_ALL=C")
  if (client == "") client = 50000
  for (i = 0; i < 8; i++) pow2[i] = i ? pow2[i - 1] * 2 : 1
  split("SYN FIN RST PSH ACK URG ECE CWR", flag_word)
  width = 100; nb = -1
  if (accepted != "") read_accepted()
}
function fail(s) { print "packets.awk: " s > "/dev/stderr"; failed = 1; exit 2 }

# A line that does not start with a blank starts a packet (tcpdump's summary of it).
/^[^ \t]/ { end_packet(); nb = 0; next }

# "	0x0010:  7f00 0001 d334 1f90 ...": sixteen bytes of the packet, in groups of two.
/^[ \t]+0x[0-9a-f]+:/ {
  if (nb < 0) next
  line = $0
  sub(/^[ \t]+0x[0-9a-f]+:[ \t]*/, "", line)
  k = split(line, group, " ")
  for (i = 1; i <= k; i++) {
    g = group[i]
    if (g !~ /^[0-9a-f]+$/) continue
    while (g != "") { byte[nb++] = value[substr(g, 1, 2)]; g = substr(g, 3) }
  }
}

END {
  if (failed) exit 2
  end_packet()
  read_close()
  if (mode == "list") list()
  else draw()
}

# read_accepted: the entries of the file `accepted` but `without`. Entry ID's line `KEY VALUE` is
# field[ID, KEY]; proc[P] is the entry whose procedure is P.
function read_accepted(   line, id, r, k) {
  while ((r = (getline line < accepted)) > 0) {
    k = index(line, " ")
    if (line ~ /^#/ || !k) continue
    if (substr(line, 1, k - 1) == "entry") id = substr(line, k + 1)
    else if (id != without) field[id, substr(line, 1, k - 1)] = substr(line, k + 1)
    if (id != without && line ~ /^procedure /) proc[substr(line, k + 1)] = id
  }
  if (r < 0) fail("cannot read " accepted)
}
# param P KEY: the value of KEY in the entry of procedure P; applied P: record that P applied.
function param(p, key) { return field[proc[p], key] }
function applied(p) { used[proc[p]] = 1; return 1 }

# n16 AT, n32 AT: the big-endian number at byte AT of the current packet.
function n16(at) { return byte[at] * 256 + byte[at + 1] }
function n32(at) { return n16(at) * 65536 + n16(at + 2) }

# bit N B: bit B (0 = lowest) of N.
function bit(n, b) { return int(n / pow2[b]) % 2 }

# end_packet: decode the packet read so far as packet number npk.
function end_packet(   v) {
  if (nb < 1) { nb = -1; return }
  npk++
  size[npk] = cols[npk] = pieces[npk] = 0; text[npk] = flags[npk] = ""
  from[npk] = to[npk] = "other"
  v = int(byte[0] / 16)
  if (v == 6 && nb >= 40) ipv6()
  else if (v != 4 || nb < 20) { kind_of[npk] = "other"; flags[npk] = nb " bytes, IP version " v }
  else ipv4()
  nb = -1
}

# ipv6: the programs never send it; listed with its addresses (groups in hex, uncompressed), its
# next header and, for TCP or UDP, ports, so that a diff shows it.
function ipv6(   i, s) {
  kind_of[npk] = "IPv6"
  for (i = 8; i < 40; i += 2) s = s (i == 24 ? " > " : i == 8 ? "" : ":") sprintf("%x", n16(i))
  s = "next header " byte[6] ", " s
  if (byte[6] == 6 || byte[6] == 17) s = s ", ports " n16(40) " > " n16(42)
  flags[npk] = s ", " nb " bytes"
}

function addr(at) { return byte[at] "." byte[at + 1] "." byte[at + 2] "." byte[at + 3] }
function ipv4(   l4, total, proto, f, sp, dp, off) {
  l4 = (byte[0] % 16) * 4
  total = n16(2) > nb ? nb : n16(2)
  proto = byte[9]
  f = (byte[6] % 32) * 256 + byte[7]
  ip[npk] = "IPv4 tos " sprintf("0x%x", byte[1]) ", ttl " byte[8] (bit(byte[6], 6) ? ", DF" : "") \
    (bit(byte[6], 5) ? ", MF" : "") (f ? ", offset " f * 8 : "") ", " n16(2) " bytes"
  kind_of[npk] = "IPv4 protocol " proto
  ipid[npk] = n16(4)
  if ((proto != 6 && proto != 17) || total < l4 + (proto == 6 ? 20 : 8)) {
    ip[npk] = addr(12) " > " addr(16) ", " ip[npk]
    if (proto == 1 && total >= l4 + 8) icmp(l4 + 8, total)
    return
  }
  sport[npk] = sp = n16(l4)
  dport[npk] = dp = n16(l4 + 2)
  kind_of[npk] = proto == 6 ? "TCP" : "UDP"
  if (sp == client || dp == client) {
    from[npk] = sp == client ? "client" : "server"
    to[npk] = sp == client ? "server" : "client"
    if (server_port == "") server_port = sp == client ? dp : sp
  }
  ip[npk] = addr(12) ":" sp " > " addr(16) ":" dp ", " ip[npk]
  off = l4 + 8
  if (proto == 6) off = tcp_header(l4)
  else if (n16(l4 + 4) != total - l4) ip[npk] = ip[npk] ", UDP length " n16(l4 + 4)
  size[npk] = total > off ? total - off : 0
  text_of(off, total)
}

# tcp_header L4: decode the TCP header at byte L4; returns where its payload starts.
function tcp_header(l4,   off, f, s, o, kind, olen, i) {
  off = l4 + int(byte[l4 + 12] / 16) * 4
  f = byte[l4 + 13]
  for (i = 1; i <= 8; i++) if (bit(f, i < 3 ? 2 - i : i - 1)) s = s " " flag_word[i]
  if (byte[l4 + 12] % 16) s = s " reserved " (byte[l4 + 12] % 16)
  flags[npk] = substr(s, 2)
  syn[npk] = bit(f, 1); fin[npk] = bit(f, 0); rst[npk] = bit(f, 2); has_ack[npk] = bit(f, 4)
  seq_raw[npk] = n32(l4 + 4); ack_raw[npk] = n32(l4 + 8)
  if (!(from[npk] in isn)) isn[from[npk]] = seq_raw[npk] - !syn[npk]
  tcp[npk] = "win " n16(l4 + 14) (n16(l4 + 18) ? ", urgent " n16(l4 + 18) : "")
  s = ""
  for (o = l4 + 20; o < off; o += olen) {
    kind = byte[o]
    olen = kind > 1 ? byte[o + 1] : 1
    if (kind > 1 && olen < 2) { s = s ",bad length"; break }
    s = s "," option_name(kind, o, olen)
    if (kind == 0) break
  }
  opts[npk] = substr(s, 2)
  return off
}

# option_name KIND AT LEN: the TCP option at byte AT, LEN bytes long, as it is listed. The values
# of a timestamp (TS) are checked here instead of shown: the echo is 0 on a SYN without ACK, else a
# value the other end has sent; an end's own values never go back.
function option_name(kind, at, len,   val, ecr, d) {
  if (kind == 0) return "eol"
  if (kind == 1) return "nop"
  if (kind == 2 && len == 4) return "mss " n16(at + 2)
  if (kind == 3 && len == 3) return "wscale " byte[at + 2]
  if (kind == 4 && len == 2) return "sackOK"
  # SACK blocks: the other end's bytes, relative to its first sequence number as elsewhere.
  if (kind == 5 && len % 8 == 2) {
    for (val = "sack"; len > 2; len -= 8)
      val = val " " relative(n32(at + len - 8), to[npk]) "-" relative(n32(at + len - 4), to[npk])
    return val
  }
  if (kind != 8 || len != 10) return "option " kind " length " len
  val = n32(at + 2); ecr = n32(at + 6); d = from[npk]
  if (d in last_ts && val < last_ts[d]) return "TS(back?)"
  last_ts[d] = val
  sent_ts[d, val] = 1
  if (syn[npk] && !has_ack[npk]) return ecr == 0 ? "TS" : "TS(echo?)"
  return ((to[npk], ecr) in sent_ts) ? "TS" : "TS(echo?)"
}

# icmp Q TOTAL: an ICMP message. An error quotes, from byte Q, the IP header and 8 bytes of the
# datagram it answers: the packet it answers is the last one of that protocol with those ports
# and IP id; its sender is the one told.
function icmp(q, total,   o, i, t, c) {
  kind_of[npk] = "ICMP"
  t = byte[q - 8]; c = byte[q - 7]
  flags[npk] = t == 11 ? "time exceeded" : t != 3 ? "type " t " code " c : c == 3 ? \
    "port unreachable" : c == 1 ? "host unreachable" : c == 4 ? "fragmentation needed" : \
    "destination unreachable (code " c ")"
  answers[npk] = 0
  if (total < q + 28 || int(byte[q] / 16) != 4) return
  o = q + (byte[q] % 16) * 4
  for (i = npk - 1; i >= 1 && !answers[npk]; i--)
    if (sport[i] == n16(o) && dport[i] == n16(o + 2) && ipid[i] == n16(q + 4) &&
        kind_of[i] == (byte[q + 9] == 6 ? "TCP" : "UDP")) answers[npk] = i
  if (answers[npk]) { from[npk] = to[answers[npk]]; to[npk] = from[answers[npk]] }
}

# text_of FROM TO: bytes FROM..TO-1 of the packet as its text. Valid UTF-8 stays as it is; every
# other byte that is not printable ASCII is escaped.
function text_of(from, to,   i, b, n, cp, k, ok, lo, hi, s) {
  for (i = from; i < to; ) {
    b = byte[i]
    n = 0
    if (b >= 194 && b <= 223) { n = 1; cp = b - 192 }
    else if (b >= 224 && b <= 239) { n = 2; cp = b - 224 }
    else if (b >= 240 && b <= 244) { n = 3; cp = b - 240 }
    ok = n > 0 && i + n < to
    # The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    lo = b == 224 ? 160 : b == 240 ? 144 : 128
    hi = b == 237 ? 159 : b == 244 ? 143 : 191
    for (k = 1; ok && k <= n; k++) {
      if (byte[i + k] < (k == 1 ? lo : 128) || byte[i + k] > (k == 1 ? hi : 191)) ok = 0
      else cp = cp * 64 + byte[i + k] - 128
    }
    if (ok && cp >= 160) {
      for (s = ""; n >= 0; n--) s = s chr[byte[i++]]
      piece(s, char_cols(cp))
      continue
    }
    if (b == 34) piece("\\\"", 2)
    else if (b == 92) piece("\\\\", 2)
    else if (b >= 32 && b < 127) piece(chr[b], 1)
    else if (b == 10) piece("\\n", 2)
    else if (b == 13) piece("\\r", 2)
    else if (b == 9) piece("\\t", 2)
    else piece(sprintf("\\x%02x", b), 4)
    i++
  }
}

# piece S COLS: one more character (or escape) S of packet npk's text, COLS columns wide.
function piece(s, c) {
  text[npk] = text[npk] s
  cols[npk] += c
  piece_text[npk, ++pieces[npk]] = s
  piece_cols[npk, pieces[npk]] = c
}

# char_cols CP: how many terminal columns code point CP takes: 2 for East Asian wide and
# full-width characters (Chinese among them), 0 for combining marks and zero-width ones, else 1.
function char_cols(cp) {
  if ((cp >= 768 && cp <= 879) || (cp >= 8203 && cp <= 8207) || (cp >= 65024 && cp <= 65039))
    return 0
  if ((cp >= 4352 && cp <= 4447) || (cp >= 11904 && cp <= 42191 && cp != 12351) ||
      (cp >= 44032 && cp <= 55203) || (cp >= 63744 && cp <= 64255) ||
      (cp >= 65040 && cp <= 65049) || (cp >= 65072 && cp <= 65135) ||
      (cp >= 65280 && cp <= 65376) || (cp >= 65504 && cp <= 65510) ||
      (cp >= 127744 && cp <= 128591) || (cp >= 129280 && cp <= 129791) ||
      (cp >= 131072 && cp <= 262141))
    return 2
  return 1
}

# read_close: relative sequence numbers, what each TCP packet acknowledges, and where the end of
# the conversation starts: the packets after the last one that carries a payload.
function relative(n, d) { return d in isn ? (n - isn[d] + 4294967296) % 4294967296 : n }
function read_close(   i, o) {
  for (i = 1; i <= npk; i++) {
    # A packet sent again: a duplicate (the same IP id: a copy made on the way) or, for TCP, a
    # retransmission (the same sequence number and length from the same end, sent anew).
    for (o = 1; o < i && !mark[i]; o++)
      if (from[o] == from[i] && from[i] != "other" && kind_of[o] == kind_of[i] &&
          text[o] == text[i] && flags[o] == flags[i] && seq_raw[o] == seq_raw[i] &&
          (ipid[o] == ipid[i] || (kind_of[i] == "TCP" && (size[i] > 0 || syn[i] || fin[i]))))
        mark[i] = ipid[o] == ipid[i] ? "copy" : "resent"
    # The packet the check's network lost (-v lost=DIRECTION,FLAG): the first that matches.
    if (!lost_at && lost != "" &&
        from[i] "," (kind_of[i] == "UDP" ? "UDP" : flags[i]) ~ ("^" lost)) {
      lost_at = i
      mark[i] = "lost"
    }
    if (kind_of[i] != "TCP") continue
    seq[i] = relative(seq_raw[i], from[i])
    ack[i] = has_ack[i] ? relative(ack_raw[i], to[i]) : -1
  }
  for (i = 1; i <= npk; i++)
    if (size[i] > 0 || syn[i]) last_data = i
}

# line_of I: packet I as one line of the list; fixed_of I: the part that follows its numbers.
function line_of(i,   s) {
  s = from[i] " > " to[i] "  " kind_of[i]
  if (kind_of[i] == "ICMP") s = s " " flags[i] (answers[i] ? ", answers packet " answers[i] : "")
  else if (kind_of[i] != "TCP" && kind_of[i] != "UDP")
    return s (flags[i] != "" ? ", " flags[i] : "")
  else if (kind_of[i] == "TCP")
    s = s " " flags[i] ", seq " seq[i] (has_ack[i] ? ", ack " ack[i] : "")
  return s fixed_of(i) (mark[i] != "" ? " (" mark[i] ")" : "")
}
function fixed_of(i) {
  return (kind_of[i] == "TCP" ? ", " tcp[i] (opts[i] != "" ? ", [" opts[i] "]" : "") : "") \
    (size[i] > 0 ? ", " size[i] " bytes: \"" text[i] "\"" : "") "  (" ip[i] ")"
}

function list(   i, k, n, id) {
  leave_out()
  n = races()
  for (i = 1; i <= (n ? last_data : npk); i++) {
    k = n && order[i] ? order[i] : i
    if (!skip[k]) print line_of(k)
  }
  if (n && close_text != "") print close_text
  if (explain) for (id in used) print "# accepted " id ": " field[id, "reason"]
}

# ---------------------------------------------------------------------------------------------
# The diagram.

# rep S N: S written N times.
function rep(s, n,   out) { while (n-- > 0) out = out s; return out }

# cut I ROOM: packet I's payload text, cut to ROOM columns (ending with "...") if longer; its
# width in cut_cols.
function cut(i, room,   k, out) {
  if ((cut_cols = cols[i]) <= room) return text[i]
  for (cut_cols = 3; ++k <= pieces[i] && cut_cols + piece_cols[i, k] <= room; )
    { out = out piece_text[i, k]; cut_cols += piece_cols[i, k] }
  return out "..."
}

# call_of I SIDE: the socket call on SIDE (client or server) that packet I shows, where plain.
function call_of(i, side) {
  if (kind_of[i] == "ICMP") return from[i] == side ? "(port closed)" : ""
  if (from[i] != side)
    return kind_of[i] == "TCP" && i == handshake_end && side == "server" ? "accept() returns" : ""
  if (mark[i] == "copy" || mark[i] == "resent") return ""
  if (syn[i] && !has_ack[i]) return "connect()"
  if (rst[i]) return "(reset)"
  if (fin[i]) return "close()"
  if (size[i] > 0) return kind_of[i] == "UDP" ? "sendto()" : "send()"
  return ""
}

function draw(   i, left, inner, label, t, line, arrow, pad) {
  left = 17     # columns before the client's line: the packet's number and the client's call
  inner = 62    # columns between the two lines; the server's call goes after the right one
  for (i = 3; i <= npk && !handshake_end; i++)
    if (kind_of[i] == "TCP" && syn[i - 2] && !has_ack[i - 2] && syn[i - 1] && has_ack[i - 1] &&
        !syn[i] && has_ack[i] && from[i] == "client") handshake_end = i
  if (title != "") print "== " title " " rep("=", width - length(title) - 4)
  print rep(" ", left - 3) "client" rep(" ", inner - 5) "server (port " server_port ")"
  print rep(" ", left) "|" rep(" ", inner) "|"
  for (i = 1; i <= npk; i++) {
    if (from[i] == "other") continue
    label = kind_of[i] == "ICMP" ? "ICMP " flags[i] : kind_of[i] == "UDP" ? "UDP" : flags[i]
    if (kind_of[i] == "ICMP" && answers[i]) label = label " (to " answers[i] ")"
    if (size[i] > 0) label = label " " size[i] " bytes"
    t = mark[i] != "" ? " (" mark[i] ")" : ""
    pad = length(label) + length(t)
    if (size[i] > 0) {
      # The payload's width on a terminal, not its length in bytes, sets the padding.
      label = label " \"" cut(i, inner - 10 - pad) "\""
      pad += 3 + cut_cols
    }
    label = label t
    arrow = from[i] == "client" ? "-- " label " " rep("-", inner - 5 - pad) ">" : \
      "<" rep("-", inner - 5 - pad) " " label " --"
    line = sprintf("%2d %-" (left - 3) "s|%s| %s", i, call_of(i, "client"), arrow,
      call_of(i, "server"))
    sub(/ +$/, "", line)
    print line
  }
  print rep(" ", left) "|" rep(" ", inner) "|"
  print time_wait()
  print "A packet with no call beside it was sent by the kernel on its own (ACKs, SYN ACK, ICMP)."
  for (i = 1; i <= npk; i++) if (mark[i] != "") t = 1
  if (t) print "lost: dropped before the receiver; copy: made on the way; resent: by the kernel"
  if (notes != "") print notes
}

# time_wait: the sentence under the diagram: which end was left in TIME_WAIT. An end that sends
# its FIN before it has the other's (its FIN does not acknowledge the other's) closes actively
# and waits in TIME_WAIT; when both do that (simultaneous close) both wait.
function time_wait(   i, d, active, n) {
  for (i = 1; i <= npk; i++) {
    if (kind_of[i] == "UDP") return "UDP: no connection, so no TIME_WAIT"
    if (kind_of[i] != "TCP") continue
    if (rst[i]) return "connection reset (RST): neither end is left in TIME_WAIT"
    d = from[i]
    if (fin[i] && !(d in fin_seq)) {
      fin_seq[d] = seq[i] + size[i]
      # Did this FIN acknowledge the other end's FIN?
      if (!((to[i] in fin_seq) && ack[i] > fin_seq[to[i]])) { active[d] = 1; n++ }
    }
  }
  return n == 2 ? "TIME_WAIT: both ends (a simultaneous close: each sent its FIN before it had " \
    "the other's)" : active["client"] ? "TIME_WAIT: the client (it sent the first FIN; the " \
    "server's FIN answered it)" : active["server"] ? "TIME_WAIT: the server, port " server_port \
    " (it sent the first FIN; the client's answered it)" : \
    "no FIN seen: the connection did not close in this capture"
}

# ---------------------------------------------------------------------------------------------
# The procedures that accept a race, each applied only where an entry of `accepted` names it.

# leave_out: skip[I] for each packet an entry leaves out of the list.
function leave_out(   i, j, last) {
  for (i = 1; i <= npk; i++)
    if (kind_of[i] == "UDP" && from[i] == "client" && mark[i] != "copy") last = i
  for (i = 1; i <= npk; i++) {
    # icmp-after-close: an ICMP error of type `icmp` answering a UDP reply of the server that came
    # after the client's last datagram, with the IP header `ip` (%d: 56 + the reply's payload).
    j = answers[i]
    if ("icmp-after-close" in proc && kind_of[i] == "ICMP" && kind_of[j] == "UDP" &&
        from[j] == "server" && j > last && flags[i] == param("icmp-after-close", "icmp") &&
        ip[i] == sprintf(param("icmp-after-close", "ip"), 56 + size[j]))
      skip[i] = applied("icmp-after-close")
    # repeat: a TCP packet with flags `flags` and no payload whose line (its mark aside) is the
    # line of the packet right before it in the capture, itself not left out.
    if ("repeat" in proc && i > 1 && kind_of[i] == "TCP" && flags[i] == param("repeat", "flags") &&
        !size[i] && !skip[i - 1] && from[i] == from[i - 1] && flags[i - 1] == flags[i] &&
        seq[i] == seq[i - 1] && ack[i] == ack[i - 1] && fixed_of(i) == fixed_of(i - 1))
      skip[i] = applied("repeat")
    # dsack: a TCP packet with flags `flags`, no payload and no SACK option, when the same end's
    # next packet has the same flags, sequence and acknowledgment numbers, and a SACK option.
    if (!("dsack" in proc) || kind_of[i] != "TCP" || flags[i] != param("dsack", "flags") ||
        size[i] || opts[i] ~ /sack /)
      continue
    for (j = i + 1; j <= npk && from[j] != from[i]; j++) ;
    if (j <= npk && flags[j] == flags[i] && ack[j] == ack[i] && seq[j] == seq[i] &&
        opts[j] ~ /sack /)
      skip[i] = applied("dsack")
  }
}

# races: 1 when the packets after the last payload (last_data) are an ending an entry accepts,
# close_text then what the list prints in their place (nothing for UDP); else 0, and the list
# prints every packet as it came (but those left out).
function races(   i, d, sent_ack, fins, fin_end, listed) {
  if (kind_of[1] == "UDP") return udp_order()
  # close: after the server's reply each end sends exactly one FIN; every packet has ACK, no
  # payload, SYN or RST, and brings something new (its FIN, or an acknowledgment of more than
  # that end had acknowledged); at the end each end has acknowledged the other's FIN.
  if (!npk || !("close" in proc)) return 0
  for (i = 1; i <= last_data; i++)
    if (kind_of[i] == "TCP" && has_ack[i] && ack[i] > sent_ack[from[i]]) sent_ack[from[i]] = ack[i]
  for (i = last_data + 1; i <= npk; i++) {
    if (skip[i]) continue
    d = from[i]
    if (kind_of[i] != "TCP" || syn[i] || rst[i] || size[i] > 0 || !has_ack[i]) return 0
    if (fin[i] && (d in fin_end)) return 0
    if (fin[i]) { fin_end[d] = seq[i] + 1; fins++ }
    else if (ack[i] <= sent_ack[d]) return 0
    if (ack[i] > sent_ack[d]) sent_ack[d] = ack[i]
  }
  if (fins != 2 || sent_ack["client"] != fin_end["server"] ||
      sent_ack["server"] != fin_end["client"])
    return 0
  close_text = "client > server  TCP FIN, acknowledged by the server\n" \
    "server > client  TCP FIN, acknowledged by the client"
  # What the close's packets carry besides their flags and numbers, each direction's different
  # ones once, in order: the same in any order and merging of the close.
  for (d = 1; d <= 2; d++)
    for (i = last_data + 1; i <= npk; i++)
      if (!skip[i] && from[i] == (d == 1 ? "client" : "server") && !((d, fixed_of(i)) in listed)) {
        listed[d, fixed_of(i)] = 1
        close_text = close_text "\n" from[i] " > " to[i] "  TCP, the close's packets" fixed_of(i)
      }
  return applied("close")
}

# udp_order (procedure udp-order): the UDP conversation in one fixed order. The client sends a
# datagram, waits for the reply, and only then sends the next; the server answers each datagram
# it receives (a copy made on the way too) with one reply. So reply K comes after the K-th
# datagram received, and the client's datagram J+1 after reply J: in capture order it must be so,
# and every packet not left out must be a UDP one of the pair. Beyond that a reply and a datagram
# may cross, and come in either order; they are listed in one order: the client's first whenever
# the rules allow it.
function udp_order(   i, k, n, nc, nr, ns, c, r, sent, pos) {
  if (!("udp-order" in proc)) return 0
  for (i = 1; i <= npk; i++) {
    if (skip[i]) continue
    if (kind_of[i] != "UDP" || from[i] == "other") return 0
    if (from[i] == "server") r[++nr] = i
    else if ((c[++nc] = i) && mark[i] != "copy") sent[++ns] = i
  }
  for (k = 1; k <= nr; k++) if (k > nc || r[k] < c[k]) return 0
  for (k = 1; k < ns; k++) if (k > nr || sent[k + 1] < r[k]) return 0
  # The fixed order: each time, the client's next datagram if its reply rule allows, else the
  # server's next reply.
  for (i = k = 1; i <= nc || k <= nr; ) {
    for (pos = ns; pos > 0 && i <= nc && sent[pos] != c[i]; pos--) ;
    if (i <= nc && (mark[c[i]] == "copy" || pos <= 1 || pos - 1 < k)) order[++n] = c[i++]
    else if (k <= nr && k < i) order[++n] = r[k++]
    else return 0
  }
  for (i = 1; i <= n; i++) if (order[i] != i) applied("udp-order")
  last_data = n
  return 1
}
