#!/usr/bin/env python3
"""Writes one small capture per behaviour that ../shared/tcp-analysis/SPEC.md lists as checked
against tshark 4.0.17 (cases 01..26), plus a few more (sequence wrap-around, IPv6, the 4.0
"ACKed unseen" count, a SACK of four blocks), into OUT_DIR. analysis_compare.py runs tshark and
analysis_dump over them; test_analysis.c builds the same sequences by hand.

usage: make_cases.py OUT_DIR
Client 10.0.0.1:40000 (ISN 1000), server 10.0.0.2:80 (ISN 5000) unless a case says otherwise;
times in milliseconds from 1700000000 s.
"""
import os
import struct
import sys

T0 = 1700000000


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


FLAG_BITS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10}


def opt_ws(shift):
    return bytes([1, 3, 3, shift])


def opt_sack(*blocks):
    body = b"".join(struct.pack("!II", l & 0xFFFFFFFF, r & 0xFFFFFFFF) for l, r in blocks)
    o = bytes([5, 2 + len(body)]) + body
    return b"\x01" * ((4 - len(o) % 4) % 4) + o


class Endpoint:
    def __init__(self, addr, port, v6=False):
        self.addr, self.port, self.v6 = addr, port, v6


def ip_bytes(e):
    if e.v6:
        import ipaddress
        return ipaddress.IPv6Address(e.addr).packed
    return bytes(map(int, e.addr.split(".")))


class Capture:
    def __init__(self):
        self.frames = []

    def seg(self, ms, src, dst, seq, ack, flags, length=0, win=65535, opts=b""):
        seq &= 0xFFFFFFFF
        ack &= 0xFFFFFFFF
        fl = sum(FLAG_BITS[c] for c in flags)
        off = 5 + len(opts) // 4
        tcp = struct.pack("!HHIIHHHH", src.port, dst.port, seq, ack, off << 12 | fl, win, 0, 0)
        tcp += opts + b"x" * length
        if src.v6:
            pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!IxxxB", len(tcp), 6)
        else:
            pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!BBH", 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
        if src.v6:
            ip = struct.pack("!IHBB", 6 << 28, len(tcp), 6, 64) + ip_bytes(src) + ip_bytes(dst)
            eth_type = 0x86DD
        else:
            h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0,
                            ip_bytes(src), ip_bytes(dst))
            ip = h[:10] + struct.pack("!H", csum(h)) + h[12:]
            eth_type = 0x0800
        frame = bytes(6) + bytes(6) + struct.pack("!H", eth_type) + ip + tcp
        self.frames.append((ms, frame))

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for ms, frame in self.frames:
                us = int(round(ms * 1000))
                f.write(struct.pack("<IIII", T0 + us // 1000000, us % 1000000, len(frame),
                                    len(frame)))
                f.write(frame)


class Conn:
    """One connection: c(...) sends from the client, s(...) from the server."""

    def __init__(self, cap, cport=40000, v6=False, cisn=1000, sisn=5000):
        self.cap = cap
        if v6:
            self.cl, self.sv = Endpoint("2001:db8::1", cport, True), Endpoint("2001:db8::2", 80, True)
        else:
            self.cl, self.sv = Endpoint("10.0.0.1", cport), Endpoint("10.0.0.2", 80)
        self.ci, self.si = cisn, sisn

    def c(self, ms, seq, ack, flags, length=0, win=65535, opts=b""):
        self.cap.seg(ms, self.cl, self.sv, self.ci + seq, self.si + ack, flags, length, win, opts)

    def s(self, ms, seq, ack, flags, length=0, win=65535, opts=b""):
        self.cap.seg(ms, self.sv, self.cl, self.si + seq, self.ci + ack, flags, length, win, opts)

    def handshake(self, ms=0, rtt=20, cws=None, sws=None, cwin=65535, swin=65535):
        """SYN at ms, SYN-ACK rtt/2 later, ACK rtt later: frames 1-3; relative numbers follow."""
        self.c(ms, 0, -self.si, "S", win=cwin, opts=opt_ws(cws) if cws is not None else b"")
        self.s(ms + rtt / 2, 0, 1, "SA", win=swin, opts=opt_ws(sws) if sws is not None else b"")
        self.c(ms + rtt, 1, 1, "A", win=cwin)


def case_01(cap):  # bytes in flight 100 then 200; the ACK acks frame 5 after 40 ms
    k = Conn(cap); k.handshake()
    k.c(50, 1, 1, "PA", 100); k.c(51, 101, 1, "PA", 100); k.s(91, 1, 201, "A")


def case_02(cap):  # resent 0.4 s later: retransmission, rto 0.4 from frame 4
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.c(500, 1, 1, "PA", 100); k.s(520, 1, 101, "A")


def case_03(cap):  # resent after it was acknowledged: spurious
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(130, 1, 101, "A"); k.c(400, 1, 1, "PA", 100)


def case_04(cap):  # three duplicate ACKs of frame 8, then a fast retransmission (BiF 300)
    k = Conn(cap); k.handshake()
    for i in range(4):
        k.c(100 + i, 1 + 100 * i, 1, "A", 100)
    k.s(130, 1, 101, "A"); k.s(131, 1, 101, "A"); k.s(132, 1, 101, "A"); k.s(133, 1, 101, "A")
    k.c(135, 101, 1, "A", 100)


def case_05(cap):  # a gap, filled 0.5 ms later: previous segment not captured, then out-of-order
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "A", 100); k.c(101, 201, 1, "A", 100); k.c(101.5, 101, 1, "A", 100)


def case_06(cap):  # zero window, probe, probe ACK, window update, clean data
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(120, 1, 101, "A", win=0)
    k.c(400, 101, 1, "A", 1); k.s(420, 1, 101, "A", win=0)
    k.s(900, 1, 101, "A", win=8192); k.c(910, 101, 1, "PA", 100)


def case_07(cap):  # keep-alives of 0 and 1 byte, their ACKs, a repeated ACK still a KA-ACK
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(120, 1, 101, "A")
    k.c(10000, 100, 1, "A"); k.s(10020, 1, 101, "A")
    k.c(20000, 100, 1, "A", 1); k.s(20020, 1, 101, "A"); k.s(20030, 1, 101, "A")


def case_08(cap):  # a window update does not reset the duplicate count: dup #1, #2 of frame 5
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(120, 1, 101, "A", win=1000)
    k.s(130, 1, 101, "A", win=2000); k.s(140, 1, 101, "A", win=2000)
    k.s(150, 1, 101, "A", win=2000)


def case_09(cap):  # window full without window scaling
    k = Conn(cap); k.handshake(swin=1000, cwin=1000)
    k.c(100, 1, 1, "PA", 1000)


def case_10(cap):  # window full with WS=3: the SYN-ACK's 250 unscaled, later 250 << 3
    k = Conn(cap); k.handshake(cws=3, sws=3, swin=250)
    k.c(100, 1, 1, "PA", 250); k.s(120, 1, 251, "A", win=250)
    k.c(130, 251, 1, "PA", 2000)


def case_11(cap):  # an ACK of bytes never seen: ACKed unseen; its repeats are duplicate ACKs
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(120, 1, 201, "A"); k.s(130, 1, 201, "A")
    k.s(140, 1, 201, "A"); k.s(150, 1, 201, "A")


def case_12(cap):  # a new SYN with a new ISN after FIN: ports reused, new stream
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "FA"); k.s(110, 1, 2, "FA"); k.c(120, 2, 2, "A")
    k2 = Conn(cap, cisn=900000, sisn=700000); k2.handshake(ms=5000)


def case_13(cap):  # SYN resent after 1 s; 10 bytes in flight; a FIN counts one
    k = Conn(cap)
    k.c(0, 0, -k.si, "S"); k.c(1000, 0, -k.si, "S"); k.s(1010, 0, 1, "SA"); k.c(1020, 1, 1, "A")
    k.c(1030, 1, 1, "PA", 10); k.c(1031, 11, 1, "FA"); k.s(1050, 1, 12, "A")


def case_14(cap):  # a gap filled 30 ms later with an iRTT of 20 ms: retransmission
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "A", 100); k.c(101, 201, 1, "A", 100); k.c(131, 101, 1, "A", 100)


def case_15(cap):  # a SYN with the same ISN after FIN: a retransmission only
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "FA"); k.s(110, 1, 2, "FA"); k.c(120, 2, 2, "A")
    k.c(5000, 0, -k.si, "S")


def case_16(cap):  # both fast and out-of-order hold: fast wins
    k = Conn(cap)
    k.c(0, 1, 1, "A", 100); k.c(1, 101, 1, "A", 100); k.c(2, 201, 1, "A", 100)
    k.s(2.2, 1, 101, "A"); k.s(2.4, 1, 101, "A"); k.s(2.6, 1, 101, "A")
    k.c(3, 101, 1, "A", 100)


def case_17(cap):  # mid-stream: never window full
    k = Conn(cap)
    k.s(0, 1, 1, "A", win=1000); k.c(10, 1, 1, "PA", 1000)


def case_18(cap):  # a RST beyond the next sequence number: no flags
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.c(110, 5000, 0, "R")


def case_19(cap):  # a SYN-ACK with a new ISN: ports reused, same stream
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "FA"); k.s(110, 1, 2, "FA"); k.c(120, 2, 2, "A")
    k.s(5000, 77777, 1, "SA")


def case_20(cap):  # the probe byte acknowledged: ACKed unseen + zero window; then a "gap"
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(120, 1, 101, "A", win=0)
    k.c(400, 101, 1, "A", 1); k.s(420, 1, 102, "A", win=0)
    k.s(900, 1, 102, "A", win=8192); k.c(910, 102, 1, "PA", 100)


def case_21(cap):  # a partial ACK gives no RTT; the full one acks frame 4
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 200); k.s(120, 1, 101, "A"); k.s(140, 1, 201, "A")


def case_22(cap):  # no handshake: a fill after 1.5 ms is out-of-order, after 4 ms retransmission
    k = Conn(cap)
    k.c(0, 1, 1, "A", 100); k.c(1, 201, 1, "A", 100); k.c(2.5, 101, 1, "A", 100)
    k2 = Conn(cap, cport=40001)
    k2.c(10, 1, 1, "A", 100); k2.c(11, 201, 1, "A", 100); k2.c(15, 101, 1, "A", 100)


def case_23(cap):  # ACKed unseen twice in a row from a side that sent duplicate ACKs
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(110, 1, 101, "A"); k.s(111, 1, 101, "A")
    k.c(120, 101, 1, "PA", 100); k.s(130, 1, 301, "A"); k.s(140, 1, 301, "A")


def case_24(cap):  # BiF less the peer's SACK (300 - 100), forgotten after a plain ACK
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "A", 100); k.c(101, 101, 1, "A", 100)
    k.s(120, 1, 1, "A", opts=opt_sack((k.ci + 101, k.ci + 201)))
    k.c(121, 201, 1, "A", 100); k.s(130, 1, 1, "A"); k.c(131, 301, 1, "A", 100)


def case_25(cap):  # an ACK beyond what was sent, then data at the next sequence: spurious
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.s(120, 1, 201, "A"); k.c(130, 101, 1, "PA", 100)


def case_26(cap):  # resent within the iRTT after its ACK: spurious beats out-of-order
    k = Conn(cap); k.handshake(rtt=200)
    k.c(300, 1, 1, "PA", 100); k.s(301, 1, 101, "A"); k.c(302, 1, 1, "PA", 100)


def case_27(cap):  # sequence numbers wrap around 2^32 mid-transfer
    k = Conn(cap, cisn=0xFFFFFF00, sisn=0xFFFFFFF0); k.handshake()
    for i in range(4):
        k.c(100 + i, 1 + 100 * i, 1, "A", 100)
    k.s(130, 1, 201, "A"); k.c(400, 201, 1, "A", 100); k.s(420, 1, 401, "A")
    k.c(430, 501, 1, "A", 100)


def case_28(cap):  # IPv6: handshake, data, loss and a retransmission
    k = Conn(cap, v6=True); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.c(101, 101, 1, "PA", 100); k.s(120, 1, 101, "A")
    k.c(600, 101, 1, "PA", 100); k.s(620, 1, 201, "A")


def case_29(cap):  # after an ACKed-unseen the peer's count is tshark's -1: a resend is "fast"
    k = Conn(cap); k.handshake()
    k.s(100, 1, 1, "PA", 100); k.c(101, 1, 201, "PA", 100); k.c(102, 101, 201, "PA", 100)
    k.c(105, 1, 201, "PA", 100)


def case_30(cap):  # with WS=2: a window update, a one-byte keep-alive and its ACK
    k = Conn(cap); k.handshake(cws=2, sws=2)
    k.c(100, 1, 1, "PA", 100); k.s(120, 1, 101, "A", win=100); k.s(130, 1, 101, "A", win=400)
    k.c(5000, 100, 1, "A", 1); k.s(5020, 1, 101, "A", win=400)


def case_31(cap):  # ACKed unseen over a gap: the limit jumps to the next sequence number
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "A", 100); k.c(101, 1001, 1, "A", 100); k.s(110, 1, 1101, "A")
    k.s(111, 1, 1101, "PA", 100); k.c(120, 1101, 101, "A"); k.s(130, 101, 1101, "A")


def case_32(cap):  # the same with the gap across 2^32: tshark compares the limit as a plain number
    k = Conn(cap, cisn=0xFFFFFE00); k.handshake()
    k.c(100, 1, 1, "A", 100); k.c(101, 1001, 1, "A", 100); k.s(110, 1, 1101, "A")
    k.s(111, 1, 1101, "PA", 100); k.c(120, 1101, 101, "A"); k.s(130, 101, 1101, "A")


def case_33(cap):  # past tshark's 10000 unacknowledged segments: not recorded, a FIN not counted
    k = Conn(cap); k.handshake()
    for i in range(10003):
        k.c(100 + i * 0.001, 1 + 10 * i, 1, "A", 10)
    k.c(200, 100031, 1, "FA"); k.s(210, 1, 100031, "A"); k.s(211, 1, 100032, "A")
    k.c(220, 100031, 1, "FA")


def case_34(cap):  # a SACK of four blocks: tshark keeps three for bytes in flight
    k = Conn(cap)
    for i in range(10):
        k.c(i, 1 + 100 * i, 1, "A", 100)
    blocks = [(k.ci + 101 + 200 * j, k.ci + 201 + 200 * j) for j in range(4)]
    k.s(20, 1, 1, "A", opts=opt_sack(*blocks)); k.c(21, 1001, 1, "A", 100)


def case_35(cap):  # time going backwards: a resend "before" the original
    k = Conn(cap); k.handshake()
    k.c(100, 1, 1, "PA", 100); k.c(101, 101, 1, "PA", 100); k.c(99, 101, 1, "PA", 100)
    k.s(98, 1, 201, "A")


def case_36(cap):  # window scale: a shift above 14 counts as 14; a SYN-ACK without the option
    k = Conn(cap); k.handshake(cws=15, sws=15, swin=4)
    k.c(100, 1, 1, "PA", 4); k.s(110, 1, 5, "A", win=1); k.c(120, 5, 1, "PA", 16384)
    k2 = Conn(cap, cport=40001); k2.handshake(ms=200, cws=5, swin=1000)
    k2.c(300, 1, 1, "PA", 1000); k2.s(310, 1, 1001, "A", win=1000); k2.c(320, 1001, 1, "PA", 1000)


CASES = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for num, fn in CASES.items():
        cap = Capture()
        fn(cap)
        cap.write(os.path.join(out, "case%s.pcap" % num))


if __name__ == "__main__":
    main()
