#!/usr/bin/env python3
"""Writes a pcap of N SYN packets, each opening a different TCP connection (distinct source
address and port), to show that the flow table stays bounded.

Usage: gen_connections.py N OUT.pcap
"""
import struct
import sys


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    eth = bytes(12) + b"\x08\x00"
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        rec = struct.Struct("<IIII")
        ip = struct.Struct("!BBHHHBBH4s4s")
        tcp = struct.Struct("!HHIIHHHH")
        buf = bytearray()
        for i in range(n):
            src = struct.pack("!I", 0x0A000000 | (i >> 6))
            pkt = (eth + ip.pack(0x45, 0, 40, i & 0xFFFF, 0x4000, 64, 6, 0, src, b"\xc0\xa8\x00\x01")
                   + tcp.pack(1024 + (i & 63), 80, i, 0, 0x5002, 65535, 0, 0))
            buf += rec.pack(1700000000 + i // 1000000, i % 1000000, len(pkt), len(pkt)) + pkt
            if len(buf) > 1 << 20:
                f.write(buf)
                buf.clear()
        f.write(buf)


if __name__ == "__main__":
    main()
