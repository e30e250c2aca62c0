# The packets of one server/client pair, read from the hex dump (-x) of `tcpdump -i lo -n -l
# --immediate-mode -tt -x` (tcpdump 4.99.3), each header line starting a packet; for check.sh
# --packets and --unreliable (list) and --side-by-side (draw):
#   LC_ALL=C awk -v mode=list -v client=PORT -v accepted=scripts/accepted/packets [-v without=ID] \
#     [-v explain=1] [-v lost=DIRECTION,FLAGS] -f scripts/packets.awk CAPTURE
#   LC_ALL=C awk -v mode=draw -v client=PORT [-v title=T] [-v lost=L] [-v notes=N] ... CAPTURE
# The list: a packet a line, in capture order, as scripts/wire.md describes (the end with port
# `client`, default 50000, is the client; the other end of its packets the server). Races are
# accepted only as the entries of `accepted` say, each naming the procedure here that applies it;
# without=ID leaves entry ID out, explain=1 adds "# accepted ID: REASON" for each that applied, lost
# marks the first packet that matches as lost. The diagram: the client left, the server right, an
# arrow a packet with the call that sent it where plain, then who was left in TIME_WAIT; 100
# columns, CJK taking two. POSIX awk (mawk, gawk, busybox awk), LC_ALL=C.
BEGIN {
  if (mode == "") mode = "list"
  if (mode != "list" && mode != "draw") fail("mode must be list or draw")
  for (i = 0; i < 256; i++) {
    value[sprintf("%02x", i)] = i
    chr[i] = sprintf("%c", i)
    esc[i] = (i >= 32 && i < 127) ? chr[i] : sprintf("\\x%02x", i)
  }
  esc[34] = "\\\""; esc[92] = "\\\\"; esc[10] = "\\n"; esc[13] = "\\r"; esc[9] = "\\t"
  # In a UTF-8 locale gawk would write %c 228 as two bytes: payloads would come out wrong.
  if (chr[228] != "\344") fail("run it with LC_ALL=C")
  if (client == "") client = 50000
  for (i = 0; i < 8; i++) pow2[i] = i ? pow2[i - 1] * 2 : 1
  split("SYN FIN RST PSH ACK URG ECE CWR", flag_word)
  width = 100; nb = -1
  if (accepted != "") read_accepted()
}
function fail(s) { print "packets.awk: " s > "/dev/stderr"; failed = 1; exit 2 }
# A line not starting with a blank starts a packet; "	0x0010:  7f00 0001 ...": 16 bytes of it.
/^[^ \t]/ { end_packet(); nb = 0; next }
nb >= 0 && /^[ \t]+0x[0-9a-f]+:/ {
  sub(/^[ \t]+0x[0-9a-f]+:[ \t]*/, "")
  for (i = 1; i <= NF; i++)
    for (g = $i; g ~ /^[0-9a-f]+$/; g = substr(g, 3)) byte[nb++] = value[substr(g, 1, 2)]
}
END {
  if (failed) exit 2
  end_packet()
  read_close()
  if (mode == "list") list()
  else draw()
}
# read_accepted: field[ID, KEY] for line `KEY VALUE` of entry ID (not `without`), proc[P] the
# entry of procedure P. param P KEY: KEY of P's entry; applied P: note that P applied.
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
function param(p, key) { return field[proc[p], key] }
function applied(p) { used[proc[p]] = 1; return 1 }
# n16 AT, n32 AT: the big-endian number at byte AT of the packet; bit N B: bit B (0 lowest) of N.
function n16(at) { return byte[at] * 256 + byte[at + 1] }
function n32(at) { return n16(at) * 65536 + n16(at + 2) }
function bit(n, b) { return int(n / pow2[b]) % 2 }
function addr(at) { return byte[at] "." byte[at + 1] "." byte[at + 2] "." byte[at + 3] }
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
# ipv6: never sent by the programs; its addresses, next header and ports, so that a diff shows it.
function ipv6(   i, s) {
  kind_of[npk] = "IPv6"
  for (i = 8; i < 40; i += 2) s = s (i == 24 ? " > " : i == 8 ? "" : ":") sprintf("%x", n16(i))
  s = "next header " byte[6] ", " s
  if (byte[6] == 6 || byte[6] == 17) s = s ", ports " n16(40) " > " n16(42)
  flags[npk] = s ", " nb " bytes"
}
function ipv4(   l4, total, proto, f, sp, dp, off) {
  l4 = (byte[0] % 16) * 4; total = n16(2) > nb ? nb : n16(2)
  proto = byte[9]; f = (byte[6] % 32) * 256 + byte[7]
  ip[npk] = "IPv4 tos " sprintf("0x%x", byte[1]) ", ttl " byte[8] (bit(byte[6], 6) ? ", DF" : "") \
    (bit(byte[6], 5) ? ", MF" : "") (f ? ", offset " f * 8 : "") ", " n16(2) " bytes"
  kind_of[npk] = "IPv4 protocol " proto; ipid[npk] = n16(4)
  if ((proto != 6 && proto != 17) || total < l4 + (proto == 6 ? 20 : 8)) {
    ip[npk] = addr(12) " > " addr(16) ", " ip[npk]
    if (proto == 1 && total >= l4 + 8) icmp(l4 + 8, total)
    return
  }
  sport[npk] = sp = n16(l4); dport[npk] = dp = n16(l4 + 2)
  kind_of[npk] = proto == 6 ? "TCP" : "UDP"
  if (sp == client || dp == client) {
    from[npk] = sp == client ? "client" : "server"; to[npk] = sp == client ? "server" : "client"
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
  off = l4 + int(byte[l4 + 12] / 16) * 4; f = byte[l4 + 13]
  for (i = 1; i <= 8; i++) if (bit(f, i < 3 ? 2 - i : i - 1)) s = s " " flag_word[i]
  if (byte[l4 + 12] % 16) s = s " reserved " (byte[l4 + 12] % 16)
  flags[npk] = substr(s, 2)
  syn[npk] = bit(f, 1); fin[npk] = bit(f, 0); rst[npk] = bit(f, 2); has_ack[npk] = bit(f, 4)
  seq_raw[npk] = n32(l4 + 4); ack_raw[npk] = n32(l4 + 8)
  if (!(from[npk] in isn)) isn[from[npk]] = seq_raw[npk] - !syn[npk]
  tcp[npk] = "win " n16(l4 + 14) (n16(l4 + 18) ? ", urgent " n16(l4 + 18) : "")
  s = ""
  for (o = l4 + 20; o < off; o += olen) {
    kind = byte[o]; olen = kind > 1 ? byte[o + 1] : 1
    if (kind > 1 && olen < 2) { s = s ",bad length"; break }
    s = s "," option_name(kind, o, olen)
    if (kind == 0) break
  }
  opts[npk] = substr(s, 2)
  return off
}
# option_name KIND AT LEN: the TCP option at byte AT, LEN bytes long, as listed (TS: checked).
function option_name(kind, at, len,   val, ecr, d) {
  if (kind == 0) return "eol"
  if (kind == 1) return "nop"
  if (kind == 2 && len == 4) return "mss " n16(at + 2)
  if (kind == 3 && len == 3) return "wscale " byte[at + 2]
  if (kind == 4 && len == 2) return "sackOK"
  if (kind == 5 && len % 8 == 2) {
    for (val = "sack"; len > 2; len -= 8)
      val = val " " relative(n32(at + len - 8), to[npk]) "-" relative(n32(at + len - 4), to[npk])
    return val
  }
  if (kind != 8 || len != 10) return "option " kind " length " len
  val = n32(at + 2); ecr = n32(at + 6); d = from[npk]
  if (d in last_ts && val < last_ts[d]) return "TS(back?)"
  last_ts[d] = val; sent_ts[d, val] = 1
  if (syn[npk] && !has_ack[npk]) return ecr == 0 ? "TS" : "TS(echo?)"
  return ((to[npk], ecr) in sent_ts) ? "TS" : "TS(echo?)"
}
# icmp Q TOTAL: an ICMP message. An error quotes from byte Q the IP header and 8 bytes of what it
# answers: the last packet of that protocol with those ports and IP id, whose sender is told.
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
# text_of FROM TO: bytes FROM..TO-1 of the packet as text: valid UTF-8 as it is (the second
# byte's range excludes overlong forms, surrogates and code points past U+10FFFF), else esc[].
function text_of(from, to,   i, b, n, cp, k, ok, lo, hi, s) {
  for (i = from; i < to; ) {
    b = byte[i]
    n = (b >= 194 && b <= 223) ? 1 : (b >= 224 && b <= 239) ? 2 : (b >= 240 && b <= 244) ? 3 : 0
    cp = b % pow2[7 - n]
    ok = n > 0 && i + n < to
    lo = b == 224 ? 160 : b == 240 ? 144 : 128
    hi = b == 237 ? 159 : b == 244 ? 143 : 191
    for (k = 1; ok && k <= n; k++)
      if (byte[i + k] < (k == 1 ? lo : 128) || byte[i + k] > (k == 1 ? hi : 191)) ok = 0
      else cp = cp * 64 + byte[i + k] - 128
    if (ok && cp >= 160) {
      for (s = ""; n >= 0; n--) s = s chr[byte[i++]]
      piece(s, char_cols(cp))
    } else piece(esc[byte[i++]], length(esc[b]))
  }
}
# piece S COLS: one more character (or escape) S of packet npk's text, COLS columns wide.
function piece(s, c) {
  text[npk] = text[npk] s; cols[npk] += c
  piece_text[npk, ++pieces[npk]] = s; piece_cols[npk, pieces[npk]] = c
}
# char_cols CP: CP's terminal columns: 0 combining or zero-width, 2 East Asian wide, else 1.
function char_cols(cp,   r, k) {
  split("768 879 0 8203 8207 0 65024 65039 0 4352 4447 2 11904 12350 2 12352 42191 2 44032 " \
    "55203 2 63744 64255 2 65040 65049 2 65072 65135 2 65280 65376 2 65504 65510 2 127744 " \
    "128591 2 129280 129791 2 131072 262141 2", r)
  for (k = 1; k in r; k += 3) if (cp - r[k] >= 0 && r[k + 1] - cp >= 0) return r[k + 2] + 0
  return 1
}
# relative N END: N relative to END's first sequence number. read_close: marks (duplicate,
# retransmission, lost), relative numbers, and last_data: the last packet with a payload or SYN.
function relative(n, d) { return d in isn ? (n - isn[d] + 4294967296) % 4294967296 : n }
function read_close(   i, o) {
  for (i = 1; i <= npk; i++) {
    # Sent again: a copy made on the way (the same IP id) or a TCP retransmission.
    for (o = 1; o < i && !mark[i]; o++)
      if (from[o] == from[i] && from[i] != "other" && kind_of[o] == kind_of[i] &&
          text[o] == text[i] && flags[o] == flags[i] && seq_raw[o] == seq_raw[i] &&
          (ipid[o] == ipid[i] || (kind_of[i] == "TCP" && (size[i] > 0 || syn[i] || fin[i]))))
        mark[i] = ipid[o] == ipid[i] ? "duplicate" : "retransmission"
    if (!lost_at && lost != "" &&
        from[i] "," (kind_of[i] == "UDP" ? "UDP" : flags[i]) ~ ("^" lost))
      { lost_at = i; mark[i] = "lost" }
    if (kind_of[i] != "TCP") continue
    seq[i] = relative(seq_raw[i], from[i]); ack[i] = has_ack[i] ? relative(ack_raw[i], to[i]) : -1
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
# The diagram. rep S N: S written N times.
function rep(s, n,   out) { while (n-- > 0) out = out s; return out }
# cut I ROOM: packet I's text, cut to ROOM columns with "..." if longer; its width in cut_cols.
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
  if (mark[i] == "duplicate" || mark[i] == "retransmission") return ""
  if (syn[i] && !has_ack[i]) return "connect()"
  if (rst[i]) return "(reset)"
  if (fin[i]) return "close()"
  if (size[i] > 0) return kind_of[i] == "UDP" ? "sendto()" : "send()"
  return ""
}
function draw(   i, left, inner, label, t, line, arrow, pad, got, ngot, nreply, marked) {
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
    # A UDP server answers the datagrams it got in turn: its K-th reply, the K-th that arrived.
    if (kind_of[i] == "UDP" && from[i] == "client" && mark[i] != "lost") got[++ngot] = i
    if (kind_of[i] == "UDP" && from[i] == "server" && ++nreply <= ngot)
      t = " (to " got[nreply] ")" t
    pad = length(label) + length(t)
    # The payload's width on a terminal, not its length in bytes, sets the padding.
    if (size[i] > 0) { label = label " \"" cut(i, inner - 10 - pad) "\""; pad += 3 + cut_cols }
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
  for (i = 1; i <= npk; i++) if (mark[i] != "") marked = 1
  if (marked) print "lost: dropped on the way; duplicate: copied on the way; retransmission: the" \
    " kernel sent it again"
  if (notes != "") print notes
}
# time_wait: the ends left in TIME_WAIT: each whose FIN does not acknowledge the other's FIN.
function time_wait(   i, d, active, n) {
  for (i = 1; i <= npk; i++) {
    if (kind_of[i] == "UDP") return "UDP: no connection, so no TIME_WAIT"
    if (kind_of[i] != "TCP") continue
    if (rst[i]) return "connection reset (RST): neither end is left in TIME_WAIT"
    d = from[i]
    if (fin[i] && !(d in fin_seq)) {
      fin_seq[d] = seq[i] + size[i]
      if (!((to[i] in fin_seq) && ack[i] > fin_seq[to[i]])) { active[d] = 1; n++ }
    }
  }
  return n == 2 ? "TIME_WAIT: both ends (a simultaneous close: each sent its FIN before it had " \
    "the other's)" : active["client"] ? "TIME_WAIT: the client (it sent the first FIN; the " \
    "server's FIN answered it)" : active["server"] ? "TIME_WAIT: the server, port " server_port \
    " (it sent the first FIN; the client's answered it)" : \
    "no FIN seen: the connection did not close in this capture"
}
# The procedures accepting races, each applied only where an entry of `accepted` names it.
# leave_out: skip[I] for each packet an entry leaves out (icmp-after-close, repeat, dsack).
function leave_out(   i, j, last) {
  for (i = 1; i <= npk; i++)
    if (kind_of[i] == "UDP" && from[i] == "client" && mark[i] != "duplicate") last = i
  for (i = 1; i <= npk; i++) {
    j = answers[i]
    if ("icmp-after-close" in proc && kind_of[i] == "ICMP" && kind_of[j] == "UDP" &&
        from[j] == "server" && j > last && flags[i] == param("icmp-after-close", "icmp") &&
        ip[i] == sprintf(param("icmp-after-close", "ip"), 56 + size[j]))
      skip[i] = applied("icmp-after-close")
    if ("repeat" in proc && i > 1 && kind_of[i] == "TCP" && flags[i] == param("repeat", "flags") &&
        !size[i] && !skip[i - 1] && from[i] == from[i - 1] && flags[i - 1] == flags[i] &&
        seq[i] == seq[i - 1] && ack[i] == ack[i - 1] && fixed_of(i) == fixed_of(i - 1))
      skip[i] = applied("repeat")
    if (!("dsack" in proc) || kind_of[i] != "TCP" || flags[i] != param("dsack", "flags") ||
        size[i] || opts[i] ~ /sack /)
      continue
    for (j = i + 1; j <= npk && from[j] != from[i]; j++) ;
    if (j <= npk && flags[j] == flags[i] && ack[j] == ack[i] && seq[j] == seq[i] &&
        opts[j] ~ /sack /)
      skip[i] = applied("dsack")
  }
}
# races: 1 when the packets after last_data are an ending an entry accepts (close, udp-order),
# with close_text what the list prints in their place; else 0: every packet listed as it came.
function races(   i, d, sent_ack, fins, fin_end, listed) {
  if (kind_of[1] == "UDP") return udp_order()
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
  # Then each direction's different rests of a line, once, in order.
  for (d = 1; d <= 2; d++)
    for (i = last_data + 1; i <= npk; i++)
      if (!skip[i] && from[i] == (d == 1 ? "client" : "server") && !((d, fixed_of(i)) in listed)) {
        listed[d, fixed_of(i)] = 1
        close_text = close_text "\n" from[i] " > " to[i] "  TCP, the close's packets" fixed_of(i)
      }
  return applied("close")
}
# udp_order: the UDP conversation in one fixed order: reply K after the K-th datagram received
# (a copy too), datagram J+1 after reply J, else the client's first where those rules allow it.
function udp_order(   i, k, n, nc, nr, ns, c, r, sent, pos) {
  if (!("udp-order" in proc)) return 0
  for (i = 1; i <= npk; i++) {
    if (skip[i]) continue
    if (kind_of[i] != "UDP" || from[i] == "other") return 0
    if (from[i] == "server") r[++nr] = i
    else if ((c[++nc] = i) && mark[i] != "duplicate") sent[++ns] = i
  }
  for (k = 1; k <= nr; k++) if (k > nc || r[k] < c[k]) return 0
  for (k = 1; k < ns; k++) if (k > nr || sent[k + 1] < r[k]) return 0
  for (i = k = 1; i <= nc || k <= nr; ) {
    for (pos = ns; pos > 0 && i <= nc && sent[pos] != c[i]; pos--) ;
    if (i <= nc && (mark[c[i]] == "duplicate" || pos <= 1 || pos - 1 < k)) order[++n] = c[i++]
    else if (k <= nr && k < i) order[++n] = r[k++]
    else return 0
  }
  for (i = 1; i <= n; i++) if (order[i] != i) applied("udp-order")
  last_data = n
  return 1
}
