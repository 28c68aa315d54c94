#!/usr/bin/env python3
"""Writes captures/tcp-analysis.pcap: one connection per behaviour of TCP analysis, one after
the other, each taken from the spec's behaviour cases (tests/analysis/make_cases.py, which
tshark 4.0.17 checks in the analysis_oracle test) and given its own client port and start time:

  port  case  what it shows
  40001  02   a retransmission 0.4 s after the original, then its ACK
  40002  03   a spurious retransmission (resent after it was acknowledged)
  40003  04   three duplicate ACKs, then a fast retransmission
  40004  05   a segment after a gap (lost segment), the gap filled 0.5 ms later (out of order)
  40005  06   zero window, zero window probe, its ACK, a window update
  40006  07   keep-alives of 0 and 1 byte and their ACKs
  40007  10   window scaling (shift 3) and a segment that fills the window exactly
  40008  11   an ACK of bytes never seen, then duplicate ACKs
  40009  12   a new SYN with a new ISN on the same ports after FIN: ports reused, new stream
  40010  13   a SYN sent again after 1 s, data, a FIN
  40011  28   IPv6: a lost segment and its retransmission

Run: python3 captures/make_analysis.py   (the output is committed; rerun only to change it)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "analysis"))
import make_cases  # noqa: E402

CHOSEN = ["02", "03", "04", "05", "06", "07", "10", "11", "12", "13", "28"]
SPACING_MS = 30000  # case 07 lasts 20 s


class Placed:
    """A case's capture, moved to its own client port and start time."""

    def __init__(self, cap, port, offset_ms):
        self.cap, self.port, self.offset = cap, port, offset_ms

    def moved(self, e):
        return make_cases.Endpoint(e.addr, self.port, e.v6) if e.port == 40000 else e

    def seg(self, ms, src, dst, *args, **kw):
        self.cap.seg(ms + self.offset, self.moved(src), self.moved(dst), *args, **kw)


def main():
    cap = make_cases.Capture()
    for i, num in enumerate(CHOSEN):
        make_cases.CASES[num](Placed(cap, 40001 + i, i * SPACING_MS))
    cap.write(os.path.join(HERE, "tcp-analysis.pcap"))


if __name__ == "__main__":
    main()
