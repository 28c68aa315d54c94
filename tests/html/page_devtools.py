#!/usr/bin/env python3
"""The step-through page (--html) as a person uses it, driven in headless Chromium through its
DevTools protocol (Debian's python3-websocket speaks it): keys pressed, the pointer moved, and
what a person sees then measured in the browser.

1. Keyboard, from the first socket call that sends packets: ArrowRight / ArrowLeft move one step
   forward / back (the element marked aria-current="step" changes, the step counter changes,
   the detail pane shows that call or packet); space plays and pauses (the play button's
   state); keys typed while the focus is in a form field (Tab to the conversation <select>)
   neither step nor play the page.
2. Pointer: over the TCP header's "Sequence number" cell of a packet, that field's 4 bytes light
   up in the hex dump (their background, as drawn) and the info box gives its name, value and
   meaning; moving away clears the bytes.
3. Layout, at 1280x720 and 1024x768, with pages in English and French (--lang), for every demo
   recording (captures/demo/*) and for three captures (captures/http-fetch.pcap, the corpus'
   dns_udp.pcap and afs.pcap with its conversation selector): exactly one <header> and one
   element aria-current="step"; the header is one line (its children side by side, nothing
   wrapped or cut off), stays in view, its title readable; the current step's element lies
   inside the viewport and inside every pane that scrolls it (below a sticky legend), when the
   page is opened at its last packet (#packet=N, the longest step counter) or its last call
   (#step=N), and after ArrowRight to its very last step. The title is whole (not cut by an
   ellipsis: "stackscope démo : concurrent" beside the French counter at 1024). The ladder's
   column names (client and server, their address and port) stay in view at the top of the
   ladder pane however far it is scrolled.
4. Header cells: for every packet of every page (the demo recordings and captures/*.pcap), at
   1280x720 and 1024x768, in English and French, each cell of the bit grids shows its label and
   value whole: no cell's content is wider or taller than the cell (no ellipsis, nothing cut);
   the data box holds its text.
6. The follow view: on http-fetch.pcap, the f key and the follow button open and close the
   selected conversation's bytes (button pressed, the pane's title the stream's), in French after
   FR, and a step shown (ArrowRight) leaves it; on follow-lossy-cut.pcap, at both sizes and in
   both languages, nothing in the view is wider than its pane.
5. The walkthrough's words: on `refused` (nothing listened), the state line under the kernel's
   RST gives the client's state alone, as the walkthrough does (no server, no state for the
   kernel); under `exchange`'s sendall step, the way down the client's layers is shown, each of
   its lines one the walkthrough prints (`stackscope demo exchange --replay`), switching with
   EN/FR.

Exits 77 (ctest: skipped) without chromium-headless-shell or python3-websocket
(scripts/install-deps --test installs both).

Usage: page_devtools.py STACKSCOPE SOURCE_DIR
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIP = 77
SIZES = [(1280, 720), (1024, 768)]
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
    return cond


def import_websocket():
    try:
        import websocket
    except ImportError:
        # Debian's python3-websocket is installed for the system's python3; a python3 from
        # elsewhere (pyenv, a venv) that CMake found does not see it. It is pure Python.
        sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import websocket
        except ImportError:
            return None
    return websocket


class Browser:
    """One headless Chromium, one page, spoken to over the DevTools protocol."""

    def __init__(self, chrome, websocket):
        self.dir = tempfile.mkdtemp(prefix="stackscope-devtools-")
        self.proc = subprocess.Popen(
            [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--remote-debugging-port=0",  # the browser picks a free port
             "--user-data-dir=" + self.dir, "about:blank"],
            # Its own process group: the wrapper script, the browser and its helpers end together.
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.ws = None
        self.next_id = 0
        self.events = []
        self.loads = 0
        try:
            self.connect(websocket)
        except BaseException:
            self.close()
            raise

    def connect(self, websocket):
        port_file = os.path.join(self.dir, "DevToolsActivePort")
        deadline = time.time() + 30
        port = None
        while port is None:
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("chromium did not start its DevTools server")
            try:
                with open(port_file) as f:
                    port = int(f.readline())
            except (OSError, ValueError):
                time.sleep(0.05)
        targets = []
        while not any(t.get("type") == "page" for t in targets):
            if time.time() > deadline:
                raise RuntimeError("chromium shows no page to drive")
            with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=10) as r:
                targets = json.load(r)
        page = [t for t in targets if t.get("type") == "page"][0]
        # The DevTools server refuses a websocket that names an Origin it was not told about.
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while True:
            for k, e in enumerate(self.events):
                if e["method"] == name:
                    del self.events[:k + 1]
                    return e
            if time.time() > deadline:
                raise RuntimeError("no %s within %d s" % (name, timeout))
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError("page script: %s" % json.dumps(r["exceptionDetails"])[:400])
        return r["result"].get("value")

    def size(self, w, h):
        self.call("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1,
                  mobile=False)

    def load(self, path, frag):
        """A full load of the page (a query that changes each time: not a same-document hash
        change), its fonts ready."""
        self.loads += 1
        self.events = []
        self.call("Page.navigate", url="file://%s?load=%d#%s" % (path, self.loads, frag))
        self.wait_event("Page.loadEventFired")
        self.eval("document.fonts.ready.then(function () { return true; })")

    def key(self, k):
        code, name = {"ArrowRight": (39, "ArrowRight"), "ArrowLeft": (37, "ArrowLeft"),
                      " ": (32, "Space"), "Tab": (9, "Tab"), "f": (70, "KeyF")}[k]
        ev = {"key": k, "code": name, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        if k in (" ", "f"):
            self.call("Input.dispatchKeyEvent", type="keyDown", text=k, unmodifiedText=k, **ev)
        else:
            self.call("Input.dispatchKeyEvent", type="rawKeyDown", **ev)
        self.call("Input.dispatchKeyEvent", type="keyUp", **ev)

    def mouse(self, x, y):
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def close(self):
        if self.ws:
            try:
                self.ws.close()
            except Exception:
                pass
        # The whole group, until none of it is left (the browser outlives its wrapper script
        # a moment, writing to its profile): then its profile can go.
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            deadline = time.time() + wait
            try:
                os.killpg(self.proc.pid, sig)
                while time.time() < deadline:
                    self.proc.poll()  # reaps the wrapper; init reaps the rest
                    os.killpg(self.proc.pid, 0)
                    time.sleep(0.05)
            except ProcessLookupError:
                break
        shutil.rmtree(self.dir, ignore_errors=True)


# What a person sees of the page's state: the element marked as the current step (what it
# shows), the step counter, the detail pane's title and text, the play button.
STATE_JS = r"""(function () {
  var cur = document.querySelectorAll('[aria-current="step"]');
  function what(e) {
    if (!e) return null;
    var pk = e.closest('[data-packet]') || e.querySelector('[data-packet]');
    var m = /^\s*(\d+)\s+[^:]*:\s*(\w+)\(/.exec(e.textContent);
    return { packet: pk ? pk.getAttribute('data-packet') : null, call: m ? [m[1], m[2]] : null,
             text: e.textContent.replace(/\s+/g, ' ').trim() };
  }
  var h2 = document.querySelector('#detail h2, main h2');
  var play = document.getElementById('play');
  var d = document.getElementById('detail');
  return { n: cur.length, cur: what(cur[0]), counter: document.getElementById('position').textContent,
           h2: h2 ? h2.textContent : null, detail: d ? d.textContent.replace(/\s+/g, ' ') : '',
           play: play.textContent + '|' + play.getAttribute('aria-pressed'),
           focus: document.activeElement ? document.activeElement.tagName : null };
})()"""


def shows(state):
    """The detail pane shows the current step: its packet's number, or its call's number and
    name."""
    c = state["cur"]
    if not c or not state["h2"]:
        return False
    if c["packet"]:
        return re.search(r"#%s\b" % c["packet"], state["h2"]) is not None
    if c["call"]:
        return (re.search(r"\b%s\b" % c["call"][0], state["h2"]) is not None and
                c["call"][1] + "(" in state["detail"])
    return False


def keyboard(b, path, name):
    """From the first call that sends packets: ArrowRight onto its packets, ArrowLeft back, space
    (play, pause); then Tab into the conversation selector, where keys belong to the selector."""
    b.size(1280, 720)
    steps = embedded(path)["steps"]
    b.load(path, "step=%d" % ([k for k, st in enumerate(steps) if st["count"] >= 2][0] + 1))
    s0 = b.eval(STATE_JS)
    check(s0["n"] == 1, "%s: %d elements aria-current=\"step\" when opened" % (name, s0["n"]))
    check(s0["cur"] and s0["cur"]["call"] and shows(s0), "%s: opened at a call, shows %s, detail %r" % (
        name, s0["cur"], s0["h2"]))
    b.key("ArrowRight")
    s1 = b.eval(STATE_JS)
    check(s1["cur"] != s0["cur"], "%s: ArrowRight left the current step at %s" % (name, s1["cur"]))
    check(s1["counter"] != s0["counter"], "%s: ArrowRight left the counter at %r" % (name, s1["counter"]))
    check(shows(s1), "%s: after ArrowRight the detail (%r) is not the current step %s" % (
        name, s1["h2"], s1["cur"]))
    b.key("ArrowRight")
    s2 = b.eval(STATE_JS)
    check(s2["cur"] != s1["cur"] and shows(s2), "%s: a second ArrowRight: %s, detail %r" % (
        name, s2["cur"], s2["h2"]))
    check(s1["cur"] and s1["cur"]["packet"] and s2["cur"] and s2["cur"]["packet"],
          "%s: ArrowRight from a call that sent packets did not reach them: %s, %s" % (
              name, s1["cur"], s2["cur"]))
    b.key("ArrowLeft")
    s3 = b.eval(STATE_JS)
    check((s3["cur"], s3["counter"], s3["h2"]) == (s1["cur"], s1["counter"], s1["h2"]),
          "%s: ArrowLeft went to %s %r, not back to %s %r" % (name, s3["cur"], s3["counter"],
                                                              s1["cur"], s1["counter"]))
    b.key(" ")
    p1 = b.eval(STATE_JS)["play"]
    check(p1 != s0["play"], "%s: space did not start playing (play button %r)" % (name, p1))
    b.key(" ")
    p2 = b.eval(STATE_JS)["play"]
    check(p2 == s0["play"], "%s: a second space did not pause (play button %r, was %r)" % (
        name, p2, s0["play"]))
    # Tab through the toolbar to the conversation selector.
    tabs = 0
    while tabs < 20 and not b.eval("document.activeElement === document.querySelector('header select')"):
        b.key("Tab")
        tabs += 1
    if not check(b.eval("document.activeElement === document.querySelector('header select')"),
                 "%s: 20 Tabs never reached the conversation selector" % name):
        return
    # The arrows may choose another conversation (the selector's own keys: the ladder then
    # draws the packet's label without its port), never another step.
    before = b.eval(STATE_JS)
    for k in ("ArrowRight", "ArrowLeft", " "):
        b.key(k)
        after = b.eval(STATE_JS)
        same = [(x["counter"], x["play"], x["cur"] and (x["cur"]["packet"], x["cur"]["call"]))
                for x in (before, after)]
        check(same[0] == same[1], "%s: %r in the conversation selector stepped or played the "
              "page: %s -> %s" % (name, k, same[0], same[1]))
    check(b.eval("document.activeElement === document.querySelector('header select')"),
          "%s: the keys took the focus out of the conversation selector" % name)


# Every hex byte's background as drawn, and the info box's text.
BYTES_JS = r"""(function () {
  var out = {};
  document.querySelectorAll('[id^="byte-"]').forEach(function (e) {
    out[e.id.slice(5)] = [getComputedStyle(e).backgroundColor, e.textContent];
  });
  var info = document.getElementById('field-info');
  return { bytes: out, info: info ? info.textContent : null };
})()"""


def pointer(b, path, name, data):
    """The pointer over the Sequence number cell of the first packet whose TCP header the
    detail pane draws."""
    want_name, meaning = data["texts"]["en"]["FIELD_SEQ"].split("|")[:2]
    b.size(1280, 720)
    b.load(path, "step=1")
    for _ in range(60):  # step until the detail pane shows a TCP header's rows
        found = b.eval("Array.prototype.some.call(document.querySelectorAll('#detail div'), "
                       "function (e) { return e.textContent.indexOf(%s) === 0 && !e.children.length; })"
                       % json.dumps(want_name + " "))
        if found:
            break
        b.key("ArrowRight")
    if not check(found, "%s: no step shows a %r cell" % (name, want_name)):
        return
    pkt = int(re.search(r"#(\d+)", b.eval(STATE_JS)["h2"]).group(1)) - 1
    seq = data["packets"][pkt]["tcp"]["seq"]
    first = data["hdr"][pkt][0] + data["hdr"][pkt][1] + 4  # the TCP header's bytes 4..7
    rect = b.eval("""(function () {
      var c = Array.prototype.filter.call(document.querySelectorAll('#detail div'), function (e) {
        return e.textContent.indexOf(%s) === 0 && !e.children.length; })[0];
      c.scrollIntoView({ block: 'center' });
      var r = c.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2];
    })()""" % json.dumps(want_name + " "))
    rest = b.eval(BYTES_JS)
    b.mouse(rect[0], rect[1])
    over = b.eval(BYTES_JS)
    lit = sorted(int(k) for k, v in over["bytes"].items() if v[0] != rest["bytes"][k][0])
    check(lit == list(range(first, first + 4)),
          "%s packet #%d: the pointer over %r lit bytes %s, not %s" % (
              name, pkt + 1, want_name, lit, list(range(first, first + 4))))
    check("".join(over["bytes"][str(k)][1] for k in lit) == "%08x" % seq,
          "%s packet #%d: the lit bytes are not the sequence number %08x" % (name, pkt + 1, seq))
    info = " ".join((over["info"] or "").split())
    check(want_name in info and str(seq) in info and " ".join(meaning.split()) in info,
          "%s packet #%d: the info box says %r, not %r, %d and its meaning %r" % (
              name, pkt + 1, info, want_name, seq, meaning))
    b.mouse(2, 2)  # the pointer away, over the title
    away = b.eval(BYTES_JS)
    lit = [k for k, v in away["bytes"].items() if v[0] != rest["bytes"][k][0]]
    check(not lit, "%s: bytes %s still lit once the pointer left the cell" % (name, lit))


# The layout as measured: the header's children on one line and inside it, the header in view,
# the title readable, and the current step's element inside the viewport and inside every
# ancestor that clips it (the pane that scrolls it), below a sticky legend.
LAYOUT_JS = r"""(function () {
  var hs = document.querySelectorAll('header'), h = hs[0];
  var cur = document.querySelectorAll('[aria-current="step"]');
  var out = { headers: hs.length, current: cur.length, problems: [] };
  if (!h) return out;
  var hr = h.getBoundingClientRect();
  /* what is drawn: not a label kept out of sight for screen readers (1x1, clipped) */
  var kids = Array.prototype.filter.call(h.children, function (e) {
    var r = e.getBoundingClientRect();
    return e.getClientRects().length && (r.width > 1 || r.height > 1); });
  var rects = kids.map(function (e) { return e.getBoundingClientRect(); });
  var maxTop = Math.max.apply(null, rects.map(function (r) { return r.top; }));
  var minBottom = Math.min.apply(null, rects.map(function (r) { return r.bottom; }));
  if (maxTop >= minBottom)
    out.problems.push('the toolbar wraps: its children\'s tops ' + rects.map(function (r) {
      return Math.round(r.top); }).join(','));
  if (h.scrollHeight > h.clientHeight + 1 || h.scrollWidth > h.clientWidth + 1)
    out.problems.push('the header overflows: ' + h.scrollWidth + 'x' + h.scrollHeight + ' in ' +
                      h.clientWidth + 'x' + h.clientHeight);
  kids.forEach(function (e, k) {
    if (rects[k].right > Math.min(hr.right, innerWidth) + 1 || rects[k].left < -1)
      out.problems.push('#' + (e.id || e.tagName) + ' cut off at the side (' +
                        Math.round(rects[k].left) + '..' + Math.round(rects[k].right) + ')');
  });
  if (hr.top < -1 || hr.bottom > innerHeight) out.problems.push('the header is out of view (top ' + hr.top + ')');
  var t = h.querySelector('h1');
  if (!t || t.getBoundingClientRect().width < 80) out.problems.push('the title is squeezed out');
  else if (t.scrollWidth > t.clientWidth + 1)
    out.problems.push('the title is cut: ' + t.scrollWidth + ' px wide in ' + t.clientWidth);
  /* the conversations' label: shown, or kept for screen readers (the selector's name) */
  var sel = h.querySelector('select');
  if (sel && sel.getClientRects().length && !(sel.labels && sel.labels.length &&
      sel.labels[0].textContent.trim() && getComputedStyle(sel.labels[0]).display !== 'none'))
    out.problems.push('the conversation selector has no label for screen readers');
  /* the ladder's column names, in view at the top of its pane */
  var pane = document.getElementById('ladder-pane');
  var cols = pane ? pane.querySelectorAll('.col') : [];
  if (pane && cols.length !== 2) out.problems.push(cols.length + ' column names in the ladder');
  if (pane) {
    var pr = pane.getBoundingClientRect();
    Array.prototype.forEach.call(cols, function (c) {
      var cr = c.getBoundingClientRect();
      if (!c.textContent.trim() || cr.top < pr.top + pane.clientTop - 1 || cr.bottom > pr.top + pane.clientTop + pane.clientHeight + 1)
        out.problems.push('the column name "' + c.textContent + '" is out of view (' + Math.round(cr.top) +
          '..' + Math.round(cr.bottom) + ', pane from ' + Math.round(pr.top) + ', scrolled ' + pane.scrollTop + ')');
    });
  }
  out.headerHeight = Math.round(hr.height);
  var e = cur.length === 1 ? cur[0] : null;
  if (!e) return out;
  var r = e.getBoundingClientRect();
  var box = { l: 0, t: 0, r: innerWidth, b: innerHeight, by: 'the viewport' };
  for (var a = e.parentElement; a; a = a.parentElement) {
    var s = getComputedStyle(a);
    if (a === document.documentElement || a === document.body) continue;
    if (!/auto|scroll|hidden/.test(s.overflowX + s.overflowY)) continue;
    var ar = a.getBoundingClientRect();
    var c = { l: ar.left + a.clientLeft, t: ar.top + a.clientTop, r: ar.left + a.clientLeft + a.clientWidth,
              b: ar.top + a.clientTop + a.clientHeight };
    if (c.t > box.t) { box.t = c.t; box.tby = a.id || a.tagName; }
    if (c.b < box.b) { box.b = c.b; box.by = a.id || a.tagName; }
    box.l = Math.max(box.l, c.l); box.r = Math.min(box.r, c.r);
  }
  ['legend', 'ladder-head'].forEach(function (id) { /* sticky: the step must be below them */
    var leg = document.getElementById(id);
    if (leg && leg.getClientRects().length && pane && pane.contains(e))
      box.t = Math.max(box.t, leg.getBoundingClientRect().bottom);
  });
  out.cur = [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)];
  if (r.top < box.t - 1 || r.bottom > box.b + 1 || r.left < box.l - 1 || r.right > box.r + 1)
    out.problems.push('the current step (' + out.cur.join(',') + ') is cut off: visible area ' +
      [box.l, box.t, box.r, box.b].map(Math.round).join(',') + ', bottom edge of ' + box.by);
  return out;
})()"""

# What changes from one step to the next: the counter, and the element marked current.
CUR_JS = "(function () { var c = document.querySelectorAll('[aria-current=\"step\"]'); " \
         "return document.getElementById('position').textContent + '|' + " \
         "(c.length === 1 ? c[0].outerHTML : c.length); })()"


def to_the_end(b, what):
    """ArrowRight until nothing changes (at most 40 times)."""
    last = b.eval(CUR_JS)
    for _ in range(40):
        b.key("ArrowRight")
        now = b.eval(CUR_JS)
        if now == last:
            return
        last = now
    check(False, "%s: 40 ArrowRight did not reach the last step (%s)" % (what, last[:40]))


def layout(b, pages):
    """Each page measured three ways: opened at its last packet (#packet=N: the longest step
    counter, "Step 28 of 28 · packet #22 of 22"); opened at its last socket call (#step=N, the
    walkthrough's step N), as a link to it opens it; and from there stepped with ArrowRight to
    its very last step."""
    for w, h in SIZES:
        b.size(w, h)
        for name, path, conv in pages:
            what = "%s at %dx%d" % (name, w, h)
            data = embedded(path)
            problems = []
            for how, frag in (("opened at its last packet", "packet=%d" % len(data["packets"])),
                              ("opened at its last call", "step=%d" % len(data["steps"])),
                              ("stepped to its last step", None)):
                if frag is None:
                    to_the_end(b, what)
                elif frag.endswith("=0"):
                    continue  # no packets (port-in-use), or no calls (a capture)
                else:
                    b.load(path, frag)
                m = b.eval(LAYOUT_JS)
                check(m["headers"] == 1, "%s, %s: %d <header> elements" % (what, how, m["headers"]))
                check(m["current"] == 1, "%s, %s: %d elements aria-current=\"step\"" % (
                    what, how, m["current"]))
                problems += ["%s: %s" % (how, p) for p in m["problems"]]
            for p in problems[:-1]:
                failures.append("%s, %s" % (what, p))
            check(not problems, "%s, %s" % (what, problems[-1] if problems else ""))
            if conv:
                check(b.eval("(function () { var s = document.querySelector('header select'); "
                             "return !!s && s.getClientRects().length > 0 && s.options.length > 2; })()"),
                      "%s: no conversation selector in the toolbar" % what)


# Packet k shown (a hash change, the page's own way to a packet), each header cell measured: its
# content wider or taller than the cell is cut (an ellipsis, hidden).
CELLS_JS = r"""(async function (k) {
  var bad = [], seen = 0;
  var changed = new Promise(function (r) { addEventListener('hashchange', r, { once: true }); });
  location.hash = 'packet=' + k + '&measure=' + k;  /* never the hash it has: the event fires */
  await changed;
  document.querySelectorAll('#detail .cell:not(.ruler)').forEach(function (c) {
    seen++;
    if (c.scrollWidth > c.clientWidth + 0.5 || c.scrollHeight > c.clientHeight + 0.5)
      bad.push('#' + k + ' "' + c.textContent + '" ' + c.scrollWidth + 'x' + c.scrollHeight +
               ' in ' + c.clientWidth + 'x' + c.clientHeight);
  });
  /* the data box: its text (250 'X' in a row) inside it */
  document.querySelectorAll('#detail .enc.data').forEach(function (c) {
    if (c.scrollWidth > c.clientWidth + 0.5)
      bad.push('#' + k + ' data box ' + c.scrollWidth + ' px wide in ' + c.clientWidth);
  });
  return { bad: bad, seen: seen };
})(%d)"""


def cells(b, pages):
    """Every header cell of every packet, whole at both sizes."""
    for w, h in SIZES:
        b.size(w, h)
        for name, path in pages:
            n = len(embedded(path)["packets"])
            if not n:
                continue
            b.load(path, "packet=1")
            bad, seen = [], 0
            for k in range(1, n + 1):
                r = b.eval(CELLS_JS % k)
                bad += r["bad"]
                seen += r["seen"]
            check(seen > 0, "%s at %dx%d: no header cell measured" % (name, w, h))
            check(not bad, "%s at %dx%d: %d header cells cut, e.g. %s" % (
                name, w, h, len(bad), "; ".join(bad[:4])))


def cfmt(s, *args):
    """The page's fmt(): each conversion in turn."""
    args = list(args)
    return re.sub(r"%(%|-?\d*(?:l|z|ll)?[sud])", lambda m: "%" if m.group(1) == "%" else str(args.pop(0)), s)


def refused_states(b, pages):
    """Under the kernel's RST (and the SYN before it) the client's state alone, as the
    walkthrough gives it: the kernel answering for a port where nothing listens has none."""
    b.size(1280, 720)
    for lang in ("en", "fr"):
        path = pages["demo-refused (%s)" % lang]
        T = embedded(path)["texts"][lang]
        for k, state in ((1, "SYN_SENT"), (2, "CLOSED")):
            b.load(path, "packet=%d" % k)
            got = b.eval("(function () { var s = document.getElementById('state'); "
                         "return s ? s.textContent : null; })()")
            want = cfmt(T["PAGE_STATE_AFTER_SIDE"], T["WORD_CLIENT"], T["STATE_" + state])
            check(got == want, "demo-refused (%s) packet #%d: state line %r, not %r" % (
                lang, k, got, want))


def walkthrough_lines(binary, src, scen, lang):
    out = subprocess.run([binary, "demo", scen, "--replay", os.path.join(src, "captures", "demo", scen),
                          "--lang", lang], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    return set(" ".join(re.sub(r"\x1b\[[0-9;]*m", "", l).split()) for l in out.splitlines())


def descent(b, pages, binary, src):
    """exchange's sendall step: the way down the client's layers, each line the walkthrough's,
    in English, then in French after the FR button."""
    b.size(1280, 720)
    path = pages["demo-exchange (en)"]
    steps = embedded(path)["steps"]
    k = [i for i, st in enumerate(steps) if st["call"] == "sendall" and st["count"]][0]
    b.load(path, "step=%d" % (k + 1))
    get = "(function () { var d = document.getElementById('descent'); return d ? d.textContent : null; })()"
    for lang in ("en", "fr"):
        if lang == "fr":
            b.eval("document.getElementById('lang-fr').click()")
        text = b.eval(get)
        if not check(text, "demo-exchange (%s) step %d: no way down the layers shown" % (lang, k + 1)):
            continue
        lines = [" ".join(l.split()) for l in text.splitlines() if l.strip()]
        wt = walkthrough_lines(binary, src, "exchange", lang)
        missing = [l for l in lines if l not in wt]
        check(len(lines) >= 5 and not missing,
              "demo-exchange (%s) step %d: %d lines, not the walkthrough's: %s" % (
                  lang, k + 1, len(lines), missing[:3]))


def embedded(path):
    """The JSON stackscope embedded in a page."""
    page = open(path, encoding="utf-8").read()
    return json.loads(re.search(r'<script id="data" type="application/json">\n(.*?)\n</script>',
                                page, re.S).group(1))


def make_pages(binary, src, work):
    """Each demo recording and the three captures, in English and French: (name, path,
    whether the toolbar must offer conversations); and the other captures of captures/, for the
    header cells alone: (name, path)."""
    corpus = os.path.join(src, "..", "shared", "corpus", "tcpdump-tests")
    jobs = []
    for scen in sorted(os.listdir(os.path.join(src, "captures", "demo"))):
        jobs.append(("demo-" + scen, [binary, "demo", scen, "--replay",
                                      os.path.join(src, "captures", "demo", scen)],
                     scen == "concurrent"))
    for name, pcap, conv in (("http-fetch", os.path.join(src, "captures", "http-fetch.pcap"), False),
                             ("dns_udp", os.path.join(corpus, "dns_udp.pcap"), False),
                             ("afs", os.path.join(corpus, "afs.pcap"), True)):
        if check(os.path.exists(pcap), "no %s" % pcap):
            jobs.append((name, [binary, "-r", pcap], conv))
    more = sorted(f for f in os.listdir(os.path.join(src, "captures"))
                  if f.endswith(".pcap") and f != "http-fetch.pcap")
    jobs += [(f[:-5], [binary, "-r", os.path.join(src, "captures", f)], None) for f in more]
    pages = []
    running = []
    for name, cmd, conv in jobs:
        for lang in ("en", "fr"):
            out = os.path.join(work, "%s-%s.html" % (name, lang))
            p = subprocess.Popen(cmd + ["--html", out, "--lang", lang], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
            running.append(("%s (%s)" % (name, lang), p))
            pages.append(("%s (%s)" % (name, lang), out, conv))
            if len(running) >= 2:
                finish(running.pop(0))
    while running:
        finish(running.pop(0))
    # The header cells on the demo recordings and captures/*.pcap (afs' 601 packets would take
    # minutes, its rows are those of the others).
    cell_pages = [(n, p) for n, p, _ in pages if not n.startswith(("afs ", "dns_udp "))]
    return [p for p in pages if p[2] is not None], [(n, p) for n, p, _ in pages], cell_pages


def finish(job):
    name, p = job
    err = p.communicate()[1]
    check(p.returncode == 0, "%s: stackscope exit %d %s" % (name, p.returncode, err))


def follow_keys(b, path, name):
    """The follow view as a person opens it: the f key and the follow button open and close it
    (the button pressed, the detail pane's title the stream's, #follow in the address), a step
    (ArrowRight) shows that step again; in French after the FR button."""
    state = lambda: b.eval("""(function () {
      var h2 = document.querySelector('#detail h2'), f = document.getElementById('follow');
      return { h2: h2 ? h2.textContent : null, pressed: f.getAttribute('aria-pressed'),
               shown: getComputedStyle(f).display !== 'none', hash: location.hash,
               blocks: document.querySelectorAll('.follow-block').length };
    })()""")
    b.load(path, "packet=1")
    s = state()
    check(s["shown"] and s["pressed"] == "false" and s["blocks"] == 0 and s["h2"].startswith("Packet #1"),
          "%s: before f: %s" % (name, s))
    b.key("f")
    s = state()
    check(s["pressed"] == "true" and s["blocks"] == 3 and
          s["h2"] == "Stream 0: the bytes as the applications read them" and "follow" in s["hash"],
          "%s: after f: %s" % (name, s))
    b.key("f")
    s = state()
    check(s["pressed"] == "false" and s["blocks"] == 0 and s["h2"].startswith("Packet #1") and
          "follow" not in s["hash"], "%s: after f again: %s" % (name, s))
    b.eval("document.getElementById('follow').click()")
    s = state()
    check(s["pressed"] == "true" and s["blocks"] == 3, "%s: after a click on the button: %s" % (name, s))
    b.eval("document.getElementById('lang-fr').click()")
    s = state()
    check(s["h2"] == "Flux 0\u00a0: les octets tels que les applications les lisent" and s["blocks"] == 3,
          "%s: in French: %s" % (name, s))
    b.key("ArrowRight")
    s = state()
    check(s["pressed"] == "false" and s["blocks"] == 0 and s["h2"].startswith("Paquet"),
          "%s: ArrowRight from the follow view: %s" % (name, s))


def follow_layout(b, byname):
    """The follow view of follow-lossy-cut.pcap (blocks and gaps) at 1280x720 and 1024x768, in
    English and French: nothing wider than the detail pane (a gap's line wraps)."""
    for lang in ("en", "fr"):
        for w, h in ((1280, 720), (1024, 768)):
            b.size(w, h)
            b.load(byname["follow-lossy-cut (%s)" % lang], "packet=1&follow")
            got = b.eval("""(function () { var d = document.getElementById('detail');
              return [d.scrollWidth, d.clientWidth,
                      document.querySelectorAll('.follow-block.gap').length]; })()""")
            check(got[0] <= got[1] and got[2] == 4, "follow-lossy-cut (%s) at %dx%d: the follow view "
                  "%d px wide in %d, %d gaps" % (lang, w, h, got[0], got[1], got[2]))


def main():
    binary, src = sys.argv[1], sys.argv[2]
    chrome = shutil.which("chromium-headless-shell")
    websocket = import_websocket()
    if not chrome or not websocket:
        print("SKIP: no %s (scripts/install-deps --test installs it)" % (
            "chromium-headless-shell" if not chrome else "python3-websocket"))
        return SKIP
    start = time.time()
    # A SIGTERM (ctest, a CI runner) ends the test through its cleanup: no browser left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    work = tempfile.mkdtemp(prefix="stackscope-devtools-pages-")
    b = None
    try:
        pages, every, cell_pages = make_pages(binary, src, work)
        b = Browser(chrome, websocket)
        byname = {n: p for n, p in every}
        data = embedded(byname["demo-exchange (en)"])
        keyboard(b, byname["demo-concurrent (en)"], "demo-concurrent (en)")
        pointer(b, byname["demo-exchange (en)"], "demo-exchange (en)", data)
        refused_states(b, byname)
        descent(b, byname, binary, src)
        follow_keys(b, byname["http-fetch (en)"], "http-fetch (en)")
        follow_layout(b, byname)
        layout(b, pages)
        cells(b, cell_pages)
    finally:
        if b:
            b.close()
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("%d passed, %d failed (%.1f s)" % (checks - len(failures), len(failures), time.time() - start))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
