#!/usr/bin/env python3
"""The step-through page (--html), end to end.

1. Golden: the JSON embedded in the page of each demo recording (captures/demo/*) and of each
   capture in captures/ equals captures/expected/<name>.html.json (UPDATE=1 rewrites them).
2. A real browser (Debian's chromium-headless-shell) loads each demo page offline with #step=N for
   several N and dumps the DOM: one arrow per packet, the current step highlighted, the current
   packet's exact field values in the detail panel, French labels with &lang=fr.

Usage: page_test.py STACKSCOPE SOURCE_DIR
"""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--virtual-time-budget=3000"]
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def embedded(page):
    m = re.search(r'<script id="data" type="application/json">\n(.*?)\n</script>', page, re.S)
    return m.group(1) if m else None


def golden(binary, src, work):
    update = os.environ.get("UPDATE") == "1"
    cases = []
    for scen in sorted(os.listdir(os.path.join(src, "captures", "demo"))):
        cases.append(("demo-" + scen, [binary, "demo", scen, "--replay",
                                       os.path.join(src, "captures", "demo", scen)]))
    for f in sorted(os.listdir(os.path.join(src, "captures"))):
        if f.endswith(".pcap"):
            cases.append((f, [binary, "-r", os.path.join(src, "captures", f)]))
    pages = {}
    for name, cmd in cases:
        out = os.path.join(work, name + ".html")
        p = subprocess.run(cmd + ["--html", out], capture_output=True, text=True)
        check(p.returncode == 0 and p.stderr == "", "%s: exit %d %s" % (name, p.returncode, p.stderr))
        page = open(out, encoding="utf-8").read()
        pages[name] = (out, page)
        data = embedded(page)
        check(data is not None, "%s: no embedded data" % name)
        if data is None:
            continue
        json.loads(data)  # valid JSON
        check("http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page,
              "%s: the page refers to the network" % name)
        expected = os.path.join(src, "captures", "expected", name + ".html.json")
        if update:
            with open(expected, "w", encoding="utf-8") as f:
                f.write(data + "\n")
        want = open(expected, encoding="utf-8").read() if os.path.exists(expected) else None
        check(want == data + "\n", "%s: embedded JSON differs from %s" % (name, expected))
        # The packets are exactly what --json prints for the same capture.
        if name.endswith(".pcap"):
            j = subprocess.run([binary, "--json", "-r", os.path.join(src, "captures", name)],
                               capture_output=True, text=True).stdout
            check(json.loads(data)["packets"] == [json.loads(l) for l in j.splitlines()],
                  "%s: embedded packets differ from --json" % name)
    return pages


class Dom(html.parser.HTMLParser):
    """Collects what the checks need from a dumped DOM."""

    def __init__(self):
        super().__init__()
        self.arrows = 0
        self.current = None
        self.h2 = []
        self.cells = []
        self.tags = []
        self.stack = []
        self.text_target = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "")
        if tag == "g" and "arrow" in cls.split():
            self.arrows += 1
        if tag == "g" and "row" in cls.split() and "current" in cls.split():
            self.current = int(a.get("data-item", -1))
        if tag == "h2":
            self.text_target = ("h2", [])
        if tag == "div" and "cell" in cls.split() and "ruler" not in cls.split():
            self.text_target = ("cell", [])
        if tag == "span" and "tag" in cls.split():
            self.text_target = ("tag", [])

    def handle_data(self, data):
        if self.text_target:
            self.text_target[1].append(data)

    def handle_endtag(self, tag):
        if self.text_target and tag in ("h2", "div", "span"):
            kind, parts = self.text_target
            {"h2": self.h2, "cell": self.cells, "tag": self.tags}[kind].append("".join(parts))
            self.text_target = None


def dom(chrome, path, frag):
    p = subprocess.run([chrome] + CHROME_FLAGS + ["--user-data-dir=" + tempfile.mkdtemp(),
                                                  "--dump-dom", "file://%s#%s" % (path, frag)],
                       capture_output=True, text=True, timeout=120)
    d = Dom()
    d.feed(p.stdout)
    return d


def items_of(data):
    items = []
    if data["steps"]:
        for i, s in enumerate(data["steps"]):
            items.append(("call", i))
            for k in range(s["count"]):
                items.append(("pkt", s["first"] + k))
    else:
        items = [("pkt", i) for i in range(len(data["packets"]))]
    return items


def browser(pages):
    chrome = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    check(chrome is not None, "no chromium-headless-shell (scripts/install-deps --test)")
    if not chrome:
        return
    for name, (path, page) in sorted(pages.items()):
        if not name.startswith("demo-"):
            continue
        data = json.loads(embedded(page))
        items = items_of(data)
        pkts = [i for i, it in enumerate(items) if it[0] == "pkt"]
        data_pkts = [i for i in pkts if data["packets"][items[i][1]].get("tcp", {}).get("payload_length")]
        steps = sorted(set([0, len(items) - 1] + pkts[:1] + data_pkts[:1]))
        for n in steps:
            d = dom(chrome, path, "step=%d" % (n + 1))
            check(d.arrows == len(data["packets"]),
                  "%s step %d: %d arrows for %d packets" % (name, n + 1, d.arrows, len(data["packets"])))
            check(d.current == n, "%s step %d: highlighted item %s" % (name, n + 1, d.current))
            kind, idx = items[n]
            if kind == "pkt":
                p = data["packets"][idx]
                check(any(h.startswith("Packet #%d " % (idx + 1)) for h in d.h2),
                      "%s step %d: detail shows %s" % (name, n + 1, d.h2))
                want = ["Time to live %d" % p["ipv4"]["ttl"],
                        "Total length %d" % p["ipv4"]["total_length"],
                        "Identification %d" % p["ipv4"]["id"],
                        "Source port %d" % p["tcp"]["src_port"],
                        "Destination port %d" % p["tcp"]["dst_port"],
                        "Window %d" % p["tcp"]["window"]]
                for w in want:
                    check(w in d.cells, "%s step %d: no cell %r in %s" % (name, n + 1, w, d.cells[:12]))
                fr = dom(chrome, path, "step=%d&lang=fr" % (n + 1))
                check(any(h.startswith("Paquet #%d " % (idx + 1)) for h in fr.h2),
                      "%s step %d (fr): detail shows %s" % (name, n + 1, fr.h2))
                check("Durée de vie %d" % p["ipv4"]["ttl"] in fr.cells,
                      "%s step %d (fr): no French TTL cell in %s" % (name, n + 1, fr.cells[:12]))
            else:
                s = data["steps"][idx]
                check(any(h.startswith("Socket call") for h in d.h2),
                      "%s step %d: detail shows %s" % (name, n + 1, d.h2))


def cut_fields(chrome, pages):
    """crafted-lengths.pcap: a field that was not captured shows as a dash, never as a value;
    the first fragment of a UDP datagram counts this fragment's bytes of the datagram's."""
    if not chrome or "crafted-lengths.pcap" not in pages:
        return
    path = pages["crafted-lengths.pcap"][0]
    d = dom(chrome, path, "step=8")  # 3 bytes of TCP: the source port only
    check("Source port 40008" in d.cells, "crafted-lengths step 8: cells %s" % d.cells[-12:])
    for w in ("Destination port \u2014", "Sequence number \u2014", "Window \u2014"):
        check(w in d.cells, "crafted-lengths step 8: no cell %r in %s" % (w, d.cells[-12:]))
    d = dom(chrome, path, "step=1")  # IPv4 cut after the fragment offset
    for w in ("Fragment offset 441", "Identification 21", "Time to live \u2014"):
        check(w in d.cells, "crafted-lengths step 1: no cell %r in %s" % (w, d.cells[:16]))
    check(any("protocol \u2014" in h for h in d.h2), "crafted-lengths step 1: title %s" % d.h2)


def first_fragment(chrome, binary, work):
    """The first fragment of a UDP datagram whose IPv4 total length (296) runs past what the wire
    carried (79 bytes): the page counts the payload bytes this fragment carries as the C printers
    do (udp.fragment_payload_length, 37), not from the lying total length (268)."""
    if not chrome:
        return
    eth = bytes(12) + b"\x08\x00"
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 296, 1, 0x2000, 64, 17, 0, bytes([192, 0, 2, 1]),
                     bytes([192, 0, 2, 2]))
    udp = struct.pack("!HHHH", 1812, 8231, 4867, 0)
    frame = eth + ip + udp + b"x" * 37
    pcap = os.path.join(work, "first-fragment.pcap")
    with open(pcap, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        f.write(struct.pack("<IIII", 1700000000, 0, len(frame), len(frame)) + frame)
    j = subprocess.run([binary, "--json", "-r", pcap], capture_output=True, text=True).stdout
    check('"fragment_payload_length":37}' in j, "first fragment: --json %s" % j)
    page = os.path.join(work, "first-fragment.html")
    subprocess.run([binary, "-r", pcap, "--html", page], capture_output=True)
    d = dom(chrome, page, "step=1")
    check(any("37/4859" in t for t in d.tags), "first fragment: encapsulation tags %s" % d.tags)


def main():
    binary, src = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="stackscope-page-")
    pages = golden(binary, src, work)
    browser(pages)
    chrome = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    cut_fields(chrome, pages)
    first_fragment(chrome, binary, work)
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("%d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
