#!/usr/bin/env python3
"""Peak memory of the analysis over 20 k and 500 k short connections (tests/analysis/
gen_transfers.py): its connection table and segment pool are fixed, so the peak must not grow
with the number of connections, and every connection's retransmission is still found.

usage: analysis_memory.py ANALYSIS_DUMP WORK_DIR [SLACK_MB]
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def peak(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read().decode()
    err = p.stderr.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or err:
        sys.exit("%s failed: %s" % (" ".join(cmd), err))
    return usage.ru_maxrss, dict(l.rsplit(" ", 1) for l in out.splitlines()[1:]), out.splitlines()[0]


def main():
    dump, work = sys.argv[1], sys.argv[2]
    slack_mb = float(sys.argv[3]) if len(sys.argv) > 3 else 4
    os.makedirs(work, exist_ok=True)
    peaks, ok = {}, True
    for n in (20_000, 500_000):
        path = os.path.join(work, "transfers-%d.pcap" % n)
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(HERE, "gen_transfers.py"), str(n), path],
                           check=True)
        peaks[n], counts, head = peak([dump, "--summary", path])
        os.remove(path)
        print("%7d connections: peak RSS %.1f MB; %s" % (n, peaks[n] / 1024, head))
        if int(counts.get("retransmission", 0)) != n:
            print("expected %d retransmissions, found %s" % (n, counts.get("retransmission")))
            ok = False
    growth = (peaks[500_000] - peaks[20_000]) / 1024
    print("growth %.1f MB (limit %.0f MB)" % (growth, slack_mb))
    ok = ok and growth <= slack_mb
    print("passed" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
