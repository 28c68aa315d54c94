#!/usr/bin/env python3
"""The step-through page (--html), end to end.

1. Golden: the JSON embedded in the page of each demo recording (captures/demo/*) and of each
   capture in captures/ equals captures/expected/<name>.html.json (UPDATE=1 rewrites them).
2. A real browser (Debian's chromium-headless-shell) loads each demo page offline with #step=N
   (the walkthrough's step N) or #packet=N for
   several N and dumps the DOM: one arrow per packet, the current step highlighted, the current
   packet's exact field values in the detail panel, French labels with &lang=fr.
3. UDP (the udp demo, dns_udp.pcap of the corpus): arrows by the datagram's direction, the UDP
   header as rows, UDP payloads in the summary; a datagram cut into IP fragments (afs.pcap) told
   as such on its first fragment; and each side's TCP state after a TCP packet, from
   --json's tcp.state, in both languages (a page without that key still works).
4. The TCP analysis on captures/tcp-analysis.pcap (a connection per behaviour): the marks on the
   right arrows with their tags, the legend, each verdict's reason in English and French, the
   fields, the calculated window, and the link that steps to the frame a verdict refers to.
5. Each demo step's sentence is the walkthrough's (the JSON's say_text against the text
   walkthrough, every step, both languages); the time-wait page tells its failed bind by
   TIME-WAIT and its setsockopt by SO_REUSEADDR in the browser, in English and French, also after
   the language buttons; the calls are numbered as the walkthrough's steps (its "step 9" can be
   found); a page without say_text still tells each call.
6. The same numbering as the walkthrough (#step=9: its step 9, #packet=4: packet #4, the toolbar
   saying both); the current step's element the only one with aria-current="step"; each
   packet's meaning and each recv's climb up the layers, the walkthrough's own lines, switched
   live by the language buttons; the payload as text and the hex dump's ASCII column; every
   label in the page's language (title, length word, short cell names, "label : value",
   singular below 2); each UDP flow of afs.pcap in the conversation list, the ladder's columns
   naming the conversation's addresses and ports.
8. The follow view (follow_view): the page's blocks for a conversation are --follow raw's, and
   the browser shows each block's direction, size and packet and each gap in words, in English
   and French, once the follow button (or #follow) opens it.
7. ICMP and ARP (crafted-protocols.pcap): arrows by the address pair (the echo reply goes back),
   labelled in words in both languages; ICMP's header as 32-bit rows; the summary's split by
   protocol (link, IPv4, IPv6, ICMP, ARP) and ICMP's data counted.

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
        # -r says what it reads as tcpdump does (64d400a); nothing else on stderr
        err = "".join(l for l in p.stderr.splitlines(True) if not l.startswith("reading from file "))
        check(p.returncode == 0 and err == "", "%s: exit %d %s" % (name, p.returncode, p.stderr))
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
        self.titles = []
        self.marks = {}      # packet number -> mark class ("retx", ...)
        self.mark_tags = {}  # packet number -> the tag text under its arrow
        self.legend = []
        self.refs = []       # items of the frames the current verdicts refer to (outlined)
        self.verdicts = []   # (data-flag, text) of the detail pane's verdicts
        self.fields = []     # the analysis fields: "label value"
        self.links = []      # (href, text) of the frame links
        self.body = {}
        self.stack = []
        self.text_target = None
        self.packet = None
        self.legend_depth = 0
        self.options = []      # the conversation list
        self.badges_heard = 0  # glyphs a screen reader would read out (there should be none)
        self.dirs = {}         # packet number -> the arrow's direction class (c2s, s2c, other)
        self.paras = []        # the text of every <p>
        self.state = None      # the text of the detail pane's TCP state line
        self.calls = []        # the ladder's socket calls, as labelled
        self.aria_current = []  # (tag, data-item) of each element with aria-current
        self.position = None   # the toolbar's "Step 9 of 16 · packet #4 of 11"
        self.title = None      # <title>
        self.h1 = None
        self.payload = None    # the data box's text
        self.ascii = ""        # the hex dump's ASCII column, all lines
        self.climb = None      # the climb up the receiver's layers (a recv step)
        self.cols = []         # the ladder's two column labels
        self.arrow_texts = []  # each arrow's label

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "")
        if "aria-current" in a:
            self.aria_current.append((tag, a.get("aria-current"), a.get("data-item")))
        if tag == "span" and a.get("id") == "position":
            self.text_target = ("position", [])
        if tag == "h1" or (tag == "title" and self.title is None):  # not the arrows' <title>
            self.text_target = (tag, [])
        if tag == "span" and "payload-text" in cls.split():
            self.text_target = ("payload", [])
        if tag == "span" and cls.split()[:1] == ["a"]:
            self.text_target = ("ascii", [])
        if tag == "pre" and a.get("id") == "climb":
            self.text_target = ("climb", [])
        if tag == "text" and cls == "col":
            self.text_target = ("col", [])
        if tag == "text" and self.packet is not None and not cls and not self.text_target:
            self.text_target = ("arrow_text", [])
        if tag == "body":
            self.body = a
        if tag == "g" and "arrow" in cls.split():
            self.arrows += 1
            self.packet = int(a["data-packet"])
            self.dirs[self.packet] = [c for c in cls.split() if c in ("c2s", "s2c", "other")][0]
            kinds = [c[5:] for c in cls.split() if c.startswith("mark-")]
            if kinds:
                self.marks[self.packet] = kinds[0]
        if tag == "text" and cls == "mark-tag":
            self.text_target = ("mark_tag", [])
        if tag == "option":
            self.text_target = ("option", [])
        if tag == "g" and cls == "call":
            self.text_target = ("call", [])
        if tag == "span" and "badge" in cls.split() and a.get("aria-hidden") != "true":
            self.badges_heard += 1
        if tag == "span" and self.text_target and self.text_target[0] == "legend":
            self.legend_depth += 1
        if tag == "span" and "legend-item" in cls.split():
            self.text_target = ("legend", [])
            self.legend_depth = 0
        if tag == "li" and "verdict" in cls.split():
            self.text_target = ("verdict", [a.get("data-flag")])
        if tag == "dt":
            self.text_target = ("field", [])
        if tag == "dd" and self.text_target and self.text_target[0] == "field":
            self.text_target[1].append(" ")
        if tag == "a" and "frame-link" in cls.split():
            self.links.append((a.get("href"), a.get("data-frame")))
        if tag == "g" and "row" in cls.split() and "current" in cls.split():
            self.current = int(a.get("data-item", -1))
        if tag == "g" and "row" in cls.split() and "ref" in cls.split():
            self.refs.append(int(a.get("data-item", -1)))
        if tag == "h2":
            self.text_target = ("h2", [])
        if tag == "div" and "cell" in cls.split() and "ruler" not in cls.split():
            self.text_target = ("cell", [])
            self.titles.append(a.get("title"))
        if tag == "span" and "tag" in cls.split():
            self.text_target = ("tag", [])
        if tag == "p" and not self.text_target:
            self.text_target = ("p", [a.get("id")])

    def handle_data(self, data):
        if self.text_target:
            self.text_target[1].append(data)

    def handle_endtag(self, tag):
        if not self.text_target:
            return
        kind, parts = self.text_target
        if kind in ("position", "title", "h1", "payload", "climb") and tag in ("span", "title", "h1", "pre"):
            setattr(self, kind, "".join(parts))
        elif kind == "ascii" and tag == "span":
            self.ascii += "".join(parts)
        elif kind == "col" and tag == "text":
            self.cols.append("".join(parts))
        elif kind == "arrow_text" and tag == "text":
            self.arrow_texts.append("".join(parts))
        elif kind == "mark_tag" and tag == "text":
            self.mark_tags[self.packet] = "".join(parts)
        elif kind == "legend" and tag == "span":
            if self.legend_depth:
                self.legend_depth -= 1
                return
            self.legend.append("".join(parts))
        elif kind == "verdict" and tag == "li":
            self.verdicts.append((parts[0], "".join(parts[1:])))
        elif kind == "p" and tag == "p":
            text = "".join(parts[1:])
            self.paras.append(text)
            if parts[0] == "state":
                self.state = text
        elif kind == "call" and tag == "text":
            self.calls.append("".join(parts))
        elif kind == "option" and tag == "option":
            self.options.append("".join(parts))
        elif kind == "field" and tag == "dd":
            self.fields.append(" ".join("".join(parts).split()))
        elif kind in ("h2", "cell", "tag") and tag in ("h2", "div", "span"):
            {"h2": self.h2, "cell": self.cells, "tag": self.tags}[kind].append("".join(parts))
        else:
            return
        self.text_target = None


def dom(chrome, path, frag):
    p = subprocess.run([chrome] + CHROME_FLAGS + ["--user-data-dir=" + tempfile.mkdtemp(),
                                                  "--dump-dom", "file://%s#%s" % (path, frag)],
                       capture_output=True, text=True, timeout=120)
    d = Dom()
    d.feed(p.stdout)
    return d


def window_cell(t):
    """The window cell: the raw value, and where the handshake scaled it, the factor and the
    window in bytes (tcp.window_size)."""
    if t.get("window_size", t["window"]) == t["window"] or not t["window"]:
        return "Window %d" % t["window"]
    return "Window %d (\u00d7 %d = %d)" % (t["window"], t["window_size"] // t["window"], t["window_size"])


def frag_of(items, n):
    """The URL fragment of item n (0-based), numbered as the walkthrough: a call is its step
    (#step=9), a packet its number (#packet=4)."""
    kind, idx = items[n]
    return ("step=%d" if kind == "call" else "packet=%d") % (idx + 1)


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
        data_pkts = [i for i in pkts if data["packets"][items[i][1]].get("tcp", {}).get("payload_length")
                     or data["packets"][items[i][1]].get("udp")]
        steps = sorted(set([0, len(items) - 1] + pkts[:1] + data_pkts[:1]))
        for n in steps:
            d = dom(chrome, path, frag_of(items, n))
            check(d.arrows == len(data["packets"]),
                  "%s step %d: %d arrows for %d packets" % (name, n + 1, d.arrows, len(data["packets"])))
            check(d.current == n, "%s step %d: highlighted item %s" % (name, n + 1, d.current))
            # the current step's element, and only it, says so as ARIA does
            check(d.aria_current == [("g", "step", str(n))],
                  "%s %s: aria-current on %s" % (name, frag_of(items, n), d.aria_current))
            kind, idx = items[n]
            if kind == "pkt":
                p = data["packets"][idx]
                check(any(h.startswith("Packet #%d " % (idx + 1)) for h in d.h2),
                      "%s step %d: detail shows %s" % (name, n + 1, d.h2))
                want = ["Time to live %d" % p["ipv4"]["ttl"],
                        "Total length %d" % p["ipv4"]["total_length"],
                        "Identification %d" % p["ipv4"]["id"]]
                if "tcp" in p:
                    want += ["Source port %d" % p["tcp"]["src_port"],
                             "Destination port %d" % p["tcp"]["dst_port"], window_cell(p["tcp"])]
                else:
                    want += ["Source port %d" % p["udp"]["src_port"],
                             "Destination port %d" % p["udp"]["dst_port"],
                             "Length %d" % p["udp"]["length"]]
                for w in want:
                    check(w in d.cells, "%s step %d: no cell %r in %s" % (name, n + 1, w, d.cells[:12]))
                fr = dom(chrome, path, frag_of(items, n) + "&lang=fr")
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
    d = dom(chrome, path, "packet=8")  # 3 bytes of TCP: the source port only
    check("Source port 40008" in d.cells, "crafted-lengths step 8: cells %s" % d.cells[-12:])
    for w in ("Destination port \u2014", "Sequence number \u2014", "Window \u2014"):
        check(w in d.cells, "crafted-lengths step 8: no cell %r in %s" % (w, d.cells[-12:]))
    d = dom(chrome, path, "packet=1")  # IPv4 cut after the fragment offset
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
    d = dom(chrome, page, "packet=1")
    check(any("37/4859" in t for t in d.tags), "first fragment: encapsulation tags %s" % d.tags)


# captures/tcp-analysis.pcap (captures/make_analysis.py): the arrows the ladder marks, by packet
# number, and the tag under each (its verdicts' one-line tags).
ANALYSIS_MARKS = {
    5: ("retx", "retransmission of #4"),
    12: ("retx", "spurious retransmission, acked in #11"),
    21: ("dup", "dup ack 1 of #20"), 22: ("dup", "dup ack 2 of #20"), 23: ("dup", "dup ack 3 of #20"),
    24: ("retx", "fast retransmission of #17"),
    29: ("loss", "lost segment before"), 30: ("loss", "out of order"),
    35: ("win", "zero window"), 36: ("win", "zero window probe"),
    37: ("win", "zero window \u00b7 zero window probe ack"), 38: ("win", "window update"),
    45: ("ka", "keep-alive"), 46: ("ka", "keep-alive ack"), 47: ("ka", "keep-alive"),
    48: ("ka", "keep-alive ack"), 49: ("ka", "keep-alive ack"),
    53: ("win", "window full"), 55: ("win", "window full"),
    60: ("loss", "acks unseen segment"),
    61: ("dup", "dup ack 1 of #60"), 62: ("dup", "dup ack 2 of #60"), 63: ("dup", "dup ack 3 of #60"),
    70: ("ports", "ports reused"),
    74: ("retx", "retransmission of #73"),
    86: ("retx", "retransmission of #84"),
}

# A test-only script added to a copy of the page: follows the first frame link of the detail
# pane as a click does, then goes Back, and leaves what it saw in <body data-test>.
FOLLOW_LINK = """<script>
window.addEventListener('load', function () { setTimeout(function () {
  var a = document.querySelector('#analysis a.frame-link'), log = {};
  function cur() { return +document.querySelector('.row.current').getAttribute('data-item'); }
  function done() { document.body.setAttribute('data-test', JSON.stringify(log)); }
  if (!a) return done();
  log.tab = a.tabIndex; log.href = a.getAttribute('href'); log.before = cur();
  a.focus(); a.click();
  setTimeout(function () {
    log.after = cur();
    log.h2 = document.querySelector('#detail-body h2').textContent;
    log.focus = document.activeElement === document.querySelector('#detail-body h2');
    history.back();
    setTimeout(function () { log.back = cur(); done(); }, 300);
  }, 300);
}, 100); });
</script>
"""


def follow_link(chrome, path, frag):
    page = open(path, encoding="utf-8").read().replace("</body>", FOLLOW_LINK + "</body>")
    test_path = path[:-5] + "-follow.html"
    with open(test_path, "w", encoding="utf-8") as f:
        f.write(page)
    d = dom(chrome, test_path, frag)
    return json.loads(d.body.get("data-test") or "{}")


def analysis_page(chrome, pages):
    """tcp-analysis.pcap: the marks on the right arrows, the legend, each verdict's reason in
    both languages, the analysis fields, the calculated window, the frame links."""
    if not chrome or "tcp-analysis.pcap" not in pages:
        return
    path, page = pages["tcp-analysis.pcap"]
    data = json.loads(embedded(page))
    d = dom(chrome, path, "packet=1")
    check(d.arrows == 87, "tcp-analysis: %d arrows" % d.arrows)
    check({n: m for n, m in d.marks.items()} == {n: m[0] for n, m in ANALYSIS_MARKS.items()},
          "tcp-analysis: marked arrows %s" % sorted(d.marks.items()))
    check(d.mark_tags == {n: m[1] for n, m in ANALYSIS_MARKS.items()},
          "tcp-analysis: tags %s" % sorted(d.mark_tags.items()))
    # Every packet with a verdict has a mark, and only those (the JSON's flags).
    flagged = {i + 1 for i, p in enumerate(data["packets"]) if p["tcp"]["analysis"]["flags"]}
    check(flagged == set(d.marks), "tcp-analysis: flagged %s marked %s" % (sorted(flagged), sorted(d.marks)))
    # The IPv6 connection is named in the conversation list like the others; the ports reused by
    # a second connection (streams 8 and 9) are told apart by their stream.
    check(d.options[-1:] == ["[2001:db8::1]:40011 \u2194 [2001:db8::2]:80"] and len(d.options) == 13,
          "tcp-analysis: conversations %s" % d.options)
    check(d.options[9:11] == ["10.0.0.1:40009 \u2194 10.0.0.2:80 (Stream 8)",
                              "10.0.0.1:40009 \u2194 10.0.0.2:80 (Stream 9)"],
          "tcp-analysis: reused ports in the conversations %s" % d.options[9:11])
    check(d.legend == ["\u21bbretransmission", "\u2261duplicate ACK",
                       "\u2715lost, unseen or out of order", "\u25adwindow", "\u2665keep-alive",
                       "\u21c6ports reused"], "tcp-analysis: legend %s" % d.legend)

    d = dom(chrome, path, "packet=5")
    check(d.verdicts == [("retransmission", "\u21bbretransmission of #4: bytes 1\u2013100 were first "
                          "sent in frame 4, 400 ms earlier, and not acknowledged since. see frame #4")],
          "tcp-analysis packet 5: verdicts %s" % d.verdicts)
    check(d.fields == ["Bytes in flight 100", "Time since first sent (RTO) 400 ms (#4)",
                       "Handshake RTT 20 ms"], "tcp-analysis packet 5: fields %s" % d.fields)
    check(d.links == [("#packet=4", "4"), ("#packet=4", "4")], "tcp-analysis packet 5: links %s" % d.links)
    check(d.refs == [3], "tcp-analysis packet 5: outlined rows %s" % d.refs)
    check(d.badges_heard == 0, "tcp-analysis packet 5: %d glyphs not hidden from screen readers" % d.badges_heard)
    fr = dom(chrome, path, "packet=5&lang=fr")
    check(fr.verdicts == [("retransmission", "\u21bbretransmission de #4\u00a0: les octets 1\u2013100 ont "
                           "d'abord \u00e9t\u00e9 envoy\u00e9s dans la trame 4, 400 ms plus t\u00f4t, et "
                           "n'ont pas \u00e9t\u00e9 acquitt\u00e9s depuis. voir la trame #4")],
          "tcp-analysis packet 5 (fr): verdicts %s" % fr.verdicts)
    check(fr.fields == ["Octets en transit 100", "Temps depuis le premier envoi (RTO) 400 ms (#4)",
                        "RTT de la poign\u00e9e de main 20 ms"], "tcp-analysis packet 5 (fr): %s" % fr.fields)
    check(fr.links == [("#packet=4&lang=fr", "4"), ("#packet=4&lang=fr", "4")],
          "tcp-analysis packet 5 (fr): links %s" % fr.links)

    # A fast retransmission: its kind first, the plain retransmission beside it after.
    d = dom(chrome, path, "packet=24")
    check([v[0] for v in d.verdicts] == ["fast_retransmission", "retransmission"],
          "tcp-analysis packet 24: verdicts %s" % d.verdicts)
    check(d.verdicts and d.verdicts[0][1].startswith(
        "\u21bbfast retransmission of #17: the peer asked again for byte 101 in 3 duplicate ACKs "
        "(the last in frame 23, 2 ms earlier)"), "tcp-analysis packet 24: %s" % d.verdicts[:1])
    # A duplicate ACK: its number and the ACK it repeats; the ACK's RTT in microseconds.
    d = dom(chrome, path, "packet=22")
    # its window held against the previous ACK (#21), its ACK number against #20's
    check(d.verdicts == [("duplicate_ack", "\u2261dup ack 2 of #20: the same acknowledgement number "
                          "(101) as frame 20, 2 ms earlier, the same window as its previous ACK "
                          "(frame 21), and no data: duplicate number 2. see frame #20")],
          "tcp-analysis packet 22: %s" % d.verdicts)
    check("Duplicate ACK number 2 (#20)" in d.fields, "tcp-analysis packet 22: fields %s" % d.fields)
    d = dom(chrome, path, "packet=6")
    check(d.fields[:1] == ["Acknowledges frame #4 \u00b7 RTT 420 ms"], "tcp-analysis packet 6: %s" % d.fields)
    fr = dom(chrome, path, "packet=37&lang=fr")
    check(fr.verdicts == [("zero_window", "\u25adfen\u00eatre nulle\u00a0: la fen\u00eatre vaut 0\u00a0: le tampon "
                           "de r\u00e9ception de ce c\u00f4t\u00e9 est plein et le pair doit cesser "
                           "d'envoyer. "),
                          ("zero_window_probe_ack", "\u25adr\u00e9ponse \u00e0 la sonde\u00a0: r\u00e9pond \u00e0 "
                           "la sonde de fen\u00eatre nulle de la trame 36\u00a0: la fen\u00eatre vaut "
                           "toujours 0. voir la trame #36")], "tcp-analysis packet 37 (fr): %s" % fr.verdicts)

    # The calculated window (shift 3 from the handshake): in the cell and, whole, in its title.
    d = dom(chrome, path, "packet=53")
    check("Window 65535 (\u00d7 8 = 524280)" in d.cells, "tcp-analysis packet 53: cells %s" % d.cells[-8:])
    check("Window: 65535 (\u00d7 8 = 524280 bytes)" in d.titles, "tcp-analysis packet 53: titles %s" % d.titles[-8:])
    fr = dom(chrome, path, "packet=53&lang=fr")
    check("Fen\u00eatre\u00a0: 65535 (\u00d7 8 = 524280 octets)" in fr.titles,
          "tcp-analysis packet 53 (fr): titles %s" % fr.titles[-8:])
    d = dom(chrome, path, "packet=1")  # a SYN: never scaled
    check("Window: 65535 bytes (never scaled in a SYN)" in d.titles, "tcp-analysis packet 1: %s" % d.titles[-8:])

    # The link steps to the frame the verdict refers to, focus on that frame's heading; Back returns.
    got = follow_link(chrome, path, "packet=5")
    check(got == {"tab": 0, "href": "#packet=4", "before": 4, "after": 3,
                  "h2": "Packet #4 \u00b7 client \u2192 server \u00b7 40001 PSH,ACK seq 1 ack 1 len 100",
                  "focus": True, "back": 4}, "tcp-analysis: following the link of step 5: %s" % got)
    # Outside the conversation shown, the link shows all conversations.
    conv70 = data["conn"][69]
    got = follow_link(chrome, path, "packet=70&conv=%d" % conv70)
    check(got.get("href") == "#packet=69&conv=all" and got.get("after") == 68,
          "tcp-analysis: the link of step 70 (ports reused) in its conversation: %s" % got)


def udp_pages(chrome, binary, src, pages, work):
    """The udp demo and a DNS query and answer (dns_udp.pcap): each arrow the way its datagram
    went, the UDP header's rows with the packet's values, the datagrams' payload in the summary."""
    if not chrome:
        return
    path = pages["demo-udp"][0]
    d = dom(chrome, path, "packet=1")  # the client's datagram, as the server's recvfrom gets it
    check(d.dirs == {1: "c2s", 2: "s2c"}, "demo-udp: arrows %s" % d.dirs)
    check(any(h.startswith("Packet #1 \u00b7 client \u2192 server \u00b7 UDP ") and h.endswith(" > 5005 len 18")
              for h in d.h2), "demo-udp step 6: %s" % d.h2)
    for w in ("Length 26", "Checksum 0xfe2d partial", "Destination port 5005", "Protocol 17 UDP"):
        check(w in d.cells, "demo-udp step 6: no cell %r in %s" % (w, d.cells))
    check(d.tags == ["link header \u00b7 14 bytes", "IPv4 header \u00b7 20 bytes",
                     "UDP header \u00b7 8 bytes", "data \u00b7 18 bytes"], "demo-udp step 6: tags %s" % d.tags)
    check("datagram: the whole message in one packet; no ACK will answer it" in d.paras,
          "demo-udp packet 1: %s" % d.paras)
    check("2 packets, 35 bytes of application data, 84 bytes of headers: 71% of the bytes on the "
          "wire were headers." in d.paras and "Headers: link 28, IPv4 40, UDP 16 bytes." in d.paras,
          "demo-udp summary: %s" % d.paras)
    check(d.state is None, "demo-udp step 6: a TCP state on a datagram: %s" % d.state)
    d = dom(chrome, path, "step=5")  # the client's sendto (the walkthrough's step 5)
    check("sendto(b'MessageVersServeur', ('127.0.0.1', 5005)) -> 18 bytes" in d.paras and
          "sends one datagram to this address: no connection first, UDP sends it at once" in d.paras,
          "demo-udp step 5: %s" % d.paras)
    fr = dom(chrome, path, "packet=1&lang=fr")
    check("Longueur 26" in fr.cells and "Somme de contr\u00f4le 0xfe2d partielle" in fr.cells,
          "demo-udp step 6 (fr): %s" % fr.cells)
    check("En-t\u00eates\u00a0: liaison 28, IPv4 40, UDP 16\u00a0octets." in fr.paras, "demo-udp (fr): %s" % fr.paras)
    fr = dom(chrome, path, "step=1&lang=fr")
    check("cr\u00e9e une extr\u00e9mit\u00e9 UDP/IPv4 (SOCK_DGRAM)\u00a0; rien ne passe sur le r\u00e9seau" in fr.paras,
          "demo-udp step 1 (fr): %s" % fr.paras)

    dns = os.path.join(src, "..", "shared", "corpus", "tcpdump-tests", "dns_udp.pcap")
    if not os.path.exists(dns):
        check(False, "no %s" % dns)
        return
    page = os.path.join(work, "dns_udp.html")
    p = subprocess.run([binary, "-r", dns, "--html", page], capture_output=True, text=True)
    check(p.returncode == 0, "dns_udp: exit %d %s" % (p.returncode, p.stderr))
    d = dom(chrome, page, "packet=2")
    check(d.dirs == {1: "c2s", 2: "s2c"}, "dns_udp: arrows %s (the answer goes back)" % d.dirs)
    for w in ("Source port 53", "Destination port 43966", "Length 232", "Checksum 0xc454 good"):
        check(w in d.cells, "dns_udp step 2: no cell %r in %s" % (w, d.cells))
    check("2 packets, 280 bytes of application data, 84 bytes of headers: 23% of the bytes on "
          "the wire were headers." in d.paras, "dns_udp summary: %s" % d.paras)


def fragmented_datagram(chrome, binary, src, work):
    """afs.pcap of the corpus: frame 125 is the first of four IP fragments of one 5692-byte
    datagram (udp.fragment_payload_length 1472): the page says it is the first fragment and how
    much it carries, not "the whole message in one packet", which frame 124 still says."""
    afs = os.path.join(src, "..", "shared", "corpus", "tcpdump-tests", "afs.pcap")
    if not chrome:
        return
    if not os.path.exists(afs):
        check(False, "no %s" % afs)
        return
    page = os.path.join(work, "afs.html")
    p = subprocess.run([binary, "-r", afs, "--html", page], capture_output=True, text=True)
    check(p.returncode == 0, "afs: exit %d %s" % (p.returncode, p.stderr))
    whole = "datagram: the whole message in one packet; no ACK will answer it"
    first = ("the first fragment of a datagram too big for one IP packet: it carries the UDP "
             "header and 1472 of the 5692 data bytes, the later fragments the rest; no ACK will "
             "answer it")
    d = dom(chrome, page, "packet=125")
    check(first in d.paras and whole not in d.paras, "afs step 125: %s" % d.paras)
    d = dom(chrome, page, "packet=124")
    check(whole in d.paras and first not in d.paras, "afs step 124: %s" % d.paras)
    fr = dom(chrome, page, "packet=125&lang=fr")
    check("le premier fragment d'un datagramme trop grand pour un seul paquet IP\u00a0: il porte "
          "l'en-t\u00eate UDP et 1472 des 5692\u00a0octets de donn\u00e9es, les fragments suivants le "
          "reste\u00a0; aucun ACK n'y r\u00e9pondra" in fr.paras, "afs step 125 (fr): %s" % fr.paras)


def states(chrome, pages, work):
    """Each side's TCP state after a packet, from --json's tcp.state (the sender's src, the
    receiver's dst), as client and server in the reader's language; a page whose JSON has no
    such key (an older stackscope's) shows none and still works."""
    if not chrome:
        return
    path, page = pages["demo-exchange"]
    data = json.loads(embedded(page))
    st = data["packets"][1]["tcp"].get("state")
    check(st is not None, "demo-exchange: no tcp.state in --json")
    if st is None:
        return
    names = {"en": lambda s: s or "\u2014"}
    d = dom(chrome, path, "packet=2")
    check(d.state == "TCP state after this packet: client %s, server %s" % (
        names["en"](st["dst"]), names["en"](st["src"])), "demo-exchange SYN-ACK: state %s" % d.state)
    fr_names = {"ESTABLISHED": "\u00e9tablie", "SYN-RECEIVED": "SYN\u00a0re\u00e7u",
                "SYN-SENT": "SYN\u00a0envoy\u00e9", "LISTEN": "en\u00a0\u00e9coute", None: "\u2014"}
    fr = dom(chrome, path, "packet=2&lang=fr")
    check(fr.state == "\u00c9tat TCP apr\u00e8s ce paquet\u00a0: c\u00f4t\u00e9 client \u00ab\u00a0%s\u00a0\u00bb, "
          "c\u00f4t\u00e9 serveur \u00ab\u00a0%s\u00a0\u00bb" % (fr_names.get(st["dst"], st["dst"]),
                                                    fr_names.get(st["src"], st["src"])),
          "demo-exchange SYN-ACK (fr): state %s" % fr.state)
    # The key's absence: no state line, the packet still shown.
    old = re.sub(r',"state":\{[^}]*\}', "", page)
    check(old != page, "demo-exchange: no state key to remove")
    old_path = os.path.join(work, "demo-exchange-nostate.html")
    with open(old_path, "w", encoding="utf-8") as f:
        f.write(old)
    d = dom(chrome, old_path, "packet=2")
    check(d.state is None and any(h.startswith("Packet #2 ") for h in d.h2),
          "demo-exchange without tcp.state: state %s, h2 %s" % (d.state, d.h2))


CALLS = ["socket", "setsockopt", "bind", "listen", "accept", "connect", "sendall", "recv", "close",
         "sendto", "recvfrom"]


def walkthrough_blocks(binary, scen, src, lang):
    """The text walkthrough of a demo recording, cut into its steps: step number -> the step's
    lines (its header up to the next step's), whitespace collapsed (the walkthrough wraps)."""
    out = subprocess.run([binary, "demo", scen, "--replay", os.path.join(src, "captures", "demo", scen),
                          "--lang", lang], capture_output=True, text=True).stdout
    blocks, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^([ \d]\d) \S.*? (%s)\(" % "|".join(CALLS), line)  # "%2zu actor call("
        if m:
            cur = int(m.group(1))
            blocks[cur] = []
        elif line and not line.startswith(" "):
            cur = None  # the ladder, the summary
        if cur is not None:
            blocks[cur].append(line)
    return {k: " ".join(" ".join(v).split()) for k, v in blocks.items()}


# A test-only script added to a copy of the page: switches the language with its button, as a
# reader does, and leaves the call's sentence before and after in <body data-test>.
SWITCH_LANG = """<script>
window.addEventListener('load', function () { setTimeout(function () {
  function say() { var e = document.querySelector('#detail-body p.explain'); return e ? e.textContent : null; }
  var log = { before: say() };
  document.getElementById('lang-fr').click();
  log.fr = say();
  document.getElementById('lang-en').click();
  log.en = say();
  document.body.setAttribute('data-test', JSON.stringify(log));
}, 100); });
</script>
"""


def step_sentences(chrome, binary, src, pages, work):
    """Each demo step's sentence on the page is the one the text walkthrough chose for it
    (wt_step_say, embedded as say/say_text): checked in the JSON for every step of every demo in
    both languages; on the time-wait page in the browser, step 14's failed bind names TIME-WAIT
    and the step of the server's close, the setsockopt steps name SO_REUSEADDR (not the
    TCP_MAXSEG sentence), in English and in French, by the URL and by the language buttons; a
    page without say_text (an older stackscope's) still tells each call."""
    for name, (path, page) in sorted(pages.items()):
        if not name.startswith("demo-"):
            continue
        scen, data = name[5:], json.loads(embedded(page))
        for lang in ("en", "fr"):
            blocks = walkthrough_blocks(binary, scen, src, lang)
            for k, st in enumerate(data["steps"]):
                say = " ".join(st.get("say_text", {}).get(lang, "").split())
                check(say and say in blocks.get(k + 1, ""),
                      "%s step %d (%s): page sentence %r not in the walkthrough's %r" % (
                          name, k + 1, lang, say, blocks.get(k + 1, "")[:160]))
                check(st.get("say") and data["texts"][lang].get(st["say"]) is not None,
                      "%s step %d: say %r is no message" % (name, k + 1, st.get("say")))
    if not chrome:
        return
    path, page = pages["demo-time-wait"]
    data = json.loads(embedded(page))
    items = items_of(data)
    steps = data["steps"]
    item = {k: k + 1 for k in range(len(steps))}  # #step=N: the walkthrough's step N
    bind = [k for k, st in enumerate(steps) if st["call"] == "bind" and st["err"] == "EADDRINUSE"]
    opts = [k for k, st in enumerate(steps) if st["call"] == "setsockopt"]
    check(bind == [13] and opts == [1, 16], "demo-time-wait: failed bind %s, setsockopt %s" % (bind, opts))
    close = [k for k, st in enumerate(steps) if st["call"] == "close" and st["server"] and
             not st["unconnected"]]
    check(close == [8], "demo-time-wait: the server's close %s" % close)
    want = {("en", 13): "EADDRINUSE: no socket listens on this port any more, but the old connection "
                        "still holds it: the server closed first (step 9), so its side is in TIME-WAIT.",
            ("fr", 13): "EADDRINUSE\u00a0: plus aucune socket n'\u00e9coute sur ce port, mais l'ancienne "
                        "connexion le retient encore\u00a0: le serveur a ferm\u00e9 en premier (\u00e9tape 9), "
                        "son c\u00f4t\u00e9 est donc en TIME-WAIT."}
    for k in opts:
        want[("en", k)] = ("SO_REUSEADDR: bind may take a port that old connections in TIME-WAIT still "
                           "hold (never one a socket listens on)")
        want[("fr", k)] = ("SO_REUSEADDR\u00a0: bind pourra prendre un port que d'anciennes connexions en "
                           "TIME-WAIT retiennent encore (jamais un port sur lequel une socket \u00e9coute)")
    for (lang, k), w in sorted(want.items()):
        d = dom(chrome, path, "step=%d" % item[k] + ("&lang=fr" if lang == "fr" else ""))
        check(w in d.paras, "demo-time-wait step %d (item %d, %s): %s" % (k + 1, item[k], lang, d.paras))
        check(not any("1000" in x or "another socket" in x or "autre socket" in x for x in d.paras),
              "demo-time-wait step %d (%s): the call's old sentence: %s" % (k + 1, lang, d.paras))
    # "step 9" is findable: the calls are numbered as the walkthrough numbers them.
    d = dom(chrome, path, "step=%d" % item[8])
    check("Socket call 9 \u00b7 server" in d.h2, "demo-time-wait step 9: %s" % d.h2)
    check(len(d.calls) == len(steps) and d.calls[8] == "9 server: close()" and
          d.calls[13] == "14 server: bind() EADDRINUSE", "demo-time-wait: ladder calls %s" % d.calls)
    fr = dom(chrome, path, "step=%d&lang=fr" % item[8])
    check("Appel socket 9 \u00b7 serveur" in fr.h2, "demo-time-wait step 9 (fr): %s" % fr.h2)
    # The language buttons switch the sentence live.
    switch = open(path, encoding="utf-8").read().replace("</body>", SWITCH_LANG + "</body>")
    switch_path = os.path.join(work, "demo-time-wait-switch.html")
    with open(switch_path, "w", encoding="utf-8") as f:
        f.write(switch)
    for k in (13, 1):
        got = json.loads(dom(chrome, switch_path, "step=%d" % item[k]).body.get("data-test") or "{}")
        check(got == {"before": want[("en", k)], "fr": want[("fr", k)], "en": want[("en", k)]},
              "demo-time-wait step %d: the language buttons: %s" % (k + 1, got))
    # A page from before say_text: each call still told, by its call and error.
    old = re.sub(r',"say":"[A-Z_]*","say_text":\{"en":"(?:[^"\\]|\\.)*","fr":"(?:[^"\\]|\\.)*"\}',
                 "", page)
    check("say_text" not in embedded(old) and old != page, "demo-time-wait: say_text left in the old page")
    old_path = os.path.join(work, "demo-time-wait-nosay.html")
    with open(old_path, "w", encoding="utf-8") as f:
        f.write(old)
    d = dom(chrome, old_path, "step=%d" % item[2])
    check("attaches the socket to a port, on all interfaces" in d.paras,
          "demo-time-wait without say_text, step 3: %s" % d.paras)
    d = dom(chrome, old_path, "step=%d" % item[13])
    check(any(x.startswith("EADDRINUSE: another socket already owns this port.") for x in d.paras),
          "demo-time-wait without say_text, step 14: %s" % d.paras)


def numbering(chrome, binary, src, pages):
    """The page numbers as the walkthrough does: #step=9 is the walkthrough's step 9 (a call),
    #packet=4 packet #4; the toolbar gives the step and, on a packet, the packet too; a capture
    without calls counts packets (its #step=N is packet N)."""
    if not chrome:
        return
    path = pages["demo-exchange"][0]
    blocks = walkthrough_blocks(binary, "exchange", src, "en")
    check(blocks.get(9, "").startswith("9 client sendall("), "walkthrough step 9: %s" % blocks.get(9, "")[:60])
    d = dom(chrome, path, "step=9")
    check(d.links == [("#packet=4", "4"), ("#packet=5", "5")], "demo-exchange #step=9: packet links %s" % d.links)
    check("Socket call 9 \u00b7 client" in d.h2 and d.position == "Step 9 of 16",
          "demo-exchange #step=9: %s, %s" % (d.h2, d.position))
    check(len(d.aria_current) == 1 and d.aria_current[0][2] == str(d.current),
          "demo-exchange #step=9: aria-current %s, current %s" % (d.aria_current, d.current))
    d = dom(chrome, path, "packet=4")
    check(any(h.startswith("Packet #4 ") for h in d.h2) and
          d.position == "Step 9 of 16 \u00b7 packet #4 of 11", "demo-exchange #packet=4: %s, %s" % (d.h2, d.position))
    fr = dom(chrome, path, "packet=4&lang=fr")
    check(fr.position == "\u00c9tape 9 sur 16 \u00b7 paquet n\u00ba\u00a04 sur 11", "demo-exchange #packet=4 (fr): %s" % fr.position)
    fr = dom(chrome, path, "step=9&lang=fr")
    check(fr.position == "\u00c9tape 9 sur 16", "demo-exchange #step=9 (fr): %s" % fr.position)
    cap = pages["http-fetch.pcap"][0]
    for frag in ("packet=4", "step=4"):
        d = dom(chrome, cap, frag)
        check(d.position == "Packet 4 of 12" and any(h.startswith("Packet #4 ") for h in d.h2),
              "http-fetch #%s: %s, %s" % (frag, d.position, d.h2))


# A test-only script added to a copy of the page: the packet's meaning lines and the data box's
# text, then the same after each language button, in <body data-test>.
SWITCH_MEANING = """<script>
window.addEventListener('load', function () { setTimeout(function () {
  function now() {
    var m = [].map.call(document.querySelectorAll('#detail-body p.meaning'), function (e) { return e.textContent; });
    var q = document.getElementById('payload-text'), c = document.getElementById('climb');
    return { meaning: m, payload: q ? q.textContent : null, climb: c ? c.textContent : null,
             title: document.title, h1: document.getElementById('title').textContent,
             hash: location.hash };
  }
  var log = { before: now() };
  document.getElementById('lang-fr').click();
  log.fr = now();
  document.getElementById('lang-en').click();
  log.en = now();
  document.body.setAttribute('data-test', JSON.stringify(log));
}, 100); });
</script>
"""


def meanings(chrome, binary, src, pages, work):
    """Each packet's meaning (its flags' sentence, what it acknowledges, the state change) and
    each recv's climb up the receiver's layers are the walkthrough's own lines (html.c embeds
    them from wt_packet_meaning and wt_step_climbs): checked in the JSON against the text
    walkthrough for every packet and step of every demo, both languages; in the browser, shown
    in the detail pane in the page's language and switched live by the language buttons."""
    for name, (path, page) in sorted(pages.items()):
        if not name.startswith("demo-"):
            continue
        scen, data = name[5:], json.loads(embedded(page))
        check(len(data.get("meaning", [])) == len(data["packets"]),
              "%s: %d meanings for %d packets" % (name, len(data.get("meaning", [])), len(data["packets"])))
        for lang in ("en", "fr"):
            blocks = walkthrough_blocks(binary, scen, src, lang)
            whole = " ".join(blocks.values())
            for i, m in enumerate(data.get("meaning", [])):
                for line in m[lang]:
                    check(" ".join(line.split()) in whole,
                          "%s packet %d (%s): %r not in the walkthrough" % (name, i + 1, lang, line))
            for k, st in enumerate(data["steps"]):
                if "climb" not in st:
                    continue
                check(st["call"] in ("recv", "recvfrom") and not st["pending"],
                      "%s step %d: a climb on %s" % (name, k + 1, st["call"]))
                check(" ".join(st["climb"][lang].split()) in blocks.get(k + 1, ""),
                      "%s step %d (%s): climb %r not in the walkthrough's %r" % (
                          name, k + 1, lang, st["climb"][lang][:80], blocks.get(k + 1, "")[:200]))
    ex = json.loads(embedded(pages["demo-exchange"][1]))
    check([k + 1 for k, st in enumerate(ex["steps"]) if "climb" in st] == [10, 13],
          "demo-exchange: climbs on steps %s" % [k + 1 for k, st in enumerate(ex["steps"]) if "climb" in st])
    udp = json.loads(embedded(pages["demo-udp"][1]))
    check([k + 1 for k, st in enumerate(udp["steps"]) if "climb" in st] == [6, 9],
          "demo-udp: climbs on steps %s" % [k + 1 for k, st in enumerate(udp["steps"]) if "climb" in st])
    if not chrome:
        return
    path = pages["demo-exchange"][0]
    d = dom(chrome, path, "packet=1")
    check("SYN: opens the connection, announces the first sequence number" in d.paras,
          "demo-exchange packet 1: %s" % d.paras)
    d = dom(chrome, path, "packet=3")
    acked = [x for x in d.paras if x.startswith("ACK of #2 (SYN-ACK), ")]
    check(acked and acked[0].endswith(" later") and
          any(x.startswith("the handshake took ") for x in d.paras) and
          'ACK: "I have received everything before byte ack"' in d.paras,
          "demo-exchange packet 3: %s" % d.paras)
    fr = dom(chrome, path, "packet=3&lang=fr")
    check(any(x.startswith("accus\u00e9 de r\u00e9ception du #2 (SYN-ACK) apr\u00e8s ") for x in fr.paras),
          "demo-exchange packet 3 (fr): %s" % fr.paras)
    d = dom(chrome, path, "step=10")
    check(d.climb is not None and d.climb.startswith("Going up the server's layers (decapsulation), #4:\n") and
          '  18 the application reads "MessageVersServeur"' in d.climb.split("\n") and
          "  50 TCP header removed: port 5005 = this socket (-32)" in d.climb.split("\n"),
          "demo-exchange step 10: climb %r" % d.climb)
    fr = dom(chrome, path, "step=10&lang=fr")
    check(fr.climb is not None and
          "  18 l'application lit \u00ab\u00a0MessageVersServeur\u00a0\u00bb" in fr.climb.split("\n"),
          "demo-exchange step 10 (fr): climb %r" % fr.climb)
    d = dom(chrome, pages["demo-udp"][0], "step=6")
    check(d.climb is not None and "#1" in d.climb.split("\n")[0], "demo-udp step 6: climb %r" % d.climb)
    # The language buttons switch the meaning, the data's text, the climb and the title live.
    switch = open(path, encoding="utf-8").read().replace("</body>", SWITCH_MEANING + "</body>")
    switch_path = os.path.join(work, "demo-exchange-switch.html")
    with open(switch_path, "w", encoding="utf-8") as f:
        f.write(switch)
    got = json.loads(dom(chrome, switch_path, "packet=5").body.get("data-test") or "{}")
    m5 = ex["meaning"][4] if len(ex.get("meaning", [])) > 4 else {"en": [], "fr": []}
    want_en = [l for x in m5["en"] for l in x.split("\n")]
    want_fr = [l for x in m5["fr"] for l in x.split("\n")]
    check(got.get("before", {}).get("meaning") == want_en and got.get("fr", {}).get("meaning") == want_fr and
          got.get("en", {}).get("meaning") == want_en and len(want_en) == 2,
          "demo-exchange packet 5: meaning by the buttons %s" % got)
    check(got.get("fr", {}).get("title") == "stackscope d\u00e9mo\u00a0: exchange" and
          got.get("fr", {}).get("h1") == "stackscope d\u00e9mo\u00a0: exchange" and
          got.get("en", {}).get("title") == "stackscope demo: exchange",
          "demo-exchange: title by the buttons %s" % got)
    # The URL follows, numbered as the walkthrough.
    check([got.get(k, {}).get("hash") for k in ("before", "fr", "en")] ==
          ["#packet=5", "#packet=5&lang=fr", "#packet=5"], "demo-exchange packet 5: URL %s" % got)
    got = json.loads(dom(chrome, switch_path, "step=13").body.get("data-test") or "{}")
    check((got.get("fr", {}).get("climb") or "").startswith("Remont\u00e9e dans les couches du client") and
          (got.get("en", {}).get("climb") or "").startswith("Going up the client's layers"),
          "demo-exchange step 13: climb by the buttons %s" % got)


def payload_text(chrome, pages):
    """The data box shows the payload as text (printable ASCII, other bytes as \\xNN, in the
    language's quotation marks) and the hex dump has an ASCII column (as tcpdump -X: '.' for a
    byte that is no printable character)."""
    if not chrome:
        return
    path, page = pages["http-fetch.pcap"]
    data = json.loads(embedded(page))
    d = dom(chrome, path, "packet=4")
    check(d.payload is not None and d.payload.startswith('"GET /index.html HTTP/1.1\\x0d\\x0a'),
          "http-fetch packet 4: data text %r" % d.payload)
    check("GET /index.html HTTP/1.1..Accept-Encoding" in d.ascii and len(d.ascii) == len(data["bytes"][3]) // 2,
          "http-fetch packet 4: ASCII column %r" % d.ascii)
    check(d.ascii.startswith("..............E."), "http-fetch packet 4: ASCII of the headers %r" % d.ascii[:16])
    ex = pages["demo-exchange"][0]
    d = dom(chrome, ex, "packet=4")
    check(d.payload == '"MessageVersServeur"' and "MessageVersServeur" in d.ascii,
          "demo-exchange packet 4: %r %r" % (d.payload, d.ascii))
    fr = dom(chrome, ex, "packet=4&lang=fr")
    check(fr.payload == "\u00ab\u00a0MessageVersServeur\u00a0\u00bb", "demo-exchange packet 4 (fr): %r" % fr.payload)
    d = dom(chrome, ex, "packet=1")
    check(d.payload is None, "demo-exchange packet 1 (no data): %r" % d.payload)


def labels(chrome, pages):
    """Every label in the page's language: the title, the arrows' length word, the narrow cells'
    short names, the options' size, "label : value" with French punctuation, counts in the
    singular below 2 in French."""
    if not chrome:
        return
    path, page = pages["demo-exchange"]
    check("<title>stackscope demo: exchange</title>" in page and
          '<h1 id="title">stackscope demo: exchange</h1>' in page, "demo-exchange: title in the page")
    d = dom(chrome, path, "packet=4")
    check(d.title == "stackscope demo: exchange" and d.h1 == "stackscope demo: exchange",
          "demo-exchange: title %r %r" % (d.title, d.h1))
    check("Off 8" in d.cells and any(c.startswith("TCP options (12 B): ") for c in d.cells),
          "demo-exchange packet 4: cells %s" % d.cells)
    fr = dom(chrome, path, "packet=4&lang=fr")
    check(fr.title == "stackscope d\u00e9mo\u00a0: exchange" and fr.h1 == fr.title,
          "demo-exchange (fr): title %r %r" % (fr.title, fr.h1))
    check("D\u00e9calage 8" in fr.cells and "Off 8" not in fr.cells and
          any(c.startswith("Options TCP (12\u00a0o)\u00a0: ") for c in fr.cells),
          "demo-exchange packet 4 (fr): cells %s" % fr.cells)
    check(fr.arrow_texts and all(" len " not in t for t in fr.arrow_texts) and
          "#4 PSH,ACK seq 1 ack 1 long. 18" in fr.arrow_texts, "demo-exchange (fr): arrows %s" % fr.arrow_texts)
    check("1 serveur\u00a0: socket()" in fr.calls and "1 server: socket()" in d.calls,
          "demo-exchange: call boxes %s %s" % (fr.calls[:2], d.calls[:2]))
    check(any(p.startswith("client\u00a0: sendall(b'MessageVersServeur') -> 18\u00a0octets") for p in fr.paras),
          "demo-exchange packet 4 (fr): the call %s" % fr.paras)
    check(any(t.startswith("Fen\u00eatre\u00a0: ") for t in fr.titles), "demo-exchange (fr): cell titles %s" % fr.titles)
    fr = dom(chrome, path, "packet=1&lang=fr")
    check("donn\u00e9es \u00b7 0\u00a0octet" in fr.tags, "demo-exchange packet 1 (fr): %s" % fr.tags)
    d = dom(chrome, path, "packet=1")
    check("data \u00b7 0 bytes" in d.tags, "demo-exchange packet 1: %s" % d.tags)
    # Where nothing listened, the kernel answered: named so, as the walkthrough names it.
    d = dom(chrome, pages["demo-refused"][0], "packet=2")
    check(any(h.startswith("Packet #2 \u00b7 kernel \u2192 client \u00b7 RST,ACK") for h in d.h2) and
          d.cols[1:] == ["kernel 127.0.0.1:%d" % json.loads(embedded(pages["demo-refused"][1]))["port"]],
          "demo-refused packet 2: %s, columns %s" % (d.h2, d.cols))
    cap = pages["http-fetch.pcap"][0]
    fr = dom(chrome, cap, "packet=1&lang=fr")
    check(fr.title == "stackscope\u00a0: http-fetch.pcap", "http-fetch (fr): title %r" % fr.title)


def conversations(chrome, binary, src, pages, work):
    """A capture with many hosts (afs.pcap, UDP) offers each of its conversations, UDP flows by
    their address/port pairs too; the ladder's columns name the address and port of the
    conversation shown (dns_udp.pcap, a demo)."""
    afs = os.path.join(src, "..", "shared", "corpus", "tcpdump-tests", "afs.pcap")
    if not chrome or not os.path.exists(afs):
        check(os.path.exists(afs), "no %s" % afs)
        return
    page = os.path.join(work, "afs-conv.html")
    subprocess.run([binary, "-r", afs, "--html", page], capture_output=True)
    data = json.loads(embedded(open(page, encoding="utf-8").read()))
    flows = []
    for p in data["packets"]:
        u, ip = p.get("udp"), p.get("ipv4")
        if p.get("tcp") or not u or not ip or "dst_port" not in u:
            continue
        key = tuple(sorted([(ip["src"], u["src_port"]), (ip["dst"], u["dst_port"])]))
        if key not in flows:
            flows.append(key)
    d = dom(chrome, page, "packet=1")
    check(len(flows) > 10 and len(d.options) == 1 + len(flows), "afs: %d options for %d UDP flows: %s" % (
        len(d.options), len(flows), d.options[:4]))
    check(d.options[1:2] == ["131.151.32.21:7001 \u2194 131.151.1.59:7000"], "afs: first flow %s" % d.options[1:3])
    d = dom(chrome, page, "packet=1&conv=u1")
    first = [i + 1 for i, p in enumerate(data["packets"]) if p.get("udp") and not p.get("tcp") and
             "dst_port" in p["udp"] and tuple(sorted([(p["ipv4"]["src"], p["udp"]["src_port"]),
                                                      (p["ipv4"]["dst"], p["udp"]["dst_port"])])) == flows[0]]
    check(d.cols == ["client 131.151.32.21:7001", "server 131.151.1.59:7000"] and d.arrows == len(first),
          "afs conv u1: columns %s, %d arrows for %d datagrams" % (d.cols, d.arrows, len(first)))
    # A packet outside the conversation named: shown, with all of them.
    d = dom(chrome, page, "packet=%d&conv=u1" % (max(first) + 1 if max(first) < len(data["packets"]) else 1))
    check(d.arrows == len(data["packets"]) and len(d.aria_current) == 1,
          "afs: a packet outside conv u1: %d arrows, aria-current %s" % (d.arrows, d.aria_current))
    dns = os.path.join(src, "..", "shared", "corpus", "tcpdump-tests", "dns_udp.pcap")
    page = os.path.join(work, "dns-conv.html")
    subprocess.run([binary, "-r", dns, "--html", page], capture_output=True)
    d = dom(chrome, page, "packet=1")
    check(d.cols == ["client 192.168.1.11:43966", "server 209.87.249.18:53"], "dns_udp: columns %s" % d.cols)
    ex, expage = pages["demo-exchange"]
    p0 = json.loads(embedded(expage))["packets"][0]
    fr = dom(chrome, ex, "step=1&lang=fr")
    check(fr.cols == ["client 127.0.0.1:%d" % p0["tcp"]["src_port"], "serveur 127.0.0.1:5005"],
          "demo-exchange (fr): columns %s" % fr.cols)


def icmp_arp_page(chrome, pages):
    """crafted-protocols.pcap (ARP request and reply, ICMP echo and errors, an ICMPv6 echo):
    each arrow the way its packet went, the first packet between two hosts putting its sender on
    the left (the echo reply goes back); arrows labelled in words in both languages; ICMP's
    header as 32-bit rows with the packet's values; the summary's split naming ICMP, ARP and
    IPv6 with their bytes, and ICMP's data counted."""
    if not chrome or "crafted-protocols.pcap" not in pages:
        return
    path = pages["crafted-protocols.pcap"][0]
    d = dom(chrome, path, "packet=5")
    check(d.dirs == {1: "c2s", 2: "s2c", 3: "other", 4: "c2s", 5: "s2c", 6: "s2c", 7: "s2c",
                     8: "c2s", 9: "c2s", 10: "c2s", 11: "s2c", 12: "c2s"},
          "crafted-protocols: arrows %s (the echo reply and the ARP reply go back)" % d.dirs)
    for w in ("#1 ARP who-has 198.51.100.20", "#2 ARP 198.51.100.20 is-at 02:00:00:00:00:02",
              "#4 ICMP echo request", "#5 ICMP echo reply", "#7 ICMP destination unreachable",
              "#10 ICMP time exceeded", "#12 ICMP echo request"):
        check(w in d.arrow_texts, "crafted-protocols: no arrow %r in %s" % (w, d.arrow_texts))
    check("Packet #5 \u00b7 198.51.100.20 \u2192 192.0.2.10 \u00b7 ICMP echo reply" in d.h2,
          "crafted-protocols packet 5: %s" % d.h2)
    for w in ("Type 0", "Code 0", "Checksum 0x3029 good", "Identifier 4660", "Sequence number 1"):
        check(w in d.cells, "crafted-protocols packet 5: no cell %r in %s" % (w, d.cells))
    check(d.tags == ["link header \u00b7 14 bytes", "IPv4 header \u00b7 20 bytes",
                     "ICMP header \u00b7 8 bytes", "data \u00b7 8 bytes"],
          "crafted-protocols packet 5: tags %s" % d.tags)
    check("12 packets, 150 bytes of application data, 508 bytes of headers: 77% of the bytes on "
          "the wire were headers." in d.paras and
          "Headers: link 168, IPv4 160, IPv6 40, ICMP 72, ARP 68 bytes." in d.paras,
          "crafted-protocols summary: %s" % d.paras)
    d = dom(chrome, path, "packet=6")  # a bad checksum
    check("Checksum 0x2028 bad" in d.cells, "crafted-protocols packet 6: %s" % d.cells)
    d = dom(chrome, path, "packet=9")  # an error: the rest of the header, not an echo's fields
    for w in ("Type 3", "Code 4", "Rest of the header 0x00000578"):
        check(w in d.cells, "crafted-protocols packet 9: no cell %r in %s" % (w, d.cells))
    check(not any(c.startswith("Identifier") for c in d.cells), "crafted-protocols packet 9: %s" % d.cells)
    d = dom(chrome, path, "packet=12")  # ICMPv6 over IPv6
    check(d.tags == ["link header \u00b7 14 bytes", "IPv6 header \u00b7 40 bytes",
                     "ICMP header \u00b7 8 bytes", "data \u00b7 2 bytes"],
          "crafted-protocols packet 12: tags %s" % d.tags)
    for w in ("Type 128", "Identifier 7", "Sequence number 1", "Checksum 0x097a good"):
        check(w in d.cells, "crafted-protocols packet 12: no cell %r in %s" % (w, d.cells))
    fr = dom(chrome, path, "packet=5&lang=fr")
    for w in ("#1 ARP qui a 198.51.100.20\u00a0?", "#2 ARP 198.51.100.20 est \u00e0 02:00:00:00:00:02",
              "#4 ICMP demande d'\u00e9cho", "#5 ICMP r\u00e9ponse d'\u00e9cho",
              "#7 ICMP destination injoignable", "#10 ICMP d\u00e9lai d\u00e9pass\u00e9"):
        check(w in fr.arrow_texts, "crafted-protocols (fr): no arrow %r in %s" % (w, fr.arrow_texts))
    for w in ("Identifiant 4660", "Num\u00e9ro de s\u00e9quence 1", "Somme de contr\u00f4le 0x3029 correcte"):
        check(w in fr.cells, "crafted-protocols packet 5 (fr): no cell %r in %s" % (w, fr.cells))
    check("En-t\u00eate ICMP \u00b7 8\u00a0octets" in fr.tags, "crafted-protocols (fr): tags %s" % fr.tags)
    check("En-t\u00eates\u00a0: liaison 168, IPv4 160, IPv6 40, ICMP 72, ARP 68\u00a0octets." in fr.paras,
          "crafted-protocols summary (fr): %s" % fr.paras)
    if "tcp-analysis.pcap" in pages:  # TCP over IPv6: its header counted, its data as text
        d = dom(chrome, pages["tcp-analysis.pcap"][0], "packet=83")
        check(d.tags == ["link header \u00b7 14 bytes", "IPv6 header \u00b7 40 bytes",
                         "TCP header \u00b7 20 bytes", "data \u00b7 100 bytes"] and
              d.payload == '"' + "x" * 64 + '..."', "tcp-analysis packet 83: %s %r" % (d.tags, d.payload))


class FollowDom(html.parser.HTMLParser):
    """The follow view's parts in a dumped DOM: its h2, each block's class, head line and text,
    the follow button's state and whole label."""

    def __init__(self):
        super().__init__()
        self.h2, self.blocks, self.button, self.pressed, self.cut = [], [], None, None, None
        self.target, self.parts = None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "div" and cls.startswith("follow-block"):
            self.blocks.append({"class": cls, "head": "", "data": None})
        elif tag == "button" and a.get("id") == "follow":
            self.pressed = a.get("aria-pressed")
        elif tag == "span" and cls == "f-whole":
            self.target, self.parts = "button", []
        elif tag == "h2":
            self.target, self.parts = "h2", []
        elif tag == "p" and cls == "follow-head":
            self.target, self.parts = "head", []
        elif tag == "pre" and cls == "follow-data":
            self.target, self.parts = "data", []
        elif tag == "p" and cls == "follow-cut":
            self.target, self.parts = "cut", []

    def handle_data(self, data):
        if self.target:
            self.parts.append(data)

    def handle_endtag(self, tag):
        if not self.target or tag not in ("span", "h2", "p", "pre"):
            return
        text = "".join(self.parts)
        if self.target == "button":
            self.button = text
        elif self.target == "h2":
            self.h2.append(text)
        elif self.target == "head":
            self.blocks[-1]["head"] = text
        elif self.target == "data":
            self.blocks[-1]["data"] = text
        elif self.target == "cut":
            self.cut = text
        self.target = None


def follow_dom(chrome, path, frag):
    p = subprocess.run([chrome] + CHROME_FLAGS + ["--user-data-dir=" + tempfile.mkdtemp(),
                                                  "--dump-dom", "file://%s#%s" % (path, frag)],
                       capture_output=True, text=True, timeout=120)
    d = FollowDom()
    d.feed(p.stdout)
    return d


def raw_lines(binary, capture, stream):
    """What `stackscope --follow N --follow-format raw` prints for each block: (node, hex)."""
    out = subprocess.run([binary, "-r", capture, "--follow", str(stream), "--follow-format", "raw"],
                         capture_output=True, text=True).stdout
    return [(1 if l.startswith("\t") else 0, l.strip()) for l in out.splitlines()
            if re.fullmatch(r"\t?[0-9a-f]+", l)]


def follow_view(chrome, binary, src, pages, work):
    """The follow view of the selected conversation: the page's blocks are --follow's (the same
    reassembly in C: each block's bytes and node are raw's line, each gap tshark's text there),
    and the browser shows them with their direction, size and packet, gaps in words, in English
    and French."""
    for name, stream in (("http-fetch.pcap", 0), ("follow-lossy-cut.pcap", 0),
                         ("follow-lossy-ipv6.pcap", 0)):
        data = json.loads(embedded(pages[name][1]))
        conv = data["follow"].get("1", {})
        blocks = [b for b in conv.get("blocks", []) if not (b[2] is None and b[4])]
        ours = [(b[0], b[2] if b[2] is not None else
                 ("[%d bytes missing in capture file]" % b[3]).encode().hex() + "00") for b in blocks]
        raw = raw_lines(binary, os.path.join(src, "captures", name), stream)
        check(conv.get("stream") == stream and ours == raw[:len(ours)] and len(ours) == len(raw),
              "%s: the page's follow blocks (%d) are not --follow raw's (%d)" % (name, len(ours), len(raw)))
    hf = json.loads(embedded(pages["http-fetch.pcap"][1]))["follow"]
    check(list(hf) == ["1"] and hf["1"]["nodes"] == ["127.0.0.1:38498", "127.0.0.1:8080"] and
          [b[:2] for b in hf["1"]["blocks"]] == [[0, 4], [1, 6], [1, 8]] and hf["1"]["cut"] == 0,
          "http-fetch: follow %s" % json.dumps(hf)[:300])
    if not chrome:
        return
    path = pages["http-fetch.pcap"][0]
    d = follow_dom(chrome, path, "packet=1")
    check(d.button == "Follow the stream" and d.pressed == "false" and not d.blocks,
          "http-fetch: follow button %r %r, %d blocks before it is pressed" % (d.button, d.pressed, len(d.blocks)))
    d = follow_dom(chrome, path, "packet=1&follow")
    want = [("follow-block n0", "127.0.0.1:38498 \u2192 127.0.0.1:8080 \u00b7 128 bytes \u00b7 packet #4",
             "GET /index.html HTTP/1.1\nAccept-Encoding: identity\nHost: 127.0.0.1:8080\n"
             "User-Agent: Python-urllib/3.11\nConnection: close\n\n"),
            ("follow-block n1", "127.0.0.1:8080 \u2192 127.0.0.1:38498 \u00b7 185 bytes \u00b7 packet #6", None),
            ("follow-block n1", "127.0.0.1:8080 \u2192 127.0.0.1:38498 \u00b7 48 bytes \u00b7 packet #8",
             "<html><body>stackscope says hello</body></html>\n")]
    got = [(b["class"], b["head"], b["data"] if w[2] is not None else None) for b, w in zip(d.blocks, want)]
    check(d.pressed == "true" and d.h2 == ["Stream 0: the bytes as the applications read them"] and
          got == want and len(d.blocks) == 3, "http-fetch follow view: %s %s %s" % (d.pressed, d.h2, d.blocks))
    d = follow_dom(chrome, path, "packet=1&follow&lang=fr")
    check(d.h2 == ["Flux 0\u00a0: les octets tels que les applications les lisent"] and d.blocks and
          d.blocks[0]["head"] == "127.0.0.1:38498 \u2192 127.0.0.1:8080 \u00b7 128\u00a0octets \u00b7 paquet n\u00ba\u00a04"
          and d.button == "Suivre le flux", "http-fetch follow view (fr): %s %s %r" % (d.h2, d.blocks[:1], d.button))
    # A stream past the page's bound (64 KiB a conversation): the first blocks, then the words.
    sys.path.insert(0, os.path.join(src, "tests", "memory"))
    import follow_memory  # its capture writer: 100 segments of 1400 bytes each way
    big, page = os.path.join(work, "follow-big.pcap"), os.path.join(work, "follow-big.html")
    follow_memory.write(big, 100)
    subprocess.run([binary, "-r", big, "--html", page], capture_output=True)
    f = json.loads(embedded(open(page, encoding="utf-8").read()))["follow"]["1"]
    shown = sum(len(b[2]) // 2 for b in f["blocks"] if b[2])
    d = follow_dom(chrome, page, "packet=1&follow")
    check(len(f["blocks"]) == 46 and shown == 64400 and f["cut"] == 215600 and
          d.cut == "The page stops after 64400 bytes; stackscope -r FILE --follow 0 prints the rest.",
          "follow-big: %d blocks, %d bytes shown, %d cut: %r" % (len(f["blocks"]), shown, f["cut"], d.cut))
    cut = pages["follow-lossy-cut.pcap"][0]
    for lang, text in (("en", "127.0.0.1:38128 \u2192 127.0.0.1:44925 \u00b7 1436 bytes missing: "
                              "acknowledged by packet #27, never captured"),
                       ("fr", "127.0.0.1:38128 \u2192 127.0.0.1:44925 \u00b7 il manque 1436\u00a0octets\u00a0: "
                              "le paquet n\u00ba\u00a027 en accuse r\u00e9ception, la capture n'en a rien")):
        d = follow_dom(chrome, cut, "packet=1&follow&lang=" + lang)
        gaps = [b for b in d.blocks if "gap" in b["class"]]
        check(len(gaps) == 4 and gaps[0]["head"] == text and gaps[0]["class"] == "follow-block n0 gap" and
              gaps[2]["class"] == "follow-block n1 gap",
              "follow-lossy-cut (%s): gaps %s" % (lang, gaps[:1]))


def main():
    binary, src = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="stackscope-page-")
    pages = golden(binary, src, work)
    browser(pages)
    chrome = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    cut_fields(chrome, pages)
    first_fragment(chrome, binary, work)
    udp_pages(chrome, binary, src, pages, work)
    fragmented_datagram(chrome, binary, src, work)
    states(chrome, pages, work)
    step_sentences(chrome, binary, src, pages, work)
    analysis_page(chrome, pages)
    numbering(chrome, binary, src, pages)
    meanings(chrome, binary, src, pages, work)
    payload_text(chrome, pages)
    labels(chrome, pages)
    conversations(chrome, binary, src, pages, work)
    icmp_arp_page(chrome, pages)
    follow_view(chrome, binary, src, pages, work)
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("%d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
