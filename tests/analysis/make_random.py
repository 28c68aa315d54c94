#!/usr/bin/env python3
"""Writes seeded random TCP conversations, for a differential test against tshark: not a model
of a real stack, but sequences that wander through every rule of SPEC.md (new data, resends of
old data, segments not captured, duplicate and partial ACKs, SACK blocks, zero windows and
probes, keep-alives, window changes, scaling, FIN, RST, reused ports, times close together and
far apart, now and then backwards, sequence numbers about to wrap).

usage: make_random.py OUT_DIR FIRST_SEED COUNT
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_cases import Capture, Conn, opt_sack, opt_ws  # noqa: E402


class Side:
    def __init__(self, isn):
        self.isn = isn
        self.next = 1        # relative next new byte
        self.sent = []       # (seq, len) sent so far
        self.acked = 1       # what the peer acknowledged
        self.win = 65535


def conversation(cap, rnd, cport, ms):
    cisn = rnd.choice([rnd.randrange(1 << 32), 0xFFFFFFFF - rnd.randrange(5000)])
    sisn = rnd.randrange(1 << 32)
    k = Conn(cap, cport=cport, v6=rnd.random() < 0.2, cisn=cisn, sisn=sisn)
    cl, sv = Side(cisn), Side(sisn)
    if rnd.random() < 0.8:
        ws = rnd.random() < 0.5
        k.c(ms, 0, -sisn, "S", opts=opt_ws(rnd.randrange(0, 9)) if ws else b"")
        ms += rnd.choice([0.05, 1, 10])
        if rnd.random() < 0.2:  # the SYN again
            k.c(ms, 0, -sisn, "S", opts=opt_ws(2) if ws else b"")
            ms += rnd.choice([0.05, 1, 1000])
        k.s(ms, 0, 1, "SA", opts=opt_ws(rnd.randrange(0, 9)) if ws and rnd.random() < 0.8 else b"")
        ms += rnd.choice([0.05, 1, 10])
        k.c(ms, 1, 1, "A")
    for _ in range(rnd.randrange(20, 120)):
        ms += rnd.choice([0.01, 0.1, 0.5, 1, 2.5, 5, 15, 25, 200, 1000]) * rnd.random()
        if rnd.random() < 0.02:
            ms -= rnd.random() * 3  # a clock step back
        ev = rnd.random()
        snd, rcv, send = (cl, sv, k.c) if rnd.random() < 0.8 else (sv, cl, k.s)
        flags = "PA" if rnd.random() < 0.5 else "A"
        if ev < 0.30:  # new data, maybe not captured
            n = rnd.choice([1, 10, 100, 536, 1460])
            if rnd.random() > 0.12:
                send(ms, snd.next, rcv.next, flags, n, win=snd.win)
            snd.sent.append((snd.next, n))
            snd.next += n
        elif ev < 0.40 and snd.sent:  # resend something already sent
            seq, n = rnd.choice(snd.sent[-8:]) if rnd.random() < 0.7 else (snd.acked, 100)
            send(ms, seq, rcv.next, flags, n, win=snd.win)
        elif ev < 0.70:  # an ACK, cumulative to somewhere seen, maybe with SACK
            if rcv.sent and rnd.random() < 0.7:
                seq, n = rnd.choice(rcv.sent[-6:])
                rcv.acked = max(rcv.acked, seq + (n if rnd.random() < 0.8 else 0))
            if rnd.random() < 0.05:
                rcv.acked = rcv.next + rnd.choice([1, 100])  # beyond what was sent
            if rnd.random() < 0.15:
                snd.win = rnd.choice([0, 0, 1, 100, 1000, 8192, 65535])
            opts = b""
            if rnd.random() < 0.2 and rcv.sent:
                blocks = []
                for _ in range(rnd.randrange(1, 5)):
                    seq, n = rnd.choice(rcv.sent[-6:])
                    blocks.append((rcv.isn + seq, rcv.isn + seq + n))
                opts = opt_sack(*blocks)
            for _ in range(rnd.choice([1, 1, 1, 2, 3, 4])):  # duplicates now and then
                send(ms, snd.next, rcv.acked, "A", 0, win=snd.win, opts=opts)
                ms += rnd.choice([0.01, 0.2, 3])
        elif ev < 0.76:  # keep-alive, 0 or 1 byte
            send(ms, snd.next - 1, rcv.acked, "A", rnd.choice([0, 1]), win=snd.win)
        elif ev < 0.82:  # a one-byte probe at the next sequence number
            send(ms, snd.next, rcv.acked, "A", 1, win=snd.win)
            if rnd.random() < 0.5:
                snd.next += 1
        elif ev < 0.88:  # window update
            snd.win = rnd.choice([0, 100, 1000, 8192, 65535])
            send(ms, snd.next, rcv.acked, "A", 0, win=snd.win)
        elif ev < 0.92:  # FIN
            send(ms, snd.next, rcv.acked, "FA", 0, win=snd.win)
            if rnd.random() < 0.7:
                snd.next += 1
        elif ev < 0.94:  # RST, anywhere
            send(ms, snd.next + rnd.choice([0, 0, 50, -10]), 0, "R", 0, win=0)
        elif ev < 0.96:  # ports reused, with the same or a new ISN
            if rnd.random() < 0.5:
                k.ci = rnd.randrange(1 << 32)
                cl.isn = k.ci
                cl.next, cl.sent, cl.acked = 1, [], 1
            k.c(ms, 0, -k.si, "S")
        else:  # data at exactly the window's edge
            n = max(1, min(1460, rcv.win or 1))
            send(ms, snd.next, rcv.acked, "PA", n, win=snd.win)
            snd.sent.append((snd.next, n))
            snd.next += n
    return ms


def main():
    out, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for seed in range(first, first + count):
        rnd = random.Random(seed)
        cap = Capture()
        ms = 0.0
        for c in range(rnd.randrange(1, 4)):
            ms = conversation(cap, rnd, 40000 + c % 2, ms) + 1
        cap.write(os.path.join(out, "random%05d.pcap" % seed))


if __name__ == "__main__":
    main()
