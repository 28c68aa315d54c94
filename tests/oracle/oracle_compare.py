#!/usr/bin/env python3
"""Compares `stackscope --json` with ../shared/tools/tshark-oracle on every IPv4/TCP field.

Usage: oracle_compare.py STACKSCOPE CORPUS_DIR ORACLE DIFFERENCES [--cache DIR] [--write-diffs]

Frames compared: those whose first IPv4 header follows a link layer stackscope decodes
(tshark's frame.protocols starts with eth:ethertype:[vlan:ethertype:]*ip, sll:ethertype:ip,
null:ip, loop:ip, raw:ip, ppp:ip or ip). Every column the oracle prints for such a frame must equal
stackscope's value. Each remaining difference must be listed in DIFFERENCES (file, frame,
column, reason); a listed difference that no longer occurs is also a failure, so the list
stays true. Prints the agreement figure.
"""
import json
import os
import re
import subprocess
import sys

SUPPORTED = re.compile(r"^(eth:ethertype:(vlan:ethertype:)*|sll:ethertype:|sll2:ethertype:|null:|loop:|raw:|ppp:|)ip(:|$)")


def ours(binary, path):
    out = subprocess.run([binary, "--json", "-r", path], capture_output=True, text=True)
    frames = {}
    for line in out.stdout.splitlines():
        obj = json.loads(line)  # every line must be valid JSON
        frames[obj["frame"]] = obj
    return frames, out.returncode, out.stderr


def oracle_rows(oracle, path, cache):
    text = None
    if cache:
        cpath = os.path.join(cache, os.path.basename(path) + ".tsv")
        if os.path.exists(cpath):
            with open(cpath) as f:
                text = f.read()
    if text is None:
        text = subprocess.run([oracle, path], capture_output=True, text=True).stdout
        if cache:
            os.makedirs(cache, exist_ok=True)
            with open(os.path.join(cache, os.path.basename(path) + ".tsv"), "w") as f:
                f.write(text)
    lines = text.splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def hex4(v):
    return None if v is None else "0x%04x" % v


def expected_values(obj):
    """stackscope's values in the oracle's column formats (None: absent)."""
    ip = obj.get("ipv4") or {}
    tcp = obj.get("tcp") or {}
    v = {}
    g = ip.get
    v["ip.version"] = g("version")
    v["ip.hdr_len"] = None if g("ihl") is None else g("ihl") * 4
    v["ip.dsfield"] = g("tos")
    v["ip.len"] = g("total_length")
    v["ip.id"] = g("id")
    v["ip.flags"] = g("flags")
    v["ip.frag_offset"] = g("frag_offset")
    v["ip.ttl"] = g("ttl")
    v["ip.proto"] = g("protocol")
    v["ip.checksum"] = hex4(g("checksum"))
    v["ip.src"] = g("src")
    v["ip.dst"] = g("dst")
    v["ip.checksum.status"] = g("checksum_status")
    if "options" in ip:
        v["ip.opt.type"] = ",".join(str(o["type"]) for o in ip["options"])
    t = tcp.get
    v["tcp.srcport"] = t("src_port")
    v["tcp.dstport"] = t("dst_port")
    v["tcp.seq_raw"] = t("seq")
    v["tcp.ack_raw"] = t("ack")
    v["tcp.hdr_len"] = None if t("data_offset") is None else t("data_offset") * 4
    v["tcp.flags"] = t("flags")
    v["tcp.window_size_value"] = t("window")
    v["tcp.checksum"] = hex4(t("checksum"))
    v["tcp.urgent_pointer"] = t("urgent")
    v["tcp.len"] = t("payload_length")
    st = t("checksum_status")
    # tshark has no word for an offloaded (partial) checksum: it calls it bad.
    v["tcp.checksum.status"] = "bad" if st == "partial" else st
    if "options" in tcp:
        v["tcp.option_kind"] = ",".join(str(o["kind"]) for o in tcp["options"])
    return v


COLUMNS = ["ip.version", "ip.hdr_len", "ip.dsfield", "ip.len", "ip.id", "ip.flags",
           "ip.frag_offset", "ip.ttl", "ip.proto", "ip.checksum", "ip.src", "ip.dst",
           "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len",
           "tcp.flags", "tcp.window_size_value", "tcp.checksum", "tcp.urgent_pointer", "tcp.len",
           "ip.checksum.status", "tcp.checksum.status", "ip.opt.type", "tcp.option_kind"]


def main():
    args = sys.argv[1:]
    cache = None
    write = "--write-diffs" in args
    if write:
        args.remove("--write-diffs")
    if "--cache" in args:
        i = args.index("--cache")
        cache = args[i + 1]
        del args[i:i + 2]
    binary, corpus, oracle, diffs_path = args
    listed = {}
    with open(diffs_path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fname, frame, col, reason = line.rstrip("\n").split("\t", 3)
            listed[(fname, int(frame), col)] = reason

    found = {}
    frames_cmp = fields_cmp = fields_eq = 0
    problems = []
    files = sorted(f for f in os.listdir(corpus) if f.endswith((".pcap", ".pcapng")))
    for fname in files:
        path = os.path.join(corpus, fname)
        try:
            mine, rc, err = ours(binary, path)
        except json.JSONDecodeError as e:
            problems.append("%s: stackscope printed invalid JSON: %s" % (fname, e))
            continue
        if rc not in (0, 1) or "runtime error" in err or "Sanitizer" in err:
            problems.append("%s: stackscope exit %d: %s" % (fname, rc, err.strip()[:300]))
        for row in oracle_rows(oracle, path, cache):
            if not SUPPORTED.match(row.get("frame.protocols", "")):
                continue
            n = int(row["frame.number"])
            obj = mine.get(n)
            if obj is None:
                problems.append("%s frame %d: missing from stackscope's output" % (fname, n))
                continue
            frames_cmp += 1
            exp = expected_values(obj)
            for col in COLUMNS:
                want = row.get(col, "")
                if want == "":
                    continue
                fields_cmp += 1
                got = exp.get(col)
                got_s = "" if got is None else str(got)
                if got_s == want:
                    fields_eq += 1
                else:
                    found[(fname, n, col)] = "oracle %r, stackscope %r" % (want, got_s)
    unexplained = {k: v for k, v in found.items() if k not in listed}
    stale = [k for k in listed if k not in found]
    print("oracle agreement: %d frames, %d of %d fields equal (%.3f%%); %d differences, all %s"
          % (frames_cmp, fields_eq, fields_cmp, 100.0 * fields_eq / max(fields_cmp, 1),
             len(found), "listed" if not unexplained else "NOT listed"))
    if write:
        with open(diffs_path, "a") as f:
            for (fname, n, col), what in sorted(unexplained.items()):
                f.write("%s\t%d\t%s\tTODO %s\n" % (fname, n, col, what))
    for (fname, n, col), what in sorted(unexplained.items()):
        problems.append("%s frame %d %s: %s (not in %s)" % (fname, n, col, what, diffs_path))
    for k in stale:
        problems.append("%s frame %d %s: listed as a difference but now agrees" % k)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
