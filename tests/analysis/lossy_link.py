#!/usr/bin/env python3
"""Records a real, lossy TCP transfer between two Linux network namespaces, for the oracle test:
the kernel's own retransmissions, SACKs, duplicate ACKs and fast retransmissions.

Each side lives in a network namespace of its own (created here, gone when its process ends:
nothing on the machine is changed) with a TUN device; this script relays the packets between
the two TUN devices and drops a seeded random share of them both ways, like a lossy link. The
capture is taken on the receiving side (dumpcap on its TUN device: raw IP).

usage: lossy_link.py OUT.pcapng [--bytes N] [--loss PERCENT] [--seed S]
Needs root (namespaces, TUN) and dumpcap; exits 77 when it cannot run (the test then skips).
"""
import argparse
import ctypes
import fcntl
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
SKIP = 77


def new_netns():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")


def tun(name, addr):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    for cmd in (["ip", "link", "set", "lo", "up"], ["ip", "addr", "add", addr, "dev", name],
                ["ip", "link", "set", name, "mtu", "1500", "up"]):
        subprocess.run(cmd, check=True)
    return fd


def relay(fd, link, rnd, loss, stop):
    """Packets from the TUN device go to the other side (unless dropped), and back."""
    while not stop.is_set():
        ready, _, _ = select.select([fd, link], [], [], 0.2)
        if fd in ready:
            pkt = os.read(fd, 65536)
            if rnd.random() * 100 >= loss:
                link.send(b"P" + pkt)
        if link in ready:
            msg = link.recv(65536)
            if msg[:1] == b"S":
                return
            os.write(fd, msg[1:])


def server_side(link, out, loss, seed, ready_w):
    new_netns()
    fd = tun("tunb", "10.9.0.2/24")
    cap = subprocess.Popen(["dumpcap", "-q", "-i", "tunb", "-f", "tcp port 5555", "-w", out],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)  # dumpcap is capturing before the first SYN
    srv = socket.socket()
    srv.bind(("10.9.0.2", 5555))
    srv.listen(1)

    def serve():
        c, _ = srv.accept()
        while c.recv(65536):
            pass
        c.sendall(b"ok")
        c.close()

    threading.Thread(target=serve, daemon=True).start()
    os.write(ready_w, b"r")
    relay(fd, link, random.Random(seed + 1), loss, threading.Event())
    time.sleep(0.5)
    cap.send_signal(signal.SIGTERM)
    cap.wait()
    os._exit(0)


def client_side(link, nbytes, loss, seed):
    new_netns()
    fd = tun("tuna", "10.9.0.1/24")
    stop = threading.Event()
    t = threading.Thread(target=relay, args=(fd, link, random.Random(seed), loss, stop),
                         daemon=True)
    t.start()
    c = socket.create_connection(("10.9.0.2", 5555), timeout=60)
    c.sendall(b"x" * nbytes)
    c.shutdown(socket.SHUT_WR)
    ok = c.recv(10) == b"ok"
    c.close()
    time.sleep(1.0)  # the last ACKs and FINs cross the link
    stop.set()
    t.join()
    link.send(b"S")
    os._exit(0 if ok else 1)


def child(fn, *args):
    """Runs one side in a forked child; any failure ends the child with status 1."""
    try:
        fn(*args)
    except BaseException as e:  # noqa: BLE001 - a child must never return into main()
        print("%s: %s" % (fn.__name__, e), file=sys.stderr)
    os._exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--bytes", type=int, default=1000000)
    ap.add_argument("--loss", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if os.geteuid() != 0 or not os.path.exists("/dev/net/tun"):
        print("skipped: needs root and /dev/net/tun")
        return SKIP
    for tool in ("dumpcap", "ip"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            print("skipped: needs %s" % tool)
            return SKIP
    probe = subprocess.run([sys.executable, "-c", "import ctypes,sys; sys.exit("
                            "ctypes.CDLL(None).unshare(%d) != 0)" % CLONE_NEWNET])
    if probe.returncode != 0:
        print("skipped: network namespaces are not permitted here")
        return SKIP
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    ready_r, ready_w = os.pipe()
    server = os.fork()
    if server == 0:
        a.close()
        os.close(ready_r)
        child(server_side, b, os.path.abspath(args.out), args.loss, args.seed, ready_w)
    os.close(ready_w)
    if os.read(ready_r, 1) != b"r":  # the server side failed before it was ready
        os.waitpid(server, 0)
        print("the server side could not start")
        return 1
    client = os.fork()
    if client == 0:
        b.close()
        child(client_side, a, args.bytes, args.loss, args.seed)
    _, cstatus = os.waitpid(client, 0)
    a.send(b"S")  # ends the server side's relay even if the client side failed
    _, sstatus = os.waitpid(server, 0)
    if os.waitstatus_to_exitcode(cstatus) != 0 or os.waitstatus_to_exitcode(sstatus) != 0:
        print("transfer failed (client %d, server %d)" % (cstatus, sstatus))
        return 1
    print("recorded %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
