#!/usr/bin/env python3
"""Turns captures into libFuzzer inputs for fuzz_decode: byte 0 the link-type index, byte 1 no
extra wire length, then the frame. Reads classic pcap and pcapng (enhanced packet blocks).

Usage: make_seeds.py OUT_DIR CAPTURE_OR_DIR ...
"""
import hashlib
import os
import struct
import sys

LINKS = [1, 113, 276, 0, 108, 101, 12, 14, 228, 229]


def frames_pcap(data):
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        off += 16
        yield linktype, data[off:off + incl]
        off += incl


def frames_pcapng(data):
    endian, links, off = "<", [], 0
    while off + 12 <= len(data):
        btype = struct.unpack(endian + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            endian = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            links = []
        blen = struct.unpack(endian + "I", data[off + 4:off + 8])[0]
        if blen < 12:
            return
        body = data[off + 8:off + blen - 4]
        if btype == 1:
            links.append(struct.unpack(endian + "H", body[:2])[0])
        elif btype == 6 and len(body) >= 20:
            iface, _, _, cap = struct.unpack(endian + "IIII", body[:16])
            if iface < len(links):
                yield links[iface], body[20:20 + cap]
        off += blen


def main():
    out, inputs = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    paths = []
    for p in inputs:
        if os.path.isdir(p):
            paths += [os.path.join(p, f) for f in sorted(os.listdir(p))
                      if f.endswith((".pcap", ".pcapng"))]
        else:
            paths.append(p)
    n = 0
    for p in paths:
        data = open(p, "rb").read()
        try:
            gen = frames_pcapng(data) if data[:4] == b"\x0a\x0d\x0d\x0a" else frames_pcap(data)
            for link, frame in gen:
                if link not in LINKS:
                    continue
                seed = bytes([LINKS.index(link), 0]) + frame
                name = hashlib.sha1(seed).hexdigest()
                with open(os.path.join(out, name), "wb") as f:
                    f.write(seed)
                n += 1
        except (struct.error, IndexError):
            continue  # hostile files: take what was read
    print("%d seeds from %d files" % (n, len(paths)))


if __name__ == "__main__":
    main()
