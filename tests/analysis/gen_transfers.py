#!/usr/bin/env python3
"""Writes a pcap of N short TCP connections, 8 packets each (handshake, two data segments, the
second resent 0.8 ms later, their ACKs), 256 open at a time and interleaved: every connection
leaves records in the analysis's table and pool, and every one has a retransmission.

usage: gen_transfers.py N OUT.pcap
"""
import struct
import sys

SYN, ACK, PSH = 0x02, 0x10, 0x08


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    eth = bytes(12) + b"\x08\x00"
    ip = struct.Struct("!BBHHHBBH4s4s")
    tcp = struct.Struct("!HHIIHHHH")
    rec = struct.Struct("<IIII")

    def frame(t, src, dst, sport, dport, seq, ack, flags, length):
        p = (eth + ip.pack(0x45, 0, 40 + length, 1, 0x4000, 64, 6, 0, src, dst) +
             tcp.pack(sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 0x5000 | flags, 65535,
                      0, 0) + b"x" * length)
        us = int(t * 1e6)
        return rec.pack(1700000000 + us // 1000000, us % 1000000, len(p), len(p)) + p

    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = 0.0
        for first in range(0, n, 256):
            conns = []
            for i in range(first, min(n, first + 256)):
                c, s, cp = struct.pack("!I", 0x0A000000 | i), b"\xc0\xa8\x00\x01", 1024 + i % 60000
                ci, si = i * 7919, i * 104729
                conns.append([(c, s, cp, 80, ci, 0, SYN, 0), (s, c, 80, cp, si, ci + 1, SYN | ACK, 0),
                              (c, s, cp, 80, ci + 1, si + 1, ACK, 0),
                              (c, s, cp, 80, ci + 1, si + 1, PSH | ACK, 100),
                              (c, s, cp, 80, ci + 101, si + 1, PSH | ACK, 100),
                              (s, c, 80, cp, si + 1, ci + 101, ACK, 0),
                              (c, s, cp, 80, ci + 101, si + 1, PSH | ACK, 100),
                              (s, c, 80, cp, si + 1, ci + 201, ACK, 0)])
            buf = bytearray()
            for step in range(8):
                for steps in conns:
                    t += 0.0008 if step == 6 else 0.00001
                    buf += frame(t, *steps[step])
            f.write(buf)


if __name__ == "__main__":
    main()
