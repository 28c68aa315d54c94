#!/usr/bin/env python3
"""Peak memory of `stackscope --follow 0 --follow-format raw -r` over one TCP stream of 2 MB and
one of 70 MB (each direction's bytes; segments of 1400 bytes, every 50th segment sent after the
next one, so out-of-order segments wait and come out in place): follow keeps no in-order bytes
and a fixed pool for waiting ones, so the peak must not grow with the stream. The output is
checked too: every byte of both directions once, in order.

Usage: follow_memory.py STACKSCOPE WORK_DIR [SLACK_MB]
Prints both peaks; fails if the 70 MB run needs more than SLACK_MB (default 8) above the 2 MB one.
"""
import hashlib
import os
import struct
import subprocess
import sys

SEG = 1400


def payload(direction, k):
    return bytes(((direction * 131 + k * 7 + i) & 0xFF) for i in range(SEG))


def frame(src, dst, sport, dport, seq, ack, flags, data):
    """Ethernet, IPv4 and TCP (checksums left 0: --follow does not need them)."""
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4,
                      flags, 65535, 0, 0) + data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0,
                     bytes(src), bytes(dst))
    return b"\0" * 12 + b"\x08\x00" + ip + tcp


def write(path, segments):
    """One connection: handshake, then `segments` from each side in turn (every 50th a pair
    swapped: out of order), each acknowledged by the next from the other side."""
    a, b = (10, 0, 0, 1), (10, 0, 0, 2)
    isn = [0xFFFF0000, 0x7FFFFFF0]  # the client's wraps past 2^32 early on
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = [0]

        def put(fr):
            t[0] += 1
            f.write(struct.pack("<IIII", t[0] // 1000000, t[0] % 1000000, len(fr), len(fr)) + fr)
        put(frame(a, b, 40000, 80, isn[0], 0, 0x02, b""))
        put(frame(b, a, 80, 40000, isn[1], isn[0] + 1, 0x12, b""))
        order = []
        for k in range(segments):
            order.append(k)
            if k % 50 == 1:
                order[-2], order[-1] = order[-1], order[-2]
        for k in order:
            for d, (s, r, sp, dp) in enumerate(((a, b, 40000, 80), (b, a, 80, 40000))):
                seq = isn[d] + 1 + k * SEG
                ack = isn[1 - d] + 1 + k * SEG
                put(frame(s, r, sp, dp, seq, ack, 0x18, payload(d, k)))


def digest(segments):
    h = [hashlib.sha256(), hashlib.sha256()]
    for k in range(segments):
        for d in range(2):
            h[d].update(payload(d, k))
    return [x.hexdigest() for x in h]


def peak_and_output(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    h = [hashlib.sha256(), hashlib.sha256()]
    for line in p.stdout:
        if line[:1] == b"\t":
            h[1].update(bytes.fromhex(line[1:].strip().decode()))
        elif line.strip() and all(c in b"0123456789abcdef" for c in line.strip()):
            h[0].update(bytes.fromhex(line.strip().decode()))
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed: %s" % (" ".join(cmd), p.stderr.read().decode()))
    return usage.ru_maxrss, [x.hexdigest() for x in h]


def main():
    binary, work = sys.argv[1], sys.argv[2]
    slack_mb = float(sys.argv[3]) if len(sys.argv) > 3 else 8
    os.makedirs(work, exist_ok=True)
    peaks, failed = {}, 0
    for n in (1500, 50000):
        path = os.path.join(work, "follow-%d.pcap" % n)
        if not os.path.exists(path):
            write(path, n)
        peaks[n], got = peak_and_output([binary, "-r", path, "--follow", "0",
                                         "--follow-format", "raw"])
        same = got == digest(n)
        failed += not same
        print("%6d segments each way (%.0f MB each way): peak RSS %.1f MB, bytes %s" % (
            n, n * SEG / 1e6, peaks[n] / 1024, "each once, in order" if same else "WRONG"))
    growth = (peaks[50000] - peaks[1500]) / 1024
    ok = growth <= slack_mb
    failed += not ok
    print("growth %.1f MB (limit %.0f MB)" % (growth, slack_mb))
    print("%d passed, %d failed" % (3 - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
