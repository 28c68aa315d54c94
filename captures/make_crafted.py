#!/usr/bin/env python3
"""Writes captures/crafted-edge-cases.pcap: hand-built frames that exercise every field and every
malformed case the printers show (the live captures beside it cover ordinary traffic),
captures/crafted-lengths.pcap: lengths that disagree with each other or with the capture, and
frames cut inside a header, and captures/crafted-protocols.pcap / crafted-ppp.pcap: the
protocols met on the way to IPv4/TCP (ARP, ICMP's echo, errors and checksum, PPP's framings).

Run: python3 captures/make_crafted.py   (the output is committed; rerun only to change it)
"""
import struct


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(payload, proto=6, src="192.0.2.10", dst="198.51.100.20", ident=1, flags=2, frag=0,
         ttl=64, tos=0, options=b"", total=None, fix_csum=True):
    ihl = 5 + len(options) // 4
    tl = total if total is not None else ihl * 4 + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, tl, ident, flags << 13 | frag, ttl, proto,
                    0, bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))) + options
    if fix_csum:
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def tcp(src, dst, sport, dport, seq, ack, flags, window=65535, options=b"", payload=b"",
        urgent=0, good=True):
    off = 5 + len(options) // 4
    h = struct.pack("!HHIIHHHH", sport, dport, seq, ack, off << 12 | flags, window, 0, urgent)
    h += options
    seg = h + payload
    pseudo = (bytes(map(int, src.split("."))) + bytes(map(int, dst.split("."))) +
              struct.pack("!BBH", 0, 6, len(seg)))
    c = csum(pseudo + seg) if good else 0xBEEF
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def eth(payload, ethertype=0x0800, vlan=None):
    h = bytes.fromhex("020000000002") + bytes.fromhex("020000000001")
    if vlan is not None:
        h += struct.pack("!HH", 0x8100, vlan)
    return h + struct.pack("!H", ethertype) + payload


A, B = "192.0.2.10", "198.51.100.20"
frames = []
# 1. VLAN 42, IPv4 with router alert + record route + timestamp options, TCP SYN with every
#    common option.
ipopts = (bytes([148, 4, 0, 0]) + bytes([7, 11, 8, 192, 0, 2, 1, 192, 0, 2, 2]) + bytes([1]) +
          bytes([68, 12, 5, 0x01, 192, 0, 2, 1, 0, 0, 0, 99]))
ipopts += b"\0" * (-len(ipopts) % 4)
topts = (bytes([2, 4, 5, 0xB4, 4, 2, 8, 10]) + struct.pack("!II", 12345, 0) +
         bytes([1, 3, 3, 7]))
frames.append((eth(ipv4(tcp(A, B, 40000, 80, 1000, 0, 0x002, options=topts), tos=0xB8,
                        options=ipopts, ident=0x1234), vlan=42), None))
# 2. SYN-ACK with SACK blocks, MD5 and a fast open cookie, ECE+CWR.
topts = (bytes([5, 10]) + struct.pack("!II", 1, 2) + bytes([19, 18]) + bytes(range(16)) +
         bytes([34, 6, 0xDE, 0xAD, 0xBE, 0xEF]) + bytes([0, 0]))
frames.append((eth(ipv4(tcp(B, A, 80, 40000, 5000, 1001, 0x0D2, options=topts), src=B, dst=A,
                        ident=2)), None))
# 3. Data with PSH+URG, urgent pointer, bad TCP checksum.
frames.append((eth(ipv4(tcp(A, B, 40000, 80, 1001, 5001, 0x038, payload=b"GET / HTTP/1.0\r\n\r\n",
                            urgent=3, good=False), ident=3)), None))
# 4. First fragment (MF, offset 0) and 5. a later fragment (offset 185 = byte 1480).
frames.append((eth(ipv4(tcp(A, B, 40000, 80, 1019, 5001, 0x010, payload=b"x" * 24), ident=4,
                        flags=1)), None))
frames.append((eth(ipv4(b"y" * 24, ident=4, flags=0, frag=185)), None))
# 6. UDP (DNS-like) and 7. ICMP echo request.
udp = struct.pack("!HHHH", 5353, 53, 12, 0) + b"ping"
frames.append((eth(ipv4(udp, proto=17, ident=6)), None))
icmp = struct.pack("!BBHHH", 8, 0, 0, 1, 1)
icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
frames.append((eth(ipv4(icmp, proto=1, ident=7)), None))
# 8. IPv6 TCP SYN.
v6 = bytes(15) + b"\1"
seg = struct.pack("!HHIIHHHH", 50000, 443, 7, 0, 5 << 12 | 0x002, 64800, 0, 0)
pseudo = v6 + v6 + struct.pack("!IxxxB", len(seg), 6)
seg = seg[:16] + struct.pack("!H", csum(pseudo + seg)) + seg[18:]
frames.append((eth(struct.pack("!IHBB", 0x60012345, len(seg), 6, 64) + v6 + v6 + seg, 0x86DD),
               None))
# 9. ARP request.
frames.append((eth(bytes.fromhex("0001080006040001020000000001c000020a000000000000c6336414"),
                   0x0806), None))
# 10. IHL 3 (invalid), 11. total length beyond the frame, 12. TCP data offset 4,
# 13. TCP option with length 1, 14. version 5.
frames.append((eth(b"\x43" + ipv4(b"", ident=10)[1:]), None))
frames.append((eth(ipv4(tcp(A, B, 1, 2, 3, 4, 0x010), ident=11, total=400)), None))
bad = bytearray(ipv4(tcp(A, B, 1, 2, 3, 4, 0x010), ident=12))
bad[32] = 0x40
frames.append((eth(bytes(bad)), None))
frames.append((eth(ipv4(tcp(A, B, 1, 2, 3, 4, 0x010, options=bytes([2, 1, 0, 0])), ident=13)),
               None))
frames.append((eth(b"\x55" + ipv4(b"", ident=14)[1:]), None))
# 15. A SYN cut by a 60-byte snaplen inside the TCP options (wire length 78).
full = eth(ipv4(tcp(A, B, 40001, 80, 77, 0, 0x002, options=bytes([2, 4, 5, 0xB4, 4, 2]) +
                    bytes([8, 10]) + bytes(8) + bytes([1, 3, 3, 7])), ident=15))
frames.append((full[:60], len(full)))
# 16. The reserved ("evil", RFC 3514) bit with DF and MF: all three flags (a first fragment), and
# 17. the reserved bit with DF.
frames.append((eth(ipv4(tcp(A, B, 40010, 80, 9, 0, 0x002), ident=16, flags=7)), None))
frames.append((eth(ipv4(tcp(A, B, 40011, 80, 9, 0, 0x002), ident=17, flags=6)), None))



def write_pcap(path, frames, linktype=1):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
        for i, (fr, wire) in enumerate(frames):
            f.write(struct.pack("<IIII", 1764000000 + i, 1000 * i, len(fr), wire or len(fr)))
            f.write(fr)


write_pcap("captures/crafted-edge-cases.pcap", frames)


def udp4(src, dst, sport, dport, payload, length=None):
    """A UDP datagram whose checksum covers its own length field's bytes (RFC 768)."""
    ln = 8 + len(payload) if length is None else length
    h = struct.pack("!HHHH", sport, dport, ln, 0)
    body = (h + payload)[:ln]
    pseudo = (bytes(map(int, src.split("."))) + bytes(map(int, dst.split("."))) +
              struct.pack("!BBH", 0, 17, ln))
    c = csum(pseudo + body) or 0xFFFF
    return h[:6] + struct.pack("!H", c) + payload


# crafted-lengths.pcap: lengths that disagree with each other or with the capture, where a
# decoder must take the right one (each checked against tshark by tests/oracle), and frames cut
# inside a header, where only the captured fields may be printed.
lengths = []
# 1. An IPv4 header cut by the snap length right after its flags and fragment offset (MF,
#    offset 441): version, IHL, TOS, total length, id, flags and offset are all captured.
full = eth(ipv4(tcp(A, B, 40002, 80, 1, 0, 0x002), ident=21, flags=1, frag=441))
lengths.append((full[:14 + 8], len(full)))
# 2. Total length 0, as Linux captures TCP segmentation offload: every byte is there, so the
#    checksum is checked over the frame.
seg = tcp(A, B, 40003, 80, 100, 200, 0x018, payload=b"offloaded segment " * 4)
lengths.append((eth(ipv4(seg, ident=22, total=0)), None))
# 3. Total length 65535 over an 18-byte payload: invalid, and the payload is what the wire
#    carried (18 bytes).
seg = tcp(A, B, 40004, 80, 300, 400, 0x018, payload=b"MessageVersServeur")
lengths.append((eth(ipv4(seg, ident=23, total=65535)), None))
# 4. A TCP data offset of 6 (24 bytes) in a segment the IP total length cuts at 20 bytes,
#    every claimed byte captured: the checksum is judged over those 20 bytes.
seg = bytearray(tcp(A, B, 40005, 80, 500, 600, 0x010))
seg[12] = 0x60
seg[16:18] = b"\0\0"
pseudo = bytes(map(int, A.split("."))) + bytes(map(int, B.split("."))) + struct.pack("!BBH", 0, 6, 20)
seg[16:18] = struct.pack("!H", csum(pseudo + bytes(seg)))
lengths.append((eth(ipv4(bytes(seg), ident=24)), None))
# 5. The first fragment (MF, offset 0) of a 3000-byte UDP datagram: its UDP length counts the
#    whole datagram, more than this fragment carries; nothing is wrong.
dgram = udp4(A, B, 7000, 7001, bytes((i * 7) & 0xFF for i in range(2992)))
lengths.append((eth(ipv4(dgram[:1480], proto=17, ident=25, flags=1)), None))
# 6. A 12-byte UDP datagram followed by 6 bytes inside the IP packet: the checksum covers the
#    UDP length, not the trailing bytes.
lengths.append((eth(ipv4(udp4(A, B, 5353, 53, b"ping") + b"\xff" * 6, proto=17, ident=26)), None))
# 7. 3 bytes of an Ethernet header (no address complete), 8. 3 bytes of a TCP header (the
#    source port only), 9. 5 bytes of a UDP header (both ports).
lengths.append((full[:3], len(full)))
whole = eth(ipv4(tcp(A, B, 40008, 80, 1, 0, 0x002), ident=28))
lengths.append((whole[:14 + 20 + 3], len(whole)))
lengths.append((eth(ipv4(udp4(A, B, 5353, 53, b"ping"), proto=17, ident=29))[:14 + 20 + 5], 46))
# 10. A SYN cut inside its timestamp option and 11. a header cut inside its record-route
#     option: the option's kind/type is captured, nothing else of it (marked truncated).
whole = eth(ipv4(tcp(A, B, 40010, 80, 1, 0, 0x002, options=bytes([2, 4, 5, 0xB4, 8, 10]) +
                     bytes(8) + bytes([1, 1])), ident=30))
lengths.append((whole[:14 + 20 + 20 + 7], len(whole)))
rr = bytes([7, 11, 4, 192, 0, 2, 1, 192, 0, 2, 2, 0])
whole = eth(ipv4(tcp(A, B, 40011, 80, 1, 0, 0x002), ident=31, options=rr))
lengths.append((whole[:14 + 20 + 5], len(whole)))
write_pcap("captures/crafted-lengths.pcap", lengths)


# ARP, ICMP and ICMPv6 over Ethernet (issue 14).
def arp(op, sha, spa, tha, tpa):
    mac = lambda m: bytes.fromhex(m.replace(":", ""))
    ip = lambda a: bytes(map(int, a.split(".")))
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + mac(sha) + ip(spa) + mac(tha) + ip(tpa)


def icmp(type_, code, rest, data, good=True):
    m = struct.pack("!BBHI", type_, code, 0, rest) + data
    c = csum(m) if good else csum(m) ^ 0x1000
    return m[:2] + struct.pack("!H", c) + m[4:]


proto = []
# 1. ARP request, 2. its reply padded to Ethernet's 60 bytes (tcpdump's length 46), 3. cut
#    inside the sender's MAC by the snap length.
proto.append((eth(arp(1, "02:00:00:00:00:01", A, "00:00:00:00:00:00", B), 0x0806), None))
reply = eth(arp(2, "02:00:00:00:00:02", B, "02:00:00:00:00:01", A), 0x0806)
proto.append((reply + b"\0" * (60 - len(reply)), None))
proto.append((proto[-1][0][:14 + 12], 60))
# 4. echo request id 0x1234 seq 1 with 8 bytes, 5. its reply, 6. a reply with a bad checksum.
proto.append((eth(ipv4(icmp(8, 0, 0x12340001, b"pingping"), proto=1, ident=41)), None))
proto.append((eth(ipv4(icmp(0, 0, 0x12340001, b"pingping"), proto=1, src=B, dst=A, ident=42)),
              None))
proto.append((eth(ipv4(icmp(0, 0, 0x12340002, b"pingping", good=False), proto=1, src=B, dst=A,
                       ident=43)), None))
# 7. port unreachable quoting A.5353 > B.53 UDP, 8. host unreachable, 9. need to frag (MTU
#    1400) quoting a TCP segment, 10. time exceeded in transit, 11. an unreachable whose quoted
#    header is cut (12 bytes of it).
quoted_udp = ipv4(struct.pack("!HHHH", 5353, 53, 12, 0) + b"ping", proto=17, ident=6)[:28]
quoted_tcp = ipv4(tcp(A, B, 40000, 80, 1, 0, 0x010), ident=7)[:28]
proto.append((eth(ipv4(icmp(3, 3, 0, quoted_udp), proto=1, src=B, dst=A, ident=44, flags=0)),
              None))
proto.append((eth(ipv4(icmp(3, 1, 0, quoted_udp), proto=1, src="203.0.113.1", dst=A, ident=45,
                       flags=0)), None))
proto.append((eth(ipv4(icmp(3, 4, 1400, quoted_tcp), proto=1, src="203.0.113.1", dst=A,
                       ident=46, flags=0)), None))
proto.append((eth(ipv4(icmp(11, 0, 0, quoted_udp), proto=1, src="203.0.113.1", dst=A, ident=47,
                       flags=0, ttl=255)), None))
proto.append((eth(ipv4(icmp(3, 3, 0, quoted_udp[:12]), proto=1, src=B, dst=A, ident=48,
                       flags=0)), None))
# 12. ICMPv6 echo request ::1 > ::2, its checksum over the pseudo-header.
s6, d6 = bytes(15) + b"\1", bytes(15) + b"\2"
m6 = struct.pack("!BBHI", 128, 0, 0, 0x00070001) + b"v6"
c6 = csum(s6 + d6 + struct.pack("!IxxxB", len(m6), 58) + m6)
m6 = m6[:2] + struct.pack("!H", c6) + m6[4:]
proto.append((eth(struct.pack("!IHBB", 0x60000000, len(m6), 58, 64) + s6 + d6 + m6, 0x86DD),
              None))
write_pcap("captures/crafted-protocols.pcap", proto)

# PPP (link type 9): 1. address/control and protocol 0x0021 around an IPv4 TCP SYN, 2. the same
# compressed (no address/control, a 1-byte protocol 0x21) around an ICMP echo, 3. LCP
# (0xc021, a Configure-Request), 4. an unknown protocol 0x1235, 5. cut inside the protocol.
ppp = []
ppp.append((bytes([0xFF, 0x03, 0x00, 0x21]) +
            ipv4(tcp(A, B, 40000, 179, 1000, 0, 0x002, options=bytes([2, 4, 5, 0xB4])),
                 ident=51), None))
ppp.append((bytes([0x21]) + ipv4(icmp(8, 0, 0x00010001, b""), proto=1, ident=52), None))
ppp.append((bytes([0xFF, 0x03, 0xC0, 0x21, 1, 1, 0, 8, 5, 6, 0x12, 0x34]), None))
ppp.append((bytes([0xFF, 0x03, 0x12, 0x35, 0, 0]), None))
ppp.append((bytes([0xFF, 0x03, 0x00]), 44))
write_pcap("captures/crafted-ppp.pcap", ppp, linktype=9)
