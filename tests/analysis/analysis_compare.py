#!/usr/bin/env python3
"""Holds the analysis part's verdicts (analysis_dump) against tshark 4.0.17's tcp.analysis
(../shared/tools/tshark-tcp-analysis), as SPEC.md's "Oracle recipe" says.

usage: analysis_compare.py (--dump BIN | --program STACKSCOPE) --oracle TOOL
                           [--cases MAKE_CASES [--random N]]
                           --work DIR --differences FILE [--write-diffs] CAPTURE_DIR...

With --program, the verdicts are read from the program's own output (`stackscope -r CAPTURE
--json`: tcp.stream and tcp.analysis), not from analysis_dump: what users see is held against
tshark. The program keeps microseconds (as libpcap gives them to it), so its times carry six
decimals; they are compared as numbers.

The behaviour cases (make_cases.py, written into WORK/cases) come first, then N seeded random
conversations (make_random.py beside it, into WORK/random), then each CAPTURE_DIR.
Frames are joined on (capture, frame number).

Compared exactly, on every frame both sides see as the same TCP segment: the flags lost_segment,
zero_window, zero_window_probe, window_update, keep_alive, keep_alive_ack, duplicate_ack,
spurious_retransmission; "some kind of retransmission" (any of retransmission, fast, spurious,
out-of-order); duplicate_ack_num and _frame; acks_frame; ack_rtt to 1 us. Every difference there
must be listed in FILE (capture, frame, field, ours, tshark's, reason); a listed difference that
no longer occurs fails too, so the list stays true.

Reported, not failed (SPEC.md's soft fields): the kind of retransmission, bytes_in_flight (where
both report one), window_full, ack_lost_segment, zero_window_probe_ack, reused_ports, rto and
rto_frame, initial_rtt, tcp.stream (as a one-to-one mapping), and whole rows identical.

Left out, as the recipe says: frames tshark shows as TCP that stackscope does not decode as the
same segment (TCP inside ICMP errors, tunnels, IP fragments that tshark reassembles), and the
flows they belong to.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
from decimal import Decimal

EXACT_FLAGS = ["lost_segment", "zero_window", "zero_window_probe", "window_update", "keep_alive",
               "keep_alive_ack", "duplicate_ack", "spurious_retransmission"]
RETRANS_KINDS = ["retransmission", "fast_retransmission", "spurious_retransmission",
                 "out_of_order"]
EXACT_VALUES = ["duplicate_ack_num", "duplicate_ack_frame", "acks_frame"]
SOFT = ["retransmission_kind", "bytes_in_flight", "window_full", "ack_lost_segment",
        "zero_window_probe_ack", "reused_ports", "rto", "rto_frame", "initial_rtt"]


def a(name):
    return "tcp.analysis." + name


def read_tsv(path):
    with open(path, newline="") as f:
        return {int(r["frame.number"]): r for r in csv.DictReader(f, delimiter="\t")}


def captures(directory):
    return sorted(os.path.join(directory, n) for n in os.listdir(directory)
                  if n.endswith(".pcap") or n.endswith(".pcapng"))


def oracle_dir(tool, directory, out):
    """tshark's TSVs for a folder, cached in out while no capture is newer than its TSV."""
    caps = captures(directory)
    stale = any(not os.path.exists(os.path.join(out, os.path.basename(c) + ".tsv")) or
                os.path.getmtime(c) > os.path.getmtime(os.path.join(out, os.path.basename(c) + ".tsv"))
                for c in caps)
    if stale:
        subprocess.run([tool, directory, out], check=True)
    return caps


def ours(dump, cap):
    out = subprocess.run([dump, cap], capture_output=True, text=True)
    if out.returncode != 0 or out.stderr:
        sys.exit("analysis_dump %s: exit %d: %s" % (cap, out.returncode, out.stderr.strip()))
    rows = list(csv.DictReader(out.stdout.splitlines(), delimiter="\t"))
    return {int(r["frame.number"]): r for r in rows}


JSON_TIMES = ["ack_rtt", "rto", "initial_rtt"]


def json_row(obj):
    """One --json object as a row of the oracle's columns, or None if it is no TCP segment
    with a connection (what analysis_dump leaves out)."""
    tcp = obj.get("tcp")
    if not tcp or "stream" not in tcp:
        return None
    an = tcp["analysis"]
    notes = an.get("notes", [])
    not_analysed = any(n in notes for n in ["analysis.ip_fragment", "analysis.no_segment_length"])
    row = {"frame.number": str(obj["frame"]), "tcp.stream": str(tcp["stream"]),
           "ip.src": obj.get("ipv4", {}).get("src", ""),
           "ipv6.src": obj.get("ipv6", {}).get("src", "") if "ipv4" not in obj else "",
           "tcp.srcport": str(tcp.get("src_port", "")), "tcp.dstport": str(tcp.get("dst_port", "")),
           "tcp.seq_raw": str(tcp.get("seq", "")), "tcp.ack_raw": str(tcp.get("ack", "")),
           "tcp.len": "" if not_analysed or "payload_length" not in tcp
           else str(tcp["payload_length"]),
           "tcp.flags": "0x%04x" % tcp.get("flags", 0),
           "tcp.window_size_value": str(tcp.get("window", ""))}
    flags = set(an["flags"])
    for name in ["retransmission", "fast_retransmission", "spurious_retransmission",
                 "out_of_order", "lost_segment", "ack_lost_segment", "duplicate_ack",
                 "zero_window", "zero_window_probe", "zero_window_probe_ack", "window_full",
                 "window_update", "keep_alive", "keep_alive_ack", "reused_ports"]:
        row[a(name)] = "1" if name in flags else ""
    for name in ["duplicate_ack_num", "duplicate_ack_frame", "acks_frame", "bytes_in_flight",
                 "rto_frame"]:
        row[a(name)] = str(an[name]) if name in an else ""
    for name in JSON_TIMES:  # six decimals as nine, as tshark writes them
        row[a(name)] = an[name] + "000" if name in an else ""
    return row


def ours_json(program, cap):
    out = subprocess.run([program, "-r", cap, "--json"], capture_output=True, text=True,
                         env=dict(os.environ, TZ="UTC"))
    # stderr may say a link type is not decoded (as for tshark, nothing of it is TCP)
    if out.returncode != 0:
        sys.exit("%s -r %s --json: exit %d: %s" % (program, cap, out.returncode,
                                                   out.stderr.strip()))
    rows = {}
    for line in out.stdout.splitlines():
        r = json_row(json.loads(line))
        if r:
            rows[int(r["frame.number"])] = r
    return rows


def rtt_ns(text):
    return None if not text else int(Decimal(text) * 1000000000)


def same_segment(o, t):
    keys = ["tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.len"]
    return o is not None and all(o[k] == t[k] for k in keys)


def flow_key(r):
    src = r["ip.src"] or r["ipv6.src"]
    return (src, r["tcp.srcport"], r["tcp.dstport"]) if r["tcp.srcport"] < r["tcp.dstport"] else \
        (src, r["tcp.dstport"], r["tcp.srcport"])


def exact_fields(o, t):
    """(field, ours, tshark's) for each exactly compared field that differs."""
    out = []
    for name in EXACT_FLAGS:
        if o[a(name)] != t[a(name)]:
            out.append((name, o[a(name)], t[a(name)]))
    ko = "1" if any(o[a(k)] for k in RETRANS_KINDS) else ""
    kt = "1" if any(t[a(k)] for k in RETRANS_KINDS) else ""
    if ko != kt:
        out.append(("some_retransmission", ko, kt))
    for name in EXACT_VALUES:
        if o[a(name)] != t[a(name)]:
            out.append((name, o[a(name)], t[a(name)]))
    ro, rt = rtt_ns(o[a("ack_rtt")]), rtt_ns(t[a("ack_rtt")])
    if (ro is None) != (rt is None) or (ro is not None and abs(ro - rt) > 1000):
        out.append(("ack_rtt", o[a("ack_rtt")], t[a("ack_rtt")]))
    return out


def soft_fields(o, t):
    """field -> agrees, for each soft field that applies to this frame."""
    res = {}
    res["retransmission_kind"] = all(o[a(k)] == t[a(k)] for k in RETRANS_KINDS)
    if o[a("bytes_in_flight")] and t[a("bytes_in_flight")]:
        res["bytes_in_flight"] = o[a("bytes_in_flight")] == t[a("bytes_in_flight")]
    for name in ["window_full", "ack_lost_segment", "zero_window_probe_ack", "reused_ports",
                 "rto", "rto_frame", "initial_rtt"]:
        res[name] = o[a(name)] == t[a(name)]
    return res


class Tally:
    def __init__(self):
        self.frames = self.exact = self.rows = self.excluded = 0
        self.soft = {k: [0, 0] for k in SOFT + ["tcp.stream"]}
        self.field_diffs = {}

    def line(self, label):
        pct = lambda n, d: "%.2f%%" % (100.0 * n / d) if d else "n/a"
        s = ["%s: %d frames compared, exact fields agree on %d (%s), whole rows on %d (%s); "
             "%d frames left out" % (label, self.frames, self.exact, pct(self.exact, self.frames),
                                     self.rows, pct(self.rows, self.frames), self.excluded)]
        s.append("  soft: " + ", ".join("%s %d/%d" % (k, v[0], v[1])
                                        for k, v in self.soft.items() if v[1]))
        if self.field_diffs:
            s.append("  exact-field differences: " +
                     ", ".join("%s %d" % kv for kv in sorted(self.field_diffs.items())))
        return "\n".join(s)


def compare_capture(cap, label, ours_rows, theirs, tally, diffs):
    left_out = {flow_key(t) for f, t in theirs.items() if not same_segment(ours_rows.get(f), t)}
    stream_map, back_map = {}, {}
    for frame, t in sorted(theirs.items()):
        o = ours_rows.get(frame)
        if flow_key(t) in left_out:
            tally.excluded += 1
            continue
        tally.frames += 1
        d = exact_fields(o, t)
        if not d:
            tally.exact += 1
        for field, ov, tv in d:
            tally.field_diffs[field] = tally.field_diffs.get(field, 0) + 1
            diffs.append((label + "/" + os.path.basename(cap), str(frame), field, ov, tv))
        if all(o[k] == t[k] for k in t if k.startswith("tcp.analysis.") or k == "tcp.stream"):
            tally.rows += 1
        for field, ok in soft_fields(o, t).items():
            tally.soft[field][1] += 1
            tally.soft[field][0] += ok
        # tcp.stream: the same partition into connections, whatever the numbers.
        ok = stream_map.setdefault(o["tcp.stream"], t["tcp.stream"]) == t["tcp.stream"] and \
            back_map.setdefault(t["tcp.stream"], o["tcp.stream"]) == o["tcp.stream"]
        tally.soft["tcp.stream"][1] += 1
        tally.soft["tcp.stream"][0] += ok


def made(directory, command, *scripts):
    """Runs a capture generator unless its output is newer than the scripts (it is
    deterministic): unchanged captures keep their cached tshark results."""
    stamp = os.path.join(directory, ".made")
    if os.path.exists(stamp) and all(os.path.getmtime(stamp) >= os.path.getmtime(s)
                                     for s in scripts):
        return
    subprocess.run(command, check=True)
    open(stamp, "w").close()


def read_listed(path):
    listed = {}
    if os.path.exists(path):
        with open(path, newline="") as f:
            for r in csv.reader(f, delimiter="\t"):
                if not r or r[0].startswith("#") or r[0] == "capture":
                    continue
                listed[tuple(r[:5])] = r[5] if len(r) > 5 else ""
    return listed


def main():
    ap = argparse.ArgumentParser()
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--dump")
    source.add_argument("--program")
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--cases")
    ap.add_argument("--work", required=True)
    ap.add_argument("--differences", required=True)
    ap.add_argument("--random", type=int, default=0)
    ap.add_argument("--write-diffs", action="store_true")
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()

    sources = []
    if args.cases:
        cases_dir = os.path.join(args.work, "cases")
        made(cases_dir, [sys.executable, args.cases, cases_dir], args.cases)
        sources.append(("cases", cases_dir))
    if args.random:
        random_dir = os.path.join(args.work, "random")
        script = os.path.join(os.path.dirname(os.path.abspath(args.cases)), "make_random.py")
        made(random_dir, [sys.executable, script, random_dir, "1", str(args.random)], script,
             args.cases)
        sources.append(("random", random_dir))
    sources += [(os.path.basename(os.path.normpath(d)), d) for d in args.dirs]
    diffs, total, empty = [], Tally(), []
    for label, directory in sources:
        out = os.path.join(args.work, "tshark", label)
        tally = Tally()
        for cap in oracle_dir(args.oracle, directory, out):
            theirs = read_tsv(os.path.join(out, os.path.basename(cap) + ".tsv"))
            if theirs:
                rows = ours_json(args.program, cap) if args.program else ours(args.dump, cap)
                compare_capture(cap, label, rows, theirs, tally, diffs)
        print(tally.line(label))
        if tally.excluded and not tally.frames:
            empty.append(label)  # tshark saw TCP, nothing of ours matched: no verdicts read
        for k in ["frames", "exact", "rows", "excluded"]:
            setattr(total, k, getattr(total, k) + getattr(tally, k))
        for k, v in tally.soft.items():
            total.soft[k][0] += v[0]
            total.soft[k][1] += v[1]
        for k, v in tally.field_diffs.items():
            total.field_diffs[k] = total.field_diffs.get(k, 0) + v
    print(total.line("all"))

    listed = read_listed(args.differences)
    if args.write_diffs:
        with open(args.differences, "w", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["capture", "frame", "field", "ours", "tshark", "reason"])
            for d in diffs:
                w.writerow(list(d) + [listed.get(d, "UNREVIEWED")])
    found = set(diffs)
    unlisted = [d for d in diffs if d not in listed]
    stale = [d for d in listed if d not in found]
    unreviewed = [d for d in diffs if listed.get(d) in (None, "", "UNREVIEWED")]
    for d in unlisted:
        print("UNLISTED difference: %s" % "\t".join(d))
    for d in stale:
        print("STALE listed difference (no longer occurs): %s" % "\t".join(d))
    for d in unreviewed:
        if d in listed:
            print("UNREVIEWED difference (no reason given): %s" % "\t".join(d))
    for label in empty:
        print("NOTHING COMPARED in %s: tshark shows TCP there, none of our rows match" % label)
    bad = unlisted or stale or unreviewed or empty
    print("%d exact-field differences, all listed with a reason" % len(diffs)
          if not bad else "FAIL")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
