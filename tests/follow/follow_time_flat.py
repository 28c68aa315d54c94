#!/usr/bin/env python3
"""--follow's time where segments wait: a sender's burst of 1023 segments behind a one-segment
hole (the pool nearly full), then the hole filled, 30 times over, against the same bytes in
order. Placing a waiting segment once moved every byte after it down the pool (a megabyte a
segment): 8.2 s of CPU against 0.5 s in order (the sanitizer build). Now the room is reused
when needed: the CPU time must stay within RATIO (default 4) of the in-order run's, and the
output must be the same.

Usage: follow_time_flat.py STACKSCOPE WORK_DIR [RATIO]
"""
import os
import struct
import subprocess
import sys

ROUNDS, BURST, SIZE = 30, 1024, 1000


def frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack, 5 << 4, flags, 65535,
                      0, 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, bytes(src),
                     bytes(dst))
    return b"\0" * 6 + b"\x11" * 6 + b"\x08\x00" + ip + tcp


def write(path, out_of_order):
    client, server = [10, 0, 0, 1], [10, 0, 0, 2]
    frames = [frame(client, server, 40000, 80, 100, 0, 0x02),
              frame(server, client, 80, 40000, 500, 101, 0x12)]
    seq = 101
    for _ in range(ROUNDS):
        order = list(range(1, BURST)) + [0] if out_of_order else list(range(BURST))
        for i in order:
            frames.append(frame(client, server, 40000, 80, seq + i * SIZE, 501, 0x18,
                                bytes([0x41 + i % 26]) * SIZE))
        seq += BURST * SIZE
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n, fr in enumerate(frames):
            f.write(struct.pack("<IIII", n, 0, len(fr), len(fr)) + fr)


def cpu(cmd):
    """(CPU seconds, stdout) of cmd."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=null)
        out = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed" % " ".join(cmd))
    return usage.ru_utime + usage.ru_stime, out


def main():
    binary, work = sys.argv[1], sys.argv[2]
    ratio = float(sys.argv[3]) if len(sys.argv) > 3 else 4.0
    os.makedirs(work, exist_ok=True)
    runs = {}
    for name, ooo in (("in-order", False), ("behind-a-hole", True)):
        path = os.path.join(work, "follow-time-%s.pcap" % name)
        write(path, ooo)
        runs[name] = min(cpu([binary, "-r", path, "--follow", "0", "--follow-format", "raw"])
                         for _ in range(2))
        print("%s: %.2f s of CPU, %d bytes out" % (name, runs[name][0], len(runs[name][1])))
        os.unlink(path)
    (fast, a), (slow, b) = runs["in-order"], runs["behind-a-hole"]
    if a != b:
        sys.exit("FAIL: the outputs differ")
    if slow > ratio * max(fast, 0.05):
        sys.exit("FAIL: %.2f s behind a hole is more than %.1f times %.2f s in order"
                 % (slow, ratio, fast))
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
