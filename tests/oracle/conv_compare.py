#!/usr/bin/env python3
"""Compares `stackscope --conversations --json` with tshark 4.0's `-q -z conv,tcp -z conv,udp`.

Usage: conv_compare.py STACKSCOPE DIFFERENCES CAPTURE_OR_DIR... [--write-diffs]

For every capture, each conversation tshark lists must be one stackscope lists, and the other
way round: matched by protocol, endpoints A and B (A: the sender of the first packet, in both)
and start; the stream number of each must be tshark's tcp.stream or udp.stream for those
endpoints (the frames' fields), and a TCP one's retransmissions, duplicate ACKs and initial RTT
the frames tshark flags tcp.analysis.retransmission and .duplicate_ack and its first
tcp.analysis.initial_rtt (with the analysis oracle's prefs). tshark's conversations are compared when stackscope can see them: carried by at
least one frame whose link layer stackscope decodes (frame.protocols begins as the IPv4 oracle's
do, IPv6 too) with those endpoints in its outermost IP and transport headers; the inner
conversations of tunnels (VXLAN, Geneve, GRE, PIM register, MPLS...) are not, and are counted
apart. Compared: frames and bytes each way (bytes as tshark prints them: exact below 10000,
then "139 kB", "12 MB"; stackscope's exact count formatted the same way), the relative start
(tshark prints 9 decimals, stackscope 6: equal to the microsecond) and the duration (tshark
prints 4 decimals: equal once stackscope's is rounded so). Each remaining difference must be
listed in DIFFERENCES (file, protocol, conversation, field, reason); a listed difference that no
longer occurs is a failure too, so the list stays true. Prints the agreement figures.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ROW = re.compile(r"^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(\d+ \w+)\s+(\d+)\s+(\d+ \w+)\s+(\d+)\s+(\d+ \w+)"
                 r"\s+(-?[\d.]+)\s+(-?[\d.]+)\s*$")
FIELDS = ("frames_a_to_b", "bytes_a_to_b", "frames_b_to_a", "bytes_b_to_a", "rel_start",
          "duration")


def size_text(n):
    """tshark 4.0's format_size(n, FORMAT_SIZE_UNIT_BYTES): SI prefixes from 10 k, truncated."""
    for div, unit in ((10**12, "TB"), (10**9, "GB"), (10**6, "MB"), (10**3, "kB")):
        if n // div >= 10:
            return "%d %s" % (n // div, unit)
    return "%d bytes" % n


def split_endpoint(text):
    addr, _, port = text.rpartition(":")
    return addr, port


# The link layers stackscope decodes, as tests/oracle/oracle_compare.py's SUPPORTED, IPv6 too.
SUPPORTED = re.compile(r"^(eth:ethertype:(vlan:ethertype:)*|sll:ethertype:|sll2:ethertype:|null:|"
                       r"loop:|raw:|ppp:|)(ip|ipv6)(:|$)")
FRAME_FIELDS = ("frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport",
                "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.stream", "udp.stream",
                "tcp.analysis.retransmission", "tcp.analysis.duplicate_ack",
                "tcp.analysis.initial_rtt")
# The analysis prefs the analysis oracle pins (../shared/tools/tshark-tcp-analysis).
PREFS = ("tcp.analyze_sequence_numbers:TRUE", "tcp.relative_sequence_numbers:TRUE",
         "tcp.calculate_timestamps:TRUE", "tcp.fastrt_supersedes_ooo:TRUE",
         "tcp.default_window_scaling:not-known", "tcp.desegment_tcp_streams:FALSE")


def outer_pairs(lines):
    """The (proto, endpoint, endpoint) of each frame's outermost IP and transport headers (the
    first "ip" or "ipv6" in frame.protocols, and the "tcp" or "udp" right on it), both ways, for
    frames whose link layer stackscope decodes; each (proto, stream number)'s endpoints; and each
    TCP stream's frames flagged retransmission, duplicate ACK, and its initial RTT."""
    seen, streams, stats = set(), {}, {}
    for line in lines:
        f = dict(zip(FRAME_FIELDS, line.split("\t")))
        layers = f.get("frame.protocols", "").split(":")
        if not SUPPORTED.match(f.get("frame.protocols", "")):
            continue
        net = next(l for l in layers if l in ("ip", "ipv6"))
        at = layers.index(net) + 1
        proto = layers[at] if at < len(layers) and layers[at] in ("tcp", "udp") else None
        if not proto:  # no transport right on the outer IP (ICMP quoting one, a tunnel...)
            continue
        # occurrence=f gives each field's first occurrence: the outermost header of its kind
        src, dst = f[net + ".src"], f[net + ".dst"]
        sp, dp = f.get(proto + ".srcport", ""), f.get(proto + ".dstport", "")
        if src and dst and sp and dp:
            seen.add((proto, (src, sp), (dst, dp)))
            seen.add((proto, (dst, dp), (src, sp)))
            if f.get(proto + ".stream"):
                streams[(proto, int(f[proto + ".stream"]))] = frozenset(((src, sp), (dst, dp)))
            if proto == "tcp" and f.get("tcp.stream"):
                st = stats.setdefault(int(f["tcp.stream"]), {"retransmissions": 0,
                                                             "duplicate_acks": 0,
                                                             "initial_rtt": None})
                st["retransmissions"] += f.get("tcp.analysis.retransmission", "") != ""
                st["duplicate_acks"] += f.get("tcp.analysis.duplicate_ack", "") != ""
                if st["initial_rtt"] is None and f.get("tcp.analysis.initial_rtt"):
                    st["initial_rtt"] = "%.6f" % float(f["tcp.analysis.initial_rtt"])
    return seen, streams, stats


def theirs(path, confdir):
    """tshark's conversations stackscope can see, and how many it cannot (tunnels, links)."""
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=confdir)
    cmd = ["tshark", "-n", "-r", path, "-T", "fields", "-E", "occurrence=f", "-z", "conv,tcp",
           "-z", "conv,udp"]
    for pref in PREFS:
        cmd += ["-o", pref]
    for field in FRAME_FIELDS:
        cmd += ["-e", field]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env).stdout.splitlines()
    first_stat = next((i for i, l in enumerate(out) if l.startswith("=====")), len(out))
    visible, streams, stats = outer_pairs(out[:first_stat])
    rows, proto, hidden = [], None, 0
    for line in out[first_stat:]:
        if line.startswith("TCP Conversations"):
            proto = "tcp"
        elif line.startswith("UDP Conversations"):
            proto = "udp"
        m = ROW.match(line)
        if not m or not proto:
            continue
        a, b = split_endpoint(m.group(1)), split_endpoint(m.group(2))
        # tshark's "<-" columns are B to A, its "->" columns A to B.
        if (proto, a, b) not in visible:
            hidden += 1
            continue
        rows.append({"proto": proto, "a": a, "b": b,
                     "frames_a_to_b": int(m.group(5)), "bytes_a_to_b": m.group(6),
                     "frames_b_to_a": int(m.group(3)), "bytes_b_to_a": m.group(4),
                     "rel_start": "%.6f" % float(m.group(9)), "duration": m.group(10)})
    return rows, hidden, streams, stats


def ours(binary, path):
    out = subprocess.run([binary, "--conversations", "--json", "-r", path],
                         capture_output=True, text=True)
    rows = []
    for line in out.stdout.splitlines():
        o = json.loads(line)  # every line must be valid JSON
        if "other" in o:
            continue
        rows.append({"proto": o["proto"], "stream": o["stream"], "a": (o["a_addr"], str(o["a_port"])),
                     "b": (o["b_addr"], str(o["b_port"])),
                     "frames_a_to_b": o["packets_a_to_b"], "bytes_a_to_b": size_text(o["bytes_a_to_b"]),
                     "frames_b_to_a": o["packets_b_to_a"], "bytes_b_to_a": size_text(o["bytes_b_to_a"]),
                     "rel_start": "%.6f" % o["rel_start"], "duration": "%.4f" % o["duration"],
                     "retransmissions": o["retransmissions"], "duplicate_acks": o["duplicate_acks"],
                     "initial_rtt": None if o["initial_rtt"] is None else "%.6f" % o["initial_rtt"]})
    return rows, out.returncode, out.stderr


def conv_name(r):
    return "%s:%s<->%s:%s@%s" % (r["a"][0], r["a"][1], r["b"][0], r["b"][1], r["rel_start"])


def differences(name, mine, tshark, streams, stats):
    """(file, proto, conversation, field) -> text, for every disagreement. A matched
    conversation's stream number must be tshark's tcp.stream / udp.stream of its endpoints."""
    found = {}
    left = list(mine)
    for t in tshark:
        match = [m for m in left if m["proto"] == t["proto"] and m["a"] == t["a"] and
                 m["b"] == t["b"] and m["rel_start"] == t["rel_start"]]
        if not match:  # the same endpoints at another start, else none
            match = [m for m in left if m["proto"] == t["proto"] and m["a"] == t["a"] and
                     m["b"] == t["b"]]
        if not match:
            found[(name, t["proto"], conv_name(t), "missing")] = "tshark lists it, stackscope not"
            continue
        m = match[0]
        left.remove(m)
        for f in FIELDS:
            if m[f] != t[f]:
                found[(name, t["proto"], conv_name(t), f)] = "stackscope %s, tshark %s" % (m[f], t[f])
        if streams.get((m["proto"], m["stream"])) != frozenset((m["a"], m["b"])):
            found[(name, t["proto"], conv_name(t), "stream")] = \
                "stackscope's stream %d is tshark's stream of other endpoints" % m["stream"]
        elif m["proto"] == "tcp":
            for f, v in stats.get(m["stream"], {}).items():
                if m[f] != v:
                    found[(name, "tcp", conv_name(t), f)] = "stackscope %s, tshark %s" % (m[f], v)
    for m in left:
        found[(name, m["proto"], conv_name(m), "extra")] = "stackscope lists it, tshark not"
    return found


def read_listed(path):
    listed = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            listed[tuple(parts[:4])] = parts[4] if len(parts) > 4 else ""
    return listed


def captures(args):
    for a in args:
        if os.path.isdir(a):
            for n in sorted(os.listdir(a)):
                if n.endswith((".pcap", ".pcapng", ".cap")):
                    yield os.path.join(a, n)
        else:
            yield a


def main():
    argv = [a for a in sys.argv[1:] if a != "--write-diffs"]
    write = "--write-diffs" in sys.argv
    binary, diff_path, paths = argv[0], argv[1], argv[2:]
    found, convs, fields, failed, unseen, compared = {}, 0, 0, 0, 0, set()
    with tempfile.TemporaryDirectory() as confdir:
        for path in captures(paths):
            name = os.path.basename(path)
            compared.add(name)
            mine, rc, err = ours(binary, path)
            if rc not in (0, 1) or "runtime error" in err or "Sanitizer" in err:
                print("FAIL %s: exit %d %s" % (name, rc, err.strip()[-300:]))
                failed += 1
                continue
            tshark, hidden, streams, stats = theirs(path, confdir)
            unseen += hidden
            convs += len(tshark)
            fields += sum(len(FIELDS) + (4 if t["proto"] == "tcp" else 1) for t in tshark)
            found.update(differences(name, mine, tshark, streams, stats))
    listed = read_listed(diff_path)
    if write:
        with open(diff_path, "w") as f:
            f.write("# file\tproto\tconversation (A<->B@start)\tfield\treason (reviewed "
                    "differences between --conversations and tshark's conv)\n")
            for k in sorted(found):
                f.write("\t".join(k) + "\t" + listed.get(k, "REASON? " + found[k]) + "\n")
    for k in sorted(found):
        if k not in listed:
            print("UNLISTED %s: %s" % ("\t".join(k), found[k]))
            failed += 1
    for k in sorted(listed):
        if k not in found and k[0] in compared:  # a capture left out of this run says nothing
            print("LISTED BUT GONE %s" % "\t".join(k))
            failed += 1
    print("%d conversations of tshark compared (%d more not, inside tunnels or links stackscope "
          "does not decode), %d fields: %d differences, all listed: %s" %
          (convs, unseen, fields, len(found), "yes" if not failed else "no"))
    print("%d passed, %d failed" % (0 if failed else 1, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
