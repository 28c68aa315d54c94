#!/usr/bin/env python3
"""A real lossy transfer on loopback, as the issue asks: segmentation offload off on `lo` (ethtool),
an nftables table of the test's own dropping a few percent of the test connections' packets at the
input hook, `stackscope -i lo -w` recording, then stackscope's verdicts (`--json`) held against
tshark's by analysis_compare.py: every exactly compared field of every frame must agree.

usage: live_nft.py --program STACKSCOPE --oracle TOOL --differences FILE --work DIR
                   [--loss PERCENT] [--bytes N]
Root only; exits 77 (skipped) when not root or when nftables cannot work here.

The machine is put back as it was found on every way out: the table is deleted, each offload
setting that differs from the recorded one is set back, then `nft list tables` and `ethtool -k lo`
must print exactly what they printed before the test, or the test fails loudly. SIGINT, SIGTERM
and SIGHUP end the test through the same path. Against what no handler can catch (SIGKILL, as
ctest's timeout sends), a guardian process, detached before anything is changed, restores the
machine when this process dies without having said it did.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

SKIP = 77
CATCH = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
OFF = ["tso", "gso", "gro"]  # MSS-sized segments on the wire (capture) instead of 64 KB ones
# ethtool -k prints these aggregate names; ethtool -K takes the short ones.
SHORT = {"rx-checksumming": "rx", "tx-checksumming": "tx", "scatter-gather": "sg",
         "tcp-segmentation-offload": "tso", "udp-fragmentation-offload": "ufo",
         "generic-segmentation-offload": "gso", "generic-receive-offload": "gro",
         "large-receive-offload": "lro", "rx-vlan-offload": "rxvlan",
         "tx-vlan-offload": "txvlan", "ntuple-filters": "ntuple", "receive-hashing": "rxhash"}
MSS = 1448  # a usual Ethernet-sized segment; lo's own MTU (65536) would give 64 KB segments


def run(cmd, check=True, stdin=None):
    out = subprocess.run(cmd, capture_output=True, text=True, input=stdin)
    if check and out.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), out.returncode,
                                                out.stderr.strip()))
    return out


def features(text):
    """`ethtool -k` output -> {name: (on, fixed, sub-feature)}."""
    res = {}
    for line in text.splitlines():
        m = re.match(r"^(\t?)([\w-]+): (on|off)( \[fixed\])?", line)
        if m:
            res[m.group(2)] = (m.group(3) == "on", bool(m.group(4)), bool(m.group(1)))
    return res


class Machine:
    """What the test changes, as it was found, and how to put it back."""

    def __init__(self, table):
        self.table = table
        self.ethtool = run(["ethtool", "-k", "lo"]).stdout
        self.tables = run(["nft", "list", "tables"]).stdout

    def change(self, ports, loss):
        now = features(self.ethtool)
        on = [s for s in OFF if now.get(long_name(s), (False,))[0]]
        if on:
            run(["ethtool", "-K", "lo"] + [w for s in on for w in (s, "off")])
        after = features(run(["ethtool", "-k", "lo"]).stdout)
        still = [s for s in OFF if after.get(long_name(s), (False,))[0]]
        if still:
            raise RuntimeError("ethtool -K lo %s off had no effect" % " ".join(still))
        # SYNs pass: a lost SYN only costs a 1 s timeout, and the test's time is bounded.
        match = "iif \"lo\" tcp %%s { %s } tcp flags & syn == 0 numgen random mod 100 < %d" % (
            ", ".join(str(p) for p in ports), loss)
        rules = "".join("        %s counter drop\n" % (match % d) for d in ("dport", "sport"))
        run(["nft", "-f", "-"], stdin="table inet %s {\n    chain input {\n"
            "        type filter hook input priority 0; policy accept;\n%s    }\n}\n"
            % (self.table, rules))

    def dropped(self):
        """Packets dropped by the table's rules so far."""
        doc = json.loads(run(["nft", "-j", "list", "table", "inet", self.table]).stdout)
        return sum(e["counter"]["packets"] for item in doc["nftables"] if "rule" in item
                   for e in item["rule"]["expr"] if "counter" in e)

    def restore(self):
        """Deletes the table, sets back each offload setting that differs; returns what still
        differs from the recorded state (empty: the machine is as it was found)."""
        problems = []
        if run(["nft", "list", "table", "inet", self.table], check=False).returncode == 0:
            out = run(["nft", "delete", "table", "inet", self.table], check=False)
            if out.returncode != 0:
                problems.append("nft delete table inet %s: %s" % (self.table, out.stderr.strip()))
        want = features(self.ethtool)
        for sub in (False, True):  # aggregates first: they set their sub-features too
            now = features(run(["ethtool", "-k", "lo"], check=False).stdout)
            args = [w for name, (on, fixed, is_sub) in want.items()
                    if is_sub == sub and not fixed and now.get(name, (on,))[0] != on
                    for w in (SHORT.get(name, name), "on" if on else "off")]
            if args:
                out = run(["ethtool", "-K", "lo"] + args, check=False)
                if out.returncode != 0:
                    problems.append("ethtool -K lo %s: %s" % (" ".join(args), out.stderr.strip()))
        if run(["nft", "list", "tables"], check=False).stdout != self.tables:
            problems.append("`nft list tables` differs from before the test")
        if run(["ethtool", "-k", "lo"], check=False).stdout != self.ethtool:
            problems.append("`ethtool -k lo` differs from before the test")
        return problems


def long_name(short):
    return next(k for k, v in SHORT.items() if v == short)


def start_guardian(machine, log):
    """Forks a detached process that restores the machine once this one is gone, unless told
    'done' first. Returns the pipe's writing end; 'capture PID' lines name processes to end."""
    r, w = os.pipe()
    signal.pthread_sigmask(signal.SIG_BLOCK, CATCH)  # the pipe is ours once the guardian is
    pid = os.fork()
    if pid == 0:
        os.close(w)
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        guard(machine, r, log)
    os.close(r)
    os.waitpid(pid, 0)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, CATCH)
    return w


def guard(machine, r, log):
    """The guardian: no signal but SIGKILL ends it, it writes nowhere but its log."""
    try:
        for s in CATCH + (signal.SIGPIPE,):
            signal.signal(s, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, CATCH)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, r)
        os.closerange(r + 1, 65536)
        data = b""
        while True:
            chunk = os.read(r, 4096)
            if not chunk:
                break
            data += chunk
        lines = data.decode().splitlines()
        if "done" in lines:
            os._exit(0)
        for line in lines:  # the capture this process started, if it outlived it
            if line.startswith("capture "):
                end_capture(int(line.split()[1]), line.split(None, 2)[2])
        problems = machine.restore()
        with open(log, "a") as f:
            f.write("the test ended without restoring the machine; guardian: %s\n"
                    % ("; ".join(problems) or "restored"))
    finally:
        os._exit(0)


def end_capture(pid, path):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            if path.encode() in f.read().split(b"\0"):
                os.kill(pid, signal.SIGTERM)
    except OSError:
        pass


class Interrupted(Exception):
    pass


def pattern(n, seed):
    block = bytes((seed + i * 7) & 0xFF for i in range(65536))
    return (block * (n // len(block) + 1))[:n]


def tcp_socket(family, rcvbuf=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, MSS)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    return s


def serve(srv, nbytes, result):
    """One connection: reads nbytes slowly through a small buffer (windows fill and close),
    then sends nbytes back."""
    try:
        srv.settimeout(30)
        c, _ = srv.accept()
        c.settimeout(30)
        got, n = bytearray(), 0
        while len(got) < nbytes:
            chunk = c.recv(65536)
            if not chunk:
                break
            got += chunk
            n += 1
            if n % 64 == 0:
                time.sleep(0.002)  # the reader falls behind now and then
        result["received"] = bytes(got) == pattern(nbytes, 1)
        c.sendall(pattern(nbytes, 2))
        c.shutdown(socket.SHUT_WR)
        c.recv(1)
        c.close()
    except OSError as e:
        result["error"] = str(e)


def transfer(family, host, srv, nbytes):
    """nbytes each way over one connection; raises if anything arrived wrong."""
    result = {}
    t = threading.Thread(target=serve, args=(srv, nbytes, result), daemon=True)
    t.start()
    c = tcp_socket(family)
    c.settimeout(30)
    c.connect((host, srv.getsockname()[1]))
    c.sendall(pattern(nbytes, 1))
    got = bytearray()
    while True:
        chunk = c.recv(65536)
        if not chunk:
            break
        got += chunk
    c.close()
    t.join(30)
    if result.get("error") or not result.get("received") or bytes(got) != pattern(nbytes, 2):
        raise RuntimeError("transfer over %s failed: %s" % (host, result.get("error") or
                                                            "the data arrived wrong"))


def listeners():
    """A listening socket per loopback family available here: (family, host, socket)."""
    out = []
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        try:
            s = tcp_socket(family, rcvbuf=16384)
            s.bind((host, 0))
            s.listen(1)
            out.append((family, host, s))
        except OSError:
            if family == socket.AF_INET:
                raise
    return out


def capture(program, path, ports, guardian):
    """Starts `stackscope -i lo -w path`; returns (process, its stderr file)."""
    err = open(path + ".stderr", "w+")
    filt = " or ".join("tcp port %d" % p for p in ports)
    # Signals wait until the process is known, to the caller and to the guardian (no other
    # thread runs yet); the capture itself starts with them unblocked.
    signal.pthread_sigmask(signal.SIG_BLOCK, CATCH)
    try:
        # -Z root: the capture needs no other user here, and stays ours to stop.
        p = subprocess.Popen([program, "-i", "lo", "-B", "16384", "-Z", "root", "-w", path, filt],
                             stdout=subprocess.DEVNULL, stderr=err,
                             preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_UNBLOCK, CATCH))
        os.write(guardian, ("capture %d %s\n" % (p.pid, path)).encode())
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, CATCH)
    return p, err


def wait_capture(p, err, path):
    """Returns once the capture writes its file (the device is open by then)."""
    deadline = time.monotonic() + 10
    while not os.path.exists(path):
        if p.poll() is not None or time.monotonic() > deadline:
            err.seek(0)
            raise RuntimeError("stackscope -i lo did not start: %s" % err.read().strip())
        time.sleep(0.05)
    time.sleep(0.5)  # the device is open before the file: this is margin only


def stop_capture(p, err):
    p.send_signal(signal.SIGTERM)
    p.wait(10)
    err.seek(0)
    text = err.read()
    m = re.search(r"(\d+) packets dropped by kernel", text)
    if p.returncode != 0 or not m:
        raise RuntimeError("stackscope -i lo: exit %d: %s" % (p.returncode, text.strip()))
    return int(m.group(1))


COUNTED = ["retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order",
           "duplicate_ack", "lost_segment", "ack_lost_segment", "zero_window", "window_full",
           "window_update"]


def our_counts(program, cap):
    """Frames, each flag and SACK-carrying segments as stackscope's --json gives them."""
    out = run([program, "-r", cap, "--json"]).stdout
    counts = dict.fromkeys(["frames", "sack"] + COUNTED, 0)
    for line in out.splitlines():
        tcp = json.loads(line).get("tcp", {})
        counts["frames"] += 1
        counts["sack"] += any(o.get("name") == "sack" for o in tcp.get("options", []))
        for flag in tcp.get("analysis", {}).get("flags", []):
            if flag in counts:
                counts[flag] += 1
    return counts


def tshark_counts(tsv, cap):
    counts = dict.fromkeys(["frames", "sack"] + COUNTED, 0)
    with open(tsv) as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(head, line.rstrip("\n").split("\t")))
            counts["frames"] += 1
            for flag in COUNTED:
                counts[flag] += row.get("tcp.analysis." + flag) == "1"
    sack = run(["tshark", "-n", "-r", cap, "-Y", "tcp.options.sack_le", "-T", "fields",
                "-e", "frame.number"]).stdout
    counts["sack"] = len(sack.split())
    return counts


def compare(args, capdir, cap):
    """analysis_compare.py over the capture; prints its figures and both sides' counts.
    Returns the problems found."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run([sys.executable, os.path.join(here, "analysis_compare.py"),
                          "--program", args.program, "--oracle", args.oracle,
                          "--work", args.work, "--differences", args.differences, capdir],
                         capture_output=True, text=True)
    print(out.stdout + out.stderr, end="")
    problems = [] if out.returncode == 0 else [
        "analysis_compare.py: stackscope and tshark do not agree (above)"]
    tsv = os.path.join(args.work, "tshark", os.path.basename(capdir),
                       os.path.basename(cap) + ".tsv")
    ours, theirs = our_counts(args.program, cap), tshark_counts(tsv, cap)
    print("%-24s %10s %10s" % ("", "stackscope", "tshark"))
    for k in ["frames", "sack"] + COUNTED:
        print("%-24s %10d %10d" % ("SACK-carrying segments" if k == "sack" else k,
                                   ours[k], theirs[k]))
    if ours["sack"] != theirs["sack"]:
        problems.append("stackscope and tshark count different SACK-carrying segments")
    for k, what in (("retransmission", "retransmission"), ("duplicate_ack", "duplicate ACK"),
                    ("sack", "SACK")):
        if ours[k] == 0:
            problems.append("the capture holds no %s: the loss did not show" % what)
    return problems


def lossy_run(args, machine, guardian):
    """Changes the machine, records the transfers, compares. Returns the problems found."""
    socks = listeners()
    ports = [s.getsockname()[1] for _, _, s in socks]
    capdir = os.path.join(args.work, "live-nft")
    os.makedirs(capdir)
    cap = os.path.join(capdir, "lo-nft.pcap")
    machine.change(ports, args.loss)
    start = time.monotonic()
    proc, err = capture(args.program, cap, ports, guardian)
    try:  # from here the capture is stopped on every way out
        wait_capture(proc, err, cap)
        for family, host, srv in socks:
            transfer(family, host, srv, args.bytes)
            check_signals()
        time.sleep(0.3)  # the last ACKs reach the capture
        capture_drops = stop_capture(proc, err)
    finally:
        if proc.poll() is None:  # the test is failing: the capture is of no more use
            proc.kill()
            proc.wait()
    dropped = machine.dropped()
    machine.restore()  # at once: the comparison needs the capture only (main checks it all)
    print("transfers: %d B each way over %s, ports %s, %.1f s; nft dropped %d packets "
          "(%d %%, SYNs spared); capture dropped %d" % (
              args.bytes, " and ".join(h for _, h, _ in socks), ports,
              time.monotonic() - start, dropped, args.loss, capture_drops))
    check_signals()
    problems = compare(args, capdir, cap)
    if dropped == 0:
        problems.append("nftables dropped nothing")
    return problems


cleaning = False
received = []


def on_signal(signum, _frame):
    # Remembered too: an exception raised inside a destructor is printed and dropped.
    received.append(signum)
    if not cleaning:
        raise Interrupted("signal %d" % signum)


def check_signals():
    if received:
        raise Interrupted("signal %d" % received[0])


def skip_reason():
    if os.geteuid() != 0:
        return "needs root (nftables, ethtool -K, a live capture)"
    if not shutil.which("nft"):
        return "nft is not installed (scripts/install-deps --test)"
    probe = "stackscope_probe_%d" % os.getpid()
    signal.pthread_sigmask(signal.SIG_BLOCK, CATCH)  # no table of ours left behind by a signal
    try:
        if run(["nft", "add", "table", "inet", probe], check=False).returncode != 0:
            return "nftables cannot work here (nft add table failed)"
        run(["nft", "delete", "table", "inet", probe])
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, CATCH)
    return None


def arguments():
    ap = argparse.ArgumentParser()
    ap.add_argument("--program", required=True)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--differences", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--loss", type=int, default=3)
    ap.add_argument("--bytes", type=int, default=2000000)
    return ap.parse_args()


def prepare(args):
    """Before anything is changed: a Machine holding the state found, or an exit status."""
    reason = skip_reason()
    if reason:
        print("skipped: " + reason)
        return SKIP
    for tool in ("ethtool", "tshark"):
        if not shutil.which(tool):
            print("%s is not installed: run scripts/install-deps --test" % tool)
            return 1
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    return Machine("stackscope_test_%d" % os.getpid())


def main():
    args = arguments()
    global cleaning
    for s in CATCH:  # from the start: a signal ends the test through the restoring path
        signal.signal(s, on_signal)
    try:
        machine = prepare(args)
    except Exception as e:  # noqa: BLE001 - nothing is changed yet: say why and stop
        print("FAIL: %s: %s (before anything was changed)" % (type(e).__name__, e))
        return 1
    if not isinstance(machine, Machine):
        return machine
    problems, guardian = [], None
    try:
        guardian = start_guardian(machine, os.path.join(args.work, "guardian.log"))
        problems = lossy_run(args, machine, guardian)
    except Exception as e:  # noqa: BLE001 - any failure is reported, after the restoring
        problems.append("%s: %s" % (type(e).__name__, e))
    finally:
        cleaning = True
        left = machine.restore()
        if guardian is not None:  # told first: printing fails if whoever reads is gone
            if not left:
                os.write(guardian, b"done\n")
            os.close(guardian)
        if left:
            print("MACHINE NOT RESTORED: " + "; ".join(left))
        else:
            print("machine restored: table %s deleted, `nft list tables` and `ethtool -k lo` "
                  "as before the test" % machine.table)
    if received and not problems:
        problems.append("interrupted by signal %d" % received[0])
    for p in problems + left:
        print("FAIL: " + p)
    return 1 if problems or left else 0


if __name__ == "__main__":
    sys.exit(main())
