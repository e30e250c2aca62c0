# The packets one server/client pair exchanged, read from the output of
# `tcpdump -i lo -n -l --immediate-mode -tt -x`. Used by `sh scripts/check.sh --packets`, which
# compares them with scripts/expected/tcp.packets or scripts/expected/udp.packets (the Python
# originals' packets), and draws them for a student:
#
#   LC_ALL=C awk -v mode=list -f scripts/packets.awk CAPTURE     the normalized list, one line a packet
#   LC_ALL=C awk -v mode=list -v literal=1 -f scripts/packets.awk CAPTURE
#                                                                 the same, races left as they came
#   LC_ALL=C awk -v mode=list -v explain=1 -f scripts/packets.awk CAPTURE
#                                                                 the list, then "# accepted: ..."
#                                                                 for each race outcome it met
#   LC_ALL=C awk -v mode=draw -v title='Python + Python' -f scripts/packets.awk CAPTURE
#                                                                 a sequence diagram, 100 columns
#
# Only tcpdump's hex dump is read (-x: each packet from its IP header on, in lines "0x0010: 4500
# ..."); the header line tcpdump writes before it only marks where a packet starts. The IPv4, TCP,
# UDP and ICMP headers and the payload are decoded here, so tcpdump's text format does not matter.
#
# Every packet of the capture counts, in capture order: any port, any protocol, IPv6 too (the
# check's network holds only the case's pair). The end that owns port 8080 (TCP) or 9090 (UDP) is
# the server, the other end the client; a packet of neither is "other". A line a packet gives,
# compared exactly: direction, protocol, TCP flags, sequence and acknowledgment numbers relative
# to each end's first (so an acknowledgment says how many bytes it acknowledges), window, urgent
# pointer, every TCP option in order with its value, the payload's size and the payload as text
# (valid UTF-8 as its characters, other bytes as \xHH; \n, \r, \t, \" and \\ as in C), then
# the IP header: addresses and ports, TOS, TTL, the DF and MF bits, fragment offset and length.
# An ICMP error says its type, code and which packet it answers. Checked instead of shown, each
# against another observation of the same capture: a timestamp option (TS) is shown as TS when its
# echo is 0 on a first SYN and else a value the other end sent, and each end's values never go
# back (else "TS(echo?)" or "TS(back?)"); a UDP length that is not the IP length less 20 is shown.
# Left out, with their reasons: the IP id (the kernel's counter, from a random start, and 0 on a
# SYN ACK; nothing a program sets), the checksums (on the loopback the kernel leaves the TCP and
# UDP ones unfinished, and the IP one follows the id), the absolute sequence numbers (random
# starts) and the timestamps' values (a clock with a random offset). Last, the races of the pair's
# end (which end closes first; whether the last UDP reply finds the client's port closed) are made
# one fixed text, whatever the order and merging of the close: "client > server  TCP FIN,
# acknowledged by the server", its mirror, and for each direction the close's packets without
# their flags and numbers, each different one once; UDP's datagrams are put in one fixed order
# within the programs' rules, and an ICMP port unreachable that answers a reply after the client's
# last datagram is left out only in its one exact form; a pure ACK followed by the same ACK with a
# D-SACK block is left out. Every outcome accepted is in the functions `races`, `udp_order` and
# `merged` at the end, with its reason. An ending not accepted there (an RST, a FIN before
# the reply, a missing ACK, a retransmission) is printed packet by packet, so a diff shows it.
#
# The diagram draws the client on the left and the server on the right, one arrow a packet of the
# pair, with the socket call that sent it where that is plain, and says at the bottom which end was
# left in TIME_WAIT. It is ASCII but for the payloads; Chinese characters count as two columns.
#
# POSIX awk (mawk, gawk, busybox awk), run with LC_ALL=C: bytes are handled one by one.
# Tried with tcpdump 4.99.3 and libpcap 1.10.3 (Debian 12).

BEGIN {
  if (mode == "") mode = "list"
  if (mode != "list" && mode != "draw") {
    print "packets.awk: mode must be list or draw" > "/dev/stderr"
    exit 2
  }
  for (i = 0; i < 256; i++) {
    h = sprintf("%02x", i)
    value[h] = i
    chr[i] = sprintf("%c", i)
  }
  # In a UTF-8 locale gawk would write %c 228 as two bytes: payloads would come out wrong.
  if (chr[228] != "\344") {
    print "packets.awk: run it with LC_ALL=C" > "/dev/stderr"
    exit 2
  }
  # The ports the programs bind: the end that owns one of them is the server.
  server_port[8080] = "TCP"
  server_port[9090] = "UDP"
  for (i = 0; i < 8; i++) pow2[i] = i ? pow2[i - 1] * 2 : 1
  width = 100
  npk = 0
  nb = -1
}

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
  if (mode != "list" && mode != "draw") exit 2
  end_packet()
  read_close()
  if (mode == "list") list()
  else draw()
}

# n16 AT, n32 AT: the big-endian number at byte AT of the current packet.
function n16(at) { return byte[at] * 256 + byte[at + 1] }
function n32(at) { return n16(at) * 65536 + n16(at + 2) }

# bit N B: bit B (0 = lowest) of N.
function bit(n, b) { return int(n / pow2[b]) % 2 }

# end_packet: decode the packet read so far as packet number npk.
function end_packet(   ihl, total, proto, l4, sp, dp, role, off, f, names, o, kind, olen, q, v, i) {
  if (nb < 1) { nb = -1; return }
  npk++
  size[npk] = 0; text[npk] = ""; cols[npk] = 0; pieces[npk] = 0; flags[npk] = ""
  from[npk] = "other"; to[npk] = "other"
  v = int(byte[0] / 16)
  if (v == 6 && nb >= 40) {
    # IPv6: the programs never send it; listed with its addresses (groups in hex, uncompressed),
    # its next header and, for TCP or UDP, ports, so that a diff shows it.
    kind_of[npk] = "IPv6"
    for (i = 8; i < 40; i += 2)
      flags[npk] = flags[npk] (i == 24 ? " > " : i == 8 ? "" : ":") sprintf("%x", n16(i))
    flags[npk] = "next header " byte[6] ", " flags[npk]
    if (byte[6] == 6 || byte[6] == 17) flags[npk] = flags[npk] ", ports " n16(40) " > " n16(42)
    flags[npk] = flags[npk] ", " nb " bytes"
    nb = -1
    return
  }
  if (v != 4 || nb < 20) {
    kind_of[npk] = "other"
    flags[npk] = nb " bytes, IP version " v
    nb = -1
    return
  }
  ihl = (byte[0] % 16) * 4
  total = n16(2)
  if (total > nb) total = nb
  proto = byte[9]
  l4 = ihl
  f = (byte[6] % 32) * 256 + byte[7]
  ip[npk] = "IPv4 tos " sprintf("0x%x", byte[1]) ", ttl " byte[8] (bit(byte[6], 6) ? ", DF" : "") \
    (bit(byte[6], 5) ? ", MF" : "") (f ? ", offset " f * 8 : "") ", " n16(2) " bytes"
  addr_from = byte[12] "." byte[13] "." byte[14] "." byte[15]
  addr_to = byte[16] "." byte[17] "." byte[18] "." byte[19]
  kind_of[npk] = "IPv4 protocol " proto
  ipid[npk] = n16(4)
  if ((proto == 6 || proto == 17) && total >= l4 + (proto == 6 ? 20 : 8)) {
    sp = n16(l4)
    dp = n16(l4 + 2)
    name = proto == 6 ? "TCP" : "UDP"
    role = "other"
    if (server_port[sp] == name) role = "server"
    else if (server_port[dp] == name) role = "client"
    kind_of[npk] = name
    if (role != "other") { from[npk] = role; to[npk] = role == "server" ? "client" : "server" }
    ip[npk] = addr_from ":" sp " > " addr_to ":" dp ", " ip[npk]
    sport[npk] = sp
    dport[npk] = dp
    if (name == "UDP") {
      off = l4 + 8
      if (n16(l4 + 4) != total - l4) ip[npk] = ip[npk] ", UDP length " n16(l4 + 4)
    } else {
      off = l4 + int(byte[l4 + 12] / 16) * 4
      f = byte[l4 + 13]
      names = ""
      if (bit(f, 1)) names = names " SYN"
      if (bit(f, 0)) names = names " FIN"
      if (bit(f, 2)) names = names " RST"
      if (bit(f, 3)) names = names " PSH"
      if (bit(f, 4)) names = names " ACK"
      if (bit(f, 5)) names = names " URG"
      if (bit(f, 6)) names = names " ECE"
      if (bit(f, 7)) names = names " CWR"
      if (byte[l4 + 12] % 16) names = names " reserved " (byte[l4 + 12] % 16)
      flags[npk] = substr(names, 2)
      syn[npk] = bit(f, 1)
      fin[npk] = bit(f, 0)
      rst[npk] = bit(f, 2)
      has_ack[npk] = bit(f, 4)
      seq_raw[npk] = n32(l4 + 4)
      ack_raw[npk] = n32(l4 + 8)
      if (!(from[npk] in isn)) isn[from[npk]] = syn[npk] ? seq_raw[npk] : seq_raw[npk] - 1
      tcp[npk] = "win " n16(l4 + 14) (n16(l4 + 18) ? ", urgent " n16(l4 + 18) : "")
      opts[npk] = ""
      for (o = l4 + 20; o < off; o += olen) {
        kind = byte[o]
        olen = 1
        if (kind > 1) olen = byte[o + 1]
        if (kind > 1 && olen < 2) { opts[npk] = opts[npk] ",bad length"; break }
        opts[npk] = opts[npk] "," option_name(kind, o, olen)
        if (kind == 0) break
      }
      opts[npk] = substr(opts[npk], 2)
    }
    size[npk] = total - off
    if (size[npk] < 0) size[npk] = 0
    text_of(off, total)
    text[npk] = txt
    cols[npk] = txt_cols
    nb = -1
    return
  }
  ip[npk] = addr_from " > " addr_to ", " ip[npk]
  if (proto == 1 && total >= l4 + 8) {
    kind_of[npk] = "ICMP"
    flags[npk] = icmp_name(byte[l4], byte[l4 + 1])
    # An error quotes the IP header and 8 bytes of the datagram it answers: the packet it answers
    # is the last one of that protocol with those ports and IP id; its sender is the one told.
    q = l4 + 8
    answers[npk] = 0
    if (total >= q + 28 && int(byte[q] / 16) == 4) {
      o = q + (byte[q] % 16) * 4
      for (i = npk - 1; i >= 1; i--)
        if (sport[i] == n16(o) && dport[i] == n16(o + 2) && ipid[i] == n16(q + 4) &&
            kind_of[i] == (byte[q + 9] == 6 ? "TCP" : "UDP")) { answers[npk] = i; break }
      if (answers[npk]) { from[npk] = to[answers[npk]]; to[npk] = from[answers[npk]] }
    }
  }
  nb = -1
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
    for (val = "sack"; len > 2; len -= 8) {
      val = val " " relative(n32(at + len - 8), to[npk]) "-" relative(n32(at + len - 4), to[npk])
    }
    return val
  }
  if (kind == 8 && len == 10) {
    val = n32(at + 2)
    ecr = n32(at + 6)
    d = from[npk]
    if (d in last_ts && val < last_ts[d]) return "TS(back?)"
    last_ts[d] = val
    sent_ts[d, val] = 1
    if (syn[npk] && !has_ack[npk]) return ecr == 0 ? "TS" : "TS(echo?)"
    return ((to[npk], ecr) in sent_ts) ? "TS" : "TS(echo?)"
  }
  return "option " kind " length " len
}

function icmp_name(type, code) {
  if (type == 3) {
    if (code == 3) return "port unreachable"
    if (code == 1) return "host unreachable"
    if (code == 4) return "fragmentation needed"
    return "destination unreachable (code " code ")"
  }
  if (type == 11) return "time exceeded"
  return "type " type " code " code
}

# text_of FROM TO: bytes FROM..TO-1 of the packet as text, in txt; its width on a terminal in
# txt_cols. Valid UTF-8 stays as it is; every other byte that is not printable ASCII is escaped.
function text_of(from, to,   i, b, n, cp, k, ok, lo, hi, s) {
  txt = ""
  txt_cols = 0
  pieces[npk] = 0
  for (i = from; i < to; ) {
    b = byte[i]
    n = 0
    if (b >= 194 && b <= 223) { n = 1; cp = b - 192 }
    else if (b >= 224 && b <= 239) { n = 2; cp = b - 224 }
    else if (b >= 240 && b <= 244) { n = 3; cp = b - 240 }
    ok = n > 0 && i + n < to
    # The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    lo = 128; hi = 191
    if (b == 224) lo = 160
    if (b == 237) hi = 159
    if (b == 240) lo = 144
    if (b == 244) hi = 143
    for (k = 1; ok && k <= n; k++) {
      if (byte[i + k] < (k == 1 ? lo : 128) || byte[i + k] > (k == 1 ? hi : 191)) ok = 0
      else cp = cp * 64 + byte[i + k] - 128
    }
    if (ok && cp >= 160) {
      s = ""
      for (k = 0; k <= n; k++) s = s chr[byte[i + k]]
      piece(s, char_cols(cp))
      i += n + 1
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
  txt = txt s
  txt_cols += c
  pieces[npk]++
  piece_text[npk, pieces[npk]] = s
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
  last_data = 0
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

function list(   i, n, r) {
  if (!literal && races()) {
    for (i = 1; i <= last_data; i++) {
      n = order[i] ? order[i] : i
      if (!merged(n)) print line_of(n)
    }
    if (close_text != "") print close_text
    if (explain) for (r in why) print "# accepted: " why[r]
    return
  }
  for (i = 1; i <= npk; i++) print line_of(i)
}

# ---------------------------------------------------------------------------------------------
# The diagram.

# rep S N: S written N times.
function rep(s, n,   out) {
  out = ""
  while (n-- > 0) out = out s
  return out
}

# cut I ROOM: packet I's payload text, cut to ROOM columns (ending with "...") if longer; its
# width in cut_cols.
function cut(i, room,   k, out) {
  cut_cols = cols[i]
  if (cut_cols <= room) return text[i]
  out = ""
  cut_cols = 3
  for (k = 1; k <= pieces[i] && cut_cols + piece_cols[i, k] <= room; k++) {
    out = out piece_text[i, k]
    cut_cols += piece_cols[i, k]
  }
  return out "..."
}

# call_of I SIDE: the socket call on SIDE (client or server) that packet I shows, where plain.
function call_of(i, side,   udp) {
  udp = kind_of[i] == "UDP"
  if (kind_of[i] == "ICMP") return from[i] == side ? "(port closed)" : ""
  if (from[i] == side) {
    if (mark[i] == "copy" || mark[i] == "resent") return ""
    if (syn[i] && !has_ack[i]) return "connect()"
    if (rst[i]) return "(reset)"
    if (fin[i]) return "close()"
    if (size[i] > 0) return udp ? "sendto()" : "send()"
    return ""
  }
  if (kind_of[i] == "TCP" && i == handshake_end) return side == "server" ? "accept() returns" : ""
  return ""
}

function draw(   i, left, inner, label, room, t, line, arrow, pad, lport, calls) {
  left = 17     # columns before the client's line: the packet's number and the client's call
  inner = 62    # columns between the two lines; the server's call goes after the right one
  handshake_end = 0
  for (i = 3; i <= npk; i++)
    if (kind_of[i] == "TCP" && syn[i - 2] && !has_ack[i - 2] && syn[i - 1] && has_ack[i - 1] &&
        !syn[i] && has_ack[i] && from[i] == "client") { handshake_end = i; break }
  lport = "8080"
  for (i = 1; i <= npk; i++) if (kind_of[i] == "UDP") { lport = "9090"; break }
  if (title != "") print "== " title " " rep("=", width - length(title) - 4)
  print rep(" ", left - 3) "client" rep(" ", inner - 5) "server (port " lport ")"
  print rep(" ", left) "|" rep(" ", inner) "|"
  calls = 0
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
    if (from[i] == "client")
      arrow = "-- " label " " rep("-", inner - 5 - pad) ">"
    else
      arrow = "<" rep("-", inner - 5 - pad) " " label " --"
    line = sprintf("%2d %-" (left - 3) "s|%s| %s", i, call_of(i, "client"), arrow, call_of(i, "server"))
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
function time_wait(   i, first, f, d, active, n) {
  n = 0
  for (i = 1; i <= npk; i++) {
    if (kind_of[i] == "UDP") return "UDP: no connection, so no TIME_WAIT"
    if (kind_of[i] != "TCP") continue
    if (rst[i]) return "connection reset (RST): neither end is left in TIME_WAIT"
    d = from[i]
    if (fin[i] && !(d in fin_seq)) {
      fin_seq[d] = seq[i] + size[i]
      # Did this FIN acknowledge the other end's FIN?
      f = (to[i] in fin_seq) && ack[i] > fin_seq[to[i]]
      if (!f) { active[d] = 1; n++ }
    }
  }
  if (n == 2) return "TIME_WAIT: both ends (a simultaneous close: each sent its FIN before it had the other's)"
  if (active["client"]) return "TIME_WAIT: the client (it sent the first FIN; the server's FIN answered it)"
  if (active["server"]) return "TIME_WAIT: the server, port 8080 (it sent the first FIN; the client's answered it)"
  return "no FIN seen: the connection did not close in this capture"
}

# ---------------------------------------------------------------------------------------------
# races: the outcomes of the pair's end that change from run to run, and may. Returns 1 when the
# packets after the last payload (last_data) are an accepted ending; close_text is then what the
# list prints in their place (nothing for UDP). Returns 0 for any other ending: the list then
# prints every packet as it came, and the diff shows the new ending. Each accepted difference is
# below, with its reason, in `why`; with -v explain=1 the list adds the reasons that applied.
function races(   i, d, o, sent_ack, fins, fin_at, fin_end, first, end, listed) {
  close_text = ""
  if (npk == 0) return 0

  if (kind_of[1] == "UDP") return udp_order()

  # TCP. After the server's reply, each end must send exactly one FIN, every packet must bring
  # something new (its FIN, or an acknowledgment of more than that end had acknowledged), with
  # no payload, no SYN, no RST, and at the end each end must have acknowledged the other's FIN.
  for (i = 1; i <= last_data; i++)
    if (kind_of[i] == "TCP" && has_ack[i] && ack[i] > sent_ack[from[i]]) sent_ack[from[i]] = ack[i]
  for (i = last_data + 1; i <= npk; i++) {
    d = from[i]
    if (kind_of[i] != "TCP" || syn[i] || rst[i] || size[i] > 0 || !has_ack[i]) return 0
    if (fin[i]) {
      if (d in fin_at) return 0
      fin_at[d] = i
      fin_end[d] = seq[i] + 1
      fins++
    } else if (ack[i] <= sent_ack[d]) return 0
    if (ack[i] > sent_ack[d]) sent_ack[d] = ack[i]
  }
  if (fins != 2 || sent_ack["client"] != fin_end["server"] || sent_ack["server"] != fin_end["client"])
    return 0

  first = fin_at["client"] < fin_at["server"] ? "client" : "server"
  o = first == "client" ? "server" : "client"
  if (ack[fin_at[o]] < fin_end[first])
    why["simultaneous"] = "a simultaneous close: each end sent its FIN before the other's " \
      "reached it, then acknowledged the other's FIN on its own (both go through TIME_WAIT). " \
      "Both programs close as soon as they are done, so their FINs can cross"
  else if (first == "client")
    why["client first"] = "the client sent the first FIN: the server closes right after sending " \
      "its reply, the client right after receiving and printing it; the scheduler decides which " \
      "comes first (and so which end is left in TIME_WAIT)"
  else
    why["server first"] = "the server sent the first FIN: the server closes right after sending " \
      "its reply, the client right after receiving and printing it; the scheduler decides which " \
      "comes first (and so which end is left in TIME_WAIT)"
  if (!("simultaneous" in why)) {
    d = 0
    for (i = fin_at[first] + 1; i < fin_at[o]; i++) if (from[i] == o) d = i
    if (!d)
      why["merged"] = "the " o "'s ACK of the " first "'s FIN rode on its own FIN: Linux delays " \
        "the ACK of a FIN (delayed ACK, up to about 40 ms) and the " o " closed meanwhile"
    else
      why["separate"] = "the " o " acknowledged the " first "'s FIN in a packet of its own: its " \
        "delayed ACK went out before the " o " closed (a slow close, a busy machine)"
  }
  # The client's first packet after the reply is, most often, an ACK of the reply alone.
  for (i = last_data + 1; from[i] != "client"; i++) ;
  if (fin[i] || ack[i] != seq[last_data] + size[last_data])
    why["reply ack"] = "the client acknowledged the reply together with the server's FIN, " \
      "or on its own FIN, not in an ACK of its own: the reply and the server's FIN came back " \
      "to back, or the client closed at once"
  close_text = "client > server  TCP FIN, acknowledged by the server\n" \
    "server > client  TCP FIN, acknowledged by the client"
  # What the close's packets carry besides their flags and numbers, each direction's different
  # ones once, in order: the same in any order and merging of the close.
  for (d = 1; d <= 2; d++)
    for (i = last_data + 1; i <= npk; i++)
      if (from[i] == (d == 1 ? "client" : "server") && !((d, fixed_of(i)) in listed)) {
        listed[d, fixed_of(i)] = 1
        close_text = close_text "\n" from[i] " > " to[i] "  TCP, the close's packets" fixed_of(i)
      }
  return 1
}

# udp_order: the UDP conversation in one fixed order, or 0 where it breaks the programs' rules.
# The client sends a datagram, waits for the reply, and only then sends the next; the server
# answers each datagram it receives (a copy made on the way too) with one reply. So reply K comes
# after the K-th datagram received, and the client's datagram J+1 after reply J: in capture order
# it must be so. Beyond that a reply and a datagram may cross, and come in either order; they are
# listed in one order: the client's first whenever the rules allow it. An ICMP port unreachable
# that answers a reply which came after the client's last datagram, in the one form the kernel
# sends it, is left out: the client had closed its socket.
function udp_order(   i, k, n, nc, nr, ns, c, r, sent, got, pos, changed) {
  nc = nr = ns = 0
  for (i = 1; i <= npk; i++) {
    if (kind_of[i] != "UDP") continue
    if (from[i] == "client") c[++nc] = i
    if (from[i] == "client" && mark[i] != "copy") sent[++ns] = i
    if (from[i] == "server") r[++nr] = i
  }
  for (i = 1; i <= npk; i++) {
    if (kind_of[i] == "UDP" && from[i] != "other") continue
    if (kind_of[i] == "ICMP" && flags[i] == "port unreachable" && from[answers[i]] == "server" &&
        answers[i] > sent[ns] &&
        ip[i] == "127.0.0.1 > 127.0.0.1, IPv4 tos 0xc0, ttl 64, " (56 + size[answers[i]]) \
        " bytes") {
      why["icmp"] = "an ICMP port unreachable answering a reply that came after the client's " \
        "last datagram: the client closes its socket right after sending \"exit\" and reads no " \
        "more. A reply that comes after the close is answered by the client's kernel with ICMP " \
        "port unreachable; one that comes before waits unread in the socket and goes with it. " \
        "Left out only as the kernel sends it: TOS 0xc0, TTL 64, no DF, quoting the whole reply"
      continue
    }
    return 0
  }
  for (k = 1; k <= nr; k++) if (k > nc || r[k] < c[k]) return 0
  for (k = 1; k < ns; k++) if (k > nr || sent[k + 1] < r[k]) return 0
  # The fixed order: each time, the client's next datagram if its reply rule allows, else the
  # server's next reply.
  n = 0; i = 1; k = 1
  while (i <= nc || k <= nr) {
    pos = i <= nc ? position(c[i], sent, ns) : 0
    if (i <= nc && (mark[c[i]] == "copy" || pos <= 1 || pos - 1 < k))
      order[++n] = c[i++]
    else if (k <= nr && k < i) order[++n] = r[k++]
    else return 0
    if (order[n] != n) changed = 1
  }
  if (changed)
    why["crossing"] = "a reply and a datagram that crossed each other, listed client first: " \
      "neither waited for the other (a copy made on the way gets a reply of its own)"
  last_data = n
  return 1
}
function position(p, a, n,   j) { for (j = 1; j <= n; j++) if (a[j] == p) return j; return 0 }

# merged I: packet I is a pure ACK that the same end's next packet repeats with a SACK block (a
# D-SACK: a copy of data it had arrived), and is left out of the list. When the copy comes right
# behind the original, the kernel may acknowledge both at once, with the D-SACK ACK alone.
function merged(i,   j) {
  if (kind_of[i] != "TCP" || flags[i] != "ACK" || size[i] > 0 || opts[i] ~ /sack /) return 0
  for (j = i + 1; j <= npk && from[j] != from[i]; j++) ;
  if (j > npk || flags[j] != "ACK" || ack[j] != ack[i] || seq[j] != seq[i] || opts[j] !~ /sack /)
    return 0
  why["dsack"] = "an ACK of data followed by the same ACK with a D-SACK block (a copy of that " \
    "data arrived): the kernel sends both, or, when the copy comes right behind the original, " \
    "the second alone; the first is left out"
  return 1
}
