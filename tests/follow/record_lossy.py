#!/usr/bin/env python3
"""record_lossy.py - records the small lossy loopback transfers that --follow is compared with
tshark on (captures/follow-lossy-*.pcap): offload off on lo, an nftables table of its own dropping
LOSS % of the transfer's packets (SYNs spared) at the input hook, `stackscope -i lo -w`, then
everything put back as found, even on failure. It reuses tests/analysis/live_nft.py's machinery
(Machine, the guardian process, the transfers), with smaller transfers.

usage (root): record_lossy.py STACKSCOPE OUTDIR [BYTES [LOSS]] [--compare]
Writes OUTDIR/follow-lossy-ipv4.pcap and OUTDIR/follow-lossy-ipv6.pcap; with --compare, then
holds `--follow N --follow-format raw` of each against tshark (follow_compare.py) and exits with
its status (the ctest follow_live_nft). Exits 77 (skipped) when not root or without nftables.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "analysis"))
import live_nft as ln  # noqa: E402


def record(program, outdir, nbytes, loss, machine, guardian, work):
    made = []
    for family, host, srv in ln.listeners():
        port = srv.getsockname()[1]
        cap = os.path.join(work, "lossy-%s.pcap" % ("ipv6" if ":" in host else "ipv4"))
        machine.change([port], loss)
        proc, err = ln.capture(program, cap, [port], guardian)
        try:
            ln.wait_capture(proc, err, cap)
            ln.transfer(family, host, srv, nbytes)
            time.sleep(0.3)
            ln.stop_capture(proc, err)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        dropped = machine.dropped()
        left = machine.restore()
        if left:
            raise RuntimeError("not restored: " + "; ".join(left))
        print("%s: %d B each way, nft dropped %d packets" % (host, nbytes, dropped))
        out = os.path.join(outdir, "follow-" + os.path.basename(cap))
        shutil.copy(cap, out)
        made.append(out)
    return made


def main():
    compare = "--compare" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--compare"]
    program, outdir = args[0], args[1]
    nbytes = int(args[2]) if len(args) > 2 else 12000
    loss = int(args[3]) if len(args) > 3 else 10
    reason = ln.skip_reason()
    if reason:
        print("skipped: " + reason)
        return ln.SKIP
    work = tempfile.mkdtemp(prefix="follow-lossy-")
    machine = ln.Machine("stackscope_follow_%d" % os.getpid())
    guardian = None
    os.makedirs(outdir, exist_ok=True)
    try:
        guardian = ln.start_guardian(machine, os.path.join(work, "guardian.log"))
        record(program, outdir, nbytes, loss, machine, guardian, work)
    finally:
        left = machine.restore()
        if guardian is not None:
            if not left:
                os.write(guardian, b"done\n")
            os.close(guardian)
        print("MACHINE NOT RESTORED: " + "; ".join(left) if left else
              "machine restored: `nft list tables` and `ethtool -k lo` as before")
    if left or not compare:
        return 1 if left else 0
    here = os.path.dirname(os.path.abspath(__file__))
    return subprocess.run([sys.executable, os.path.join(here, "follow_compare.py"), program,
                           os.path.join(outdir, "follow-lossy-ipv4.pcap"),
                           os.path.join(outdir, "follow-lossy-ipv6.pcap")]).returncode


if __name__ == "__main__":
    sys.exit(main())
