/* page.js - the step-through page: a ladder of the exchange, one step at a time, each packet
 * opened into its layers, its header rows and its bytes. Everything it shows comes from the JSON
 * that stackscope embedded in the page (the --json objects, the demo's steps, the message
 * tables); it loads nothing and sends nothing. */
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('data').textContent);
  var P = D.packets;
  var lang = D.lang;
  var T = D.texts[lang];
  var A = D.analysis;            /* per packet: null, or the analysis' words (html.c) */
  var AW = D.analysis_words[lang];
  var cur = 0;
  var conv = 'all';
  var timer = null;
  var SVG = 'http://www.w3.org/2000/svg';

  function $(id) { return document.getElementById(id); }

  function setLang(l) { lang = l; T = D.texts[l]; AW = D.analysis_words[l]; }

  /* "label: value" as the language punctuates it ("serveur : socket()"). */
  function lab(a, b) { return fmt(T.PAGE_LABEL, a, b); }

  /* A count and its noun as the walkthrough says it (wt_count): "1 byte", "0 octet".
   * shownAs: what to write for the number (e.g. "37/4859"), the noun chosen by v. */
  function count(one, many, v, shownAs) {
    var single = v === 1 || (v === 0 && D.zero_singular && D.zero_singular[lang]);
    return fmt(T[single ? one : many], shownAs === undefined ? v : shownAs);
  }
  function bytes(v, shownAs) { return count('N_BYTE', 'N_BYTES', v, shownAs); }

  /* The title in the reader's language: the scenario's or the capture's name as given. */
  function renderTitle() {
    if (D.name === undefined) return;
    var t = fmt(T[D.scenario !== null ? 'PAGE_TITLE_DEMO' : 'PAGE_TITLE_CAPTURE'], D.name);
    document.title = t;
    $('title').textContent = t;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* printf-like: the tables use %s %u %ld %zu %02x-free conversions and %%. */
  function fmt(s) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return s.replace(/%(%|-?\d*(?:l|z|ll)?[sud])/g, function (m, c) {
      return c === '%' ? '%' : String(args[i++]);
    });
  }

  function field(key) {
    var t = (T['FIELD_' + key] || T[key]).split('|'); /* UDP's keys are UDP_FIELD_* */
    return { name: t[0], meaning: t[1] || '' };
  }

  /* ---- the steps: socket calls and the packets they caused, or just packets ---- */
  var items = [];
  if (D.steps.length) {
    D.steps.forEach(function (s, i) {
      items.push({ kind: 'call', step: i });
      for (var k = 0; k < s.count; k++) items.push({ kind: 'pkt', pkt: s.first + k, step: i });
    });
  } else {
    P.forEach(function (p, i) { items.push({ kind: 'pkt', pkt: i }); });
  }

  /* UDP has no connection and flow tracks none: a datagram goes client -> server when its
   * destination is the demo's port (the server's); outside a demo run, the endpoint that sent
   * the first datagram between two endpoints is the client. Per packet: true, false, or
   * undefined (no datagram: its ports were not captured). */
  var udpC2s = [], udpClient = {}, udpConv = [], udpConvIds = {}, udpFlows = 0;
  P.forEach(function (p, i) {
    var u = p.udp, ip = p.ipv4 || p.ipv6;
    if (p.tcp || !u || !ip || u.dst_port === undefined || ip.dst === undefined) return;
    var a = ip.src + ' ' + u.src_port, b = ip.dst + ' ' + u.dst_port;
    var key = a < b ? a + '|' + b : b + '|' + a;
    if (!udpClient[key]) udpClient[key] = a;
    udpC2s[i] = D.port && (u.dst_port === D.port || u.src_port === D.port) ?
      u.dst_port === D.port : udpClient[key] === a;
    /* a UDP flow: the datagrams between the same two address/port pairs, either way */
    if (!udpConvIds[key]) udpConvIds[key] = 'u' + (++udpFlows);
    udpConv[i] = udpConvIds[key];
  });

  /* A packet of no TCP connection and no datagram (ICMP, ICMPv6, ARP, another IP protocol)
   * goes the way its address pair says: the host that sent the first packet between two hosts
   * is on the left, as for a datagram. ARP's pair is its sender's and target's IPv4 addresses.
   * Per packet: true, false, or undefined (its addresses were not captured). */
  var hostC2s = [], hostLeft = {};
  P.forEach(function (p, i) {
    if (p.tcp || udpC2s[i] !== undefined) return;
    var ip = p.ipv4 || p.ipv6 || {}, a = ip.src, b = ip.dst;
    if (p.arp) { a = p.arp.sender_ip; b = p.arp.target_ip; }
    if (a === undefined || b === undefined) return;
    var key = a < b ? a + '|' + b : b + '|' + a;
    if (!hostLeft[key]) hostLeft[key] = a;
    hostC2s[i] = hostLeft[key] === a;
  });

  /* The conversation of packet i: its TCP connection ("5"), its UDP flow ("u1"), or none. */
  function convOf(i) {
    return D.conn[i] ? String(D.conn[i]) : udpConv[i] || null;
  }

  /* Conversations, in order of first appearance; each packet knows its side. */
  var convIds = [], convPorts = {};
  P.forEach(function (p, i) {
    var c = convOf(i), t = p.tcp || p.udp;
    if (!c || convIds.indexOf(c) >= 0) return;
    convIds.push(c);
    convPorts[c] = [t.src_port, t.dst_port];
  });

  function visible(item) {
    if (conv === 'all') return true;
    if (item.kind === 'pkt') return convOf(item.pkt) === conv;
    var s = D.steps[item.step];
    var ports = convPorts[conv] || [];
    return !s.local_port || ports.indexOf(s.local_port) >= 0 &&
      (!s.peer_port || ports.indexOf(s.peer_port) >= 0);
  }

  /* The server's side as the walkthrough names it: the kernel where nothing listened (html.c's
   * no_server: only its RSTs came back), else the server. */
  function serverWord() { return D.no_server ? T.WORD_KERNEL : T.WORD_SERVER; }

  /* The side that sent packet i: true client, false server, undefined neither is known. */
  function fromClient(i) {
    return D.conn[i] ? D.client[i] : udpC2s[i] !== undefined ? udpC2s[i] : hostC2s[i];
  }

  /* A datagram's data bytes: the part a first fragment carries, else the UDP length's. */
  function udpPayload(u) {
    if (u.fragment_payload_length !== undefined) return u.fragment_payload_length;
    return u.length >= 8 ? u.length - 8 : 0;
  }

  /* What a datagram's packet is: the whole message, or (udp.fragment_payload_length) the first
   * of the IP fragments it was cut into, with this fragment's share of the data. */
  function datagramText(u) {
    if (u.fragment_payload_length === undefined) return T.UDP_PKT_DATAGRAM;
    return fmt(T.UDP_PKT_FIRST_FRAGMENT, u.fragment_payload_length,
      u.length >= 8 ? u.length - 8 : 0);
  }

  /* The two columns' address and port for conversation c (a TCP connection or a UDP flow);
   * for all of them, those of the only one, else none. */
  function endpoints(c) {
    if (c === 'all') return convIds.length === 1 ? endpoints(convIds[0]) : { client: '', server: '' };
    for (var i = 0; i < P.length; i++) {
      var p = P[i], t = p.tcp || p.udp;
      /* A conversation's packets have their addresses and ports captured. */
      var ip = p.ipv4 || p.ipv6;
      if (convOf(i) === c && ip && t) {
        var cl = fromClient(i);
        /* IPv6 addresses in brackets before the port, as the one-line output writes them */
        var a = function (x) { return p.ipv6 ? '[' + x + ']' : x; };
        return {
          client: a(cl ? ip.src : ip.dst) + ':' + (cl ? t.src_port : t.dst_port),
          server: a(cl ? ip.dst : ip.src) + ':' + (cl ? t.dst_port : t.src_port)
        };
      }
    }
    return { client: '', server: '' };
  }

  /* tcp.stream of a conversation's first packet. */
  function streamOf(c) {
    for (var i = 0; i < P.length; i++)
      if (convOf(i) === c && P[i].tcp && P[i].tcp.stream !== undefined) return P[i].tcp.stream;
    return undefined;
  }

  function flagShort(names) {
    return names && names.length ? names.join(',') : '-';
  }

  /* A field absent from the JSON was not captured: shown as a dash, never as a value. */
  var MISSING = '\u2014';
  /* The IPv4 flags as every printer spells them (print_ipv4_flags in common.c). */
  var FLAGS4 = ['-', 'MF', 'DF', 'DF+MF', 'RB', 'RB+MF', 'RB+DF', 'RB+DF+MF'];
  function shown(v) { return v === undefined ? MISSING : String(v); }

  function packetLabel(i) {
    var p = P[i], t = p.tcp;
    if (!t) {
      if (p.udp) return 'UDP ' + shown(p.udp.src_port) + ' > ' + shown(p.udp.dst_port) +
        (p.udp.length !== undefined ? ' ' + T.LADDER_LEN + ' ' + udpPayload(p.udp) : '');
      if (p.icmp) return icmpLabel(p);
      if (p.arp && p.arp.opcode === 1 && p.arp.target_ip !== undefined)
        return fmt(T.PAGE_PKT_ARP_REQUEST, p.arp.target_ip);
      if (p.arp && p.arp.opcode === 2 && p.arp.sender_ip !== undefined)
        return fmt(T.PAGE_PKT_ARP_REPLY, p.arp.sender_ip, p.arp.sender_mac);
      if (p.arp) return 'ARP'; /* its addresses not captured */
      if (p.ipv6) return fmt(T.PAGE_PKT_IPV6, shown(p.ipv6.next_header));
      if (p.ipv4) return fmt(T.PAGE_PKT_IPV4, shown(p.ipv4.protocol));
      return p.link && p.link.ethertype !== undefined ? fmt(T.PAGE_PKT_ETHERTYPE,
        ('000' + p.link.ethertype.toString(16)).slice(-4)) : T.PAGE_PKT_FRAME;
    }
    if (t.flag_names === undefined) return 'TCP ' + shown(t.src_port) + ' > ' + shown(t.dst_port);
    /* seq and ack are TCP's own names, kept in French as the terminal's ladder keeps them */
    var s = flagShort(t.flag_names) + ' seq ' + (t.seq_rel !== undefined ? t.seq_rel : t.seq);
    if (t.ack_rel !== null && t.ack_rel !== undefined) s += ' ack ' + t.ack_rel;
    s += ' ' + T.LADDER_LEN + ' ' + shown(t.payload_length);
    if (conv === 'all' && convIds.length > 1)
      s = (D.client[i] ? t.src_port : t.dst_port) + ' ' + s;
    return s;
  }

  /* An ICMP message in words where its type has a name (ICMPv6's echo: 128, 129), else its
   * number. */
  var ICMP_NAMES = { 4: { 8: 'ECHO_REQUEST', 0: 'ECHO_REPLY', 3: 'UNREACHABLE', 11: 'TIME_EXCEEDED' },
    6: { 128: 'ECHO_REQUEST', 129: 'ECHO_REPLY', 1: 'UNREACHABLE', 3: 'TIME_EXCEEDED' } };
  function icmpLabel(p) {
    var n = ICMP_NAMES[p.ipv6 ? 6 : 4][p.icmp.type];
    return n ? T['PAGE_PKT_ICMP_' + n] : fmt(T.PAGE_PKT_ICMP, shown(p.icmp.type));
  }

  var CALLS = ['socket', 'setsockopt', 'bind', 'listen', 'accept', 'connect', 'sendall', 'recv',
    'close', 'sendto', 'recvfrom'];
  /* A run of UDP calls: its socket, bind and close are told as UDP's (walk_udp.c). */
  var udpRun = D.steps.some(function (s) { return s.call === 'sendto' || s.call === 'recvfrom'; });
  var BYTE_CALLS = ['sendall', 'recv', 'sendto', 'recvfrom'];

  /* Who made step s, in the reader's language: by its role and number (html.c's "role", "n");
   * a page from before them has only the recorded English name, read by its first words. */
  var ROLE_WORD = { server: 'WORD_SERVER', client: 'WORD_CLIENT',
    server_thread: 'ACTOR_SERVER_THREAD', second_server: 'ACTOR_SECOND_SERVER',
    kernel: 'WORD_KERNEL' };
  function actorName(s) {
    if (s.role !== undefined && ROLE_WORD[s.role]) return T[ROLE_WORD[s.role]] + (s.n ? ' ' + s.n : '');
    var a = s.actor;
    var words = [['server thread', 'ACTOR_SERVER_THREAD'], ['second server', 'ACTOR_SECOND_SERVER'],
      ['server', 'WORD_SERVER'], ['client', 'WORD_CLIENT']];
    for (var i = 0; i < words.length; i++)
      if (a.indexOf(words[i][0]) === 0) return T[words[i][1]] + a.slice(words[i][0].length);
    return a;
  }

  function callText(s) {
    var r;
    if (s.pending) r = '...';
    else if (s.err) r = fmt(T.RESULT_FAIL, s.err);
    else if (s.call === 'socket' || s.call === 'accept') r = fmt(T.RESULT_FD, s.result);
    else if (BYTE_CALLS.indexOf(s.call) >= 0) r = count('RESULT_BYTE', 'RESULT_BYTES', s.result);
    else r = T.RESULT_OK;
    return s.call + '(' + s.args + ') -> ' + r;
  }

  /* The sentence the walkthrough tells the step with (html.c's say_text, from wt_step_say: it
   * depends on the run, e.g. the option setsockopt sets, why a bind failed); a page from before
   * it chooses by the call and its error, as the walkthrough then did. */
  function callExplain(s) {
    if (s.say_text && s.say_text[lang] !== undefined) return s.say_text[lang];
    if (s.err === 'EADDRINUSE') return T.ERR_EADDRINUSE;
    if (s.err === 'ECONNREFUSED') return T.ERR_ECONNREFUSED;
    if (s.err) return T.ERR_OTHER;
    if (s.call === 'sendto') return T.UDP_CALL_SENDTO;
    if (s.call === 'recvfrom') return s.pending ? T.UDP_CALL_RECVFROM_WAIT : T.UDP_CALL_RECVFROM_DONE;
    if (udpRun && s.call === 'socket') return T.UDP_CALL_SOCKET;
    if (udpRun && s.call === 'bind') return T.UDP_CALL_BIND;
    if (udpRun && s.call === 'close') return T.UDP_CALL_CLOSE;
    switch (s.call) {
      case 'socket': return T.CALL_SOCKET;
      case 'setsockopt': return T.CALL_SETSOCKOPT;
      case 'bind': return T.CALL_BIND;
      case 'listen': return T.CALL_LISTEN;
      case 'accept': return s.pending ? T.CALL_ACCEPT_WAIT : T.CALL_ACCEPT_DONE;
      case 'connect': return T.CALL_CONNECT;
      case 'sendall': return T.CALL_SENDALL;
      case 'recv': return s.pending ? T.CALL_RECV_WAIT : s.result === 0 ? T.CALL_RECV_EOF : T.CALL_RECV_DONE;
      default: return s.unconnected ? T.CALL_CLOSE_UNCONNECTED : T.CALL_CLOSE;
    }
  }

  /* ---- the TCP analysis: marks on the ladder, verdicts in the detail pane ---- */
  /* Each flag's mark: a family of verdicts with its own colour (Okabe-Ito, safe for colour
   * blindness), dash pattern and glyph, so that no mark rests on colour alone. */
  var MARKS = {
    retransmission: 'retx', fast_retransmission: 'retx', spurious_retransmission: 'retx',
    duplicate_ack: 'dup',
    lost_segment: 'loss', ack_lost_segment: 'loss', out_of_order: 'loss',
    zero_window: 'win', zero_window_probe: 'win', zero_window_probe_ack: 'win',
    window_full: 'win', window_update: 'win',
    keep_alive: 'ka', keep_alive_ack: 'ka',
    reused_ports: 'ports'
  };
  var MARK_ORDER = ['retx', 'dup', 'loss', 'win', 'ka', 'ports'];
  var MARK_WORD = { retx: 'MARK_RETRANSMISSION', dup: 'MARK_DUPLICATE_ACK', loss: 'MARK_LOSS',
    win: 'MARK_WINDOW', ka: 'MARK_KEEP_ALIVE', ports: 'MARK_PORTS' };
  var GLYPH = { retx: '\u21bb', dup: '\u2261', loss: '\u2715', win: '\u25ad', ka: '\u2665',
    ports: '\u21c6' };

  /* The verdicts the ladder marks on packet i (the kind of a retransmission, not both). */
  function marksOf(i) {
    var a = A[i];
    return a ? a.v.filter(function (v) { return v.mark; }) : [];
  }

  function markClass(i) {
    var m = marksOf(i);
    return m.length ? MARKS[m[0].flag] : '';
  }

  function tagOf(v) { return v.tag[lang === 'fr' ? 1 : 0]; }

  /* Packet i's reason for its k-th flag: the JSON's own sentence in English, html.c's French. */
  function reasonOf(i, k) {
    var v = A[i].v[k];
    if (lang === 'fr') return v.why_fr;
    var why = P[i].tcp && P[i].tcp.analysis && P[i].tcp.analysis.why;
    return why ? why[k] : v.why_fr;
  }

  /* A duration as print_duration words it: "85 µs" under a millisecond, else seconds to the
   * millisecond with the language's decimal separator. From the JSON's "0.420000" (seconds,
   * six decimals), in integers. */
  function duration(sec) {
    var m = /^(-?)(\d+)\.(\d{6})$/.exec(sec);
    if (!m) return sec;
    /* As print_duration: µs under a millisecond, ms (a tenth where there is one) under a
     * second, then seconds with three decimals. */
    var us = parseInt(m[2], 10) * 1000000 + parseInt(m[3], 10);
    var dec = lang === 'fr' ? ',' : '.';
    if (us < 1000) return m[1] + us + ' \u00b5s';
    if (us < 1000000) {
      var tenth = Math.floor(us / 100) % 10;
      return m[1] + Math.floor(us / 1000) + (tenth ? dec + tenth : '') + ' ms';
    }
    var ms = Math.floor(us / 1000);
    return m[1] + Math.floor(ms / 1000) + dec + ('00' + ms % 1000).slice(-3) + ' s';
  }

  /* The URL fragment of item k, numbered as the walkthrough numbers them: a call is its step
   * (#step=9: the walkthrough's step 9), a packet its number (#packet=4: packet #4). */
  function hashOf(k) {
    var it = items[k];
    return it.kind === 'call' ? 'step=' + (it.step + 1) : 'packet=' + (it.pkt + 1);
  }

  function itemOf(kind, key, n) {
    for (var k = 0; k < items.length; k++)
      if (items[k].kind === kind && items[k][key] === n) return k;
    return -1;
  }

  /* Where the reader is: the walkthrough's step, and on a packet its number too; a capture
   * without calls counts its packets. */
  function positionText(brief) {
    var it = items[cur];
    if (!it) return '';
    if (!D.steps.length) return fmt(T.PAGE_POS_PACKET, it.pkt + 1, P.length);
    if (it.kind === 'call') return fmt(T.UI_STEP, it.step + 1, D.steps.length);
    return fmt(T[brief && T.PAGE_POS_STEP_PACKET_SHORT ? 'PAGE_POS_STEP_PACKET_SHORT' :
      'PAGE_POS_STEP_PACKET'], it.step + 1, D.steps.length, it.pkt + 1, P.length);
  }

  /* The counter, and where the toolbar is narrow (page.css) its short form in its place: the
   * whole one stays for screen readers. */
  function renderPosition() {
    var pos = $('position'), whole = positionText(false), brief = positionText(true);
    pos.textContent = '';
    pos.appendChild(el('span', 'pos-whole' + (brief !== whole ? ' has-brief' : ''), whole));
    if (brief === whole) return;
    var b = el('span', 'pos-brief', brief);
    b.setAttribute('aria-hidden', 'true');
    pos.appendChild(b);
  }

  /* The item that shows the packet of capture frame n (frame numbers count from 1). */
  function itemOfFrame(n) {
    for (var k = 0; k < items.length; k++)
      if (items[k].kind === 'pkt' && P[items[k].pkt].frame === n) return k;
    return -1;
  }

  var focusDetail = false;

  /* A link that steps to frame n: a real link (Enter follows it; Back comes back), the
   * conversation filter lifted when the frame is outside it. */
  function frameLink(n, text) {
    var k = itemOfFrame(n);
    if (k < 0) return el('span', '', text);
    var a = el('a', 'frame-link', text);
    var c = visible(items[k]) ? conv : 'all';
    a.href = '#' + hashOf(k) + (lang !== D.lang ? '&lang=' + lang : '') +
      (c !== 'all' ? '&conv=' + c : conv !== 'all' ? '&conv=all' : '');
    a.setAttribute('data-frame', n);
    a.addEventListener('click', function () { focusDetail = true; });
    return a;
  }

  /* The window as TCP means it (tcp.window_size), as -v words it. */
  function windowText(i, raw) {
    var a = A[i], t = P[i].tcp;
    if (!a || t.window === undefined) return { cell: raw, full: raw };
    var syn = t.flag_names && t.flag_names.indexOf('SYN') >= 0;
    if (syn || a.shift === -2) {
      var why = syn ? AW.WINDOW_SYN : AW.WINDOW_UNSCALED;
      return { cell: raw, full: t.window + ' ' + AW.WINDOW_BYTES + ' (' + why + ')' };
    }
    if (a.shift >= 0 && t.window_size !== undefined) {
      var mul = '\u00d7 ' + Math.pow(2, a.shift);
      return { cell: a.shift ? t.window + ' (' + mul + ' = ' + t.window_size + ')' : raw,
        full: t.window + ' (' + mul + ' = ' + t.window_size + ' ' + AW.WINDOW_BYTES + ')' };
    }
    return { cell: raw, full: t.window + ' (' + AW.WINDOW_UNKNOWN + ')' };
  }

  /* A mark's glyph in the text: decoration beside the words, hidden from screen readers. */
  function badge(kind) {
    var b = el('span', 'badge', GLYPH[kind]);
    b.setAttribute('aria-hidden', 'true');
    return b;
  }

  function legend() {
    var seen = {};
    A.forEach(function (a, i) { if (a && visible({ kind: 'pkt', pkt: i })) {
      marksOf(i).forEach(function (v) { seen[MARKS[v.flag]] = true; });
    } });
    var kinds = MARK_ORDER.filter(function (k) { return seen[k]; });
    if (!kinds.length) return null;
    var box = el('div', 'legend');
    box.id = 'legend';
    box.appendChild(el('span', 'legend-title', lab(AW.LEGEND, '').trim()));
    kinds.forEach(function (k) {
      var item = el('span', 'legend-item mark-' + k);
      item.appendChild(badge(k));
      item.appendChild(el('span', 'swatch'));
      item.appendChild(document.createTextNode(AW[MARK_WORD[k]]));
      box.appendChild(item);
    });
    return box;
  }

  function renderAnalysis(box, i) {
    var a = A[i], t = P[i].tcp, ta = t && t.analysis;
    if (!a || !ta) return;
    var sec = el('section', 'analysis');
    sec.id = 'analysis';
    sec.appendChild(el('h3', '', AW.ANALYSIS + ' \u00b7 ' + AW.STREAM + ' ' + t.stream));
    if (a.v.length) {
      var ul = el('ul', 'verdicts');
      /* The marked verdicts first; a retransmission beside its kind (fast, spurious) after,
       * as a detail of it. */
      var order = a.v.map(function (v, k) { return k; }).filter(function (k) { return a.v[k].mark; })
        .concat(a.v.map(function (v, k) { return k; }).filter(function (k) { return !a.v[k].mark; }));
      order.forEach(function (k) {
        var v = a.v[k];
        var li = el('li', 'verdict mark-' + MARKS[v.flag] + (v.mark ? '' : ' secondary'));
        li.setAttribute('data-flag', v.flag);
        li.appendChild(badge(MARKS[v.flag]));
        /* "tag: reason." as the language punctuates it; the tag in bold */
        var parts = AW.VERDICT.split('%s');
        li.appendChild(el('b', 'verdict-tag', tagOf(v)));
        li.appendChild(el('span', 'reason', parts[1] + reasonOf(i, k) + parts[2] + ' '));
        if (v.frame) li.appendChild(frameLink(v.frame, fmt(AW.SEE_FRAME, v.frame)));
        ul.appendChild(li);
      });
      sec.appendChild(ul);
    }
    var dl = el('dl', 'analysis-fields');
    function row(label, parts) {
      dl.appendChild(el('dt', '', label));
      var dd = el('dd');
      parts.forEach(function (x) {
        dd.appendChild(typeof x === 'string' ? document.createTextNode(x) : x);
      });
      dl.appendChild(dd);
    }
    if (ta.acks_frame) row(AW.ACKS, [frameLink(ta.acks_frame, '#' + ta.acks_frame)].concat(
      ta.ack_rtt ? [' \u00b7 ' + AW.RTT + ' ' + duration(ta.ack_rtt)] : []));
    if (ta.duplicate_ack_num) row(AW.DUPLICATE_ACK_NUM, [ta.duplicate_ack_num + ' (',
      frameLink(ta.duplicate_ack_frame, '#' + ta.duplicate_ack_frame), ')']);
    if (ta.bytes_in_flight !== undefined) row(AW.IN_FLIGHT, [String(ta.bytes_in_flight)]);
    if (ta.rto) row(AW.RTO, [duration(ta.rto) + ' (', frameLink(ta.rto_frame, '#' + ta.rto_frame), ')']);
    if (ta.initial_rtt) row(AW.HANDSHAKE_RTT, [duration(ta.initial_rtt)]);
    if (dl.childNodes.length) sec.appendChild(dl);
    a.notes.forEach(function (n) {
      sec.appendChild(el('p', 'muted', lab(AW.NOTE, n[lang === 'fr' ? 1 : 0])));
    });
    if (sec.childNodes.length > 1) box.appendChild(sec);
  }

  /* ---- the ladder ---- */
  /* An arrow's mark: the glyph of its first verdict by the sender's lifeline, and the tags of
   * all its marked verdicts under the line. */
  function markArrow(a, i, x, c2s, y, mid) {
    var m = marksOf(i), kind = MARKS[m[0].flag];
    var bx = c2s ? x - 16 : x + 16;
    var b = svg('g', { class: 'mark-badge mark-' + kind });
    b.appendChild(svg('circle', { cx: bx, cy: y + 6, r: 9 }));
    b.appendChild(svg('text', { x: bx, y: y + 10.5, 'text-anchor': 'middle' }, GLYPH[kind]));
    a.appendChild(b);
    a.appendChild(svg('text', { x: mid, y: y + 20, 'text-anchor': 'middle', class: 'mark-tag' },
      m.map(tagOf).join(' \u00b7 ')));
  }

  /* The ladder's visible items, each with its y and height: a marked arrow's row is taller,
   * its tag going under the arrow. H: the height of them all. */
  function ladderRows(top, rowH, tagH) {
    var rows = items.map(function (it, i) { return { it: it, i: i }; })
      .filter(function (r) { return visible(r.it); });
    var H = top - rowH / 2;
    rows.forEach(function (r) {
      r.mark = r.it.kind === 'pkt' ? markClass(r.it.pkt) : '';
      r.y = H + rowH / 2;
      r.h = rowH + (r.mark ? tagH : 0);
      H += r.h;
    });
    return { rows: rows, H: H + 20 };
  }

  /* The two columns named, client and server (their address and port where the ladder shows
   * one conversation): a strip of the ladder's width, above it in the pane's sticky head, so that
   * they stay in view however far the ladder scrolls. */
  function ladderCols(W) {
    var ep = endpoints(conv);
    var many = conv === 'all' && convIds.length > 1;
    var s = svg('svg', { width: W, height: 24, viewBox: '0 0 ' + W + ' 24', class: 'cols' });
    s.appendChild(svg('text', { x: 6, y: 17, 'text-anchor': 'start', class: 'col' },
      T.WORD_CLIENT + (many ? '' : ' ' + ep.client)));
    s.appendChild(svg('text', { x: W - 6, y: 17, 'text-anchor': 'end', class: 'col' },
      serverWord() + (many ? '' : ' ' + ep.server)));
    return s;
  }

  /* The ladder's frame: arrow heads, the two lifelines (their names in ladderCols). */
  function ladderSvg(W, H, L, R) {
    var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, id: 'ladder',
      role: 'img', 'aria-label': T.LADDER });
    var defs = svg('defs', {});
    ['c2s', 's2c'].concat(MARK_ORDER).forEach(function (d) {
      var m = svg('marker', { id: 'head-' + d, viewBox: '0 0 10 10', refX: 9, refY: 5,
        markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', class: 'head-' + d });
      m.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z' }));
      defs.appendChild(m);
    });
    s.appendChild(defs);
    s.appendChild(svg('line', { x1: L, y1: 4, x2: L, y2: H - 8, class: 'life' }));
    s.appendChild(svg('line', { x1: R, y1: 4, x2: R, y2: H - 8, class: 'life' }));
    return s;
  }

  /* A packet's arrow. Packets of no TCP conversation and no datagram have no side: drawn left
   * to right, grey. A datagram goes the way it went (fromClient). */
  function packetArrow(r, L, R) {
    var y = r.y, i = r.it.pkt;
    var from = fromClient(i);
    var c2s = from !== false;
    var dir = from === undefined ? 'other' : c2s ? 'c2s' : 's2c';
    var a = svg('g', { class: 'arrow ' + dir + (r.mark ? ' marked mark-' + r.mark : ''),
      'data-packet': i + 1 });
    a.appendChild(svg('line', { x1: c2s ? L : R, y1: y + 6, x2: c2s ? R : L, y2: y + 6,
      'marker-end': 'url(#head-' + (r.mark || (c2s ? 'c2s' : 's2c')) + ')' }));
    a.appendChild(svg('text', { x: (L + R) / 2, y: y + 1, 'text-anchor': 'middle' },
      '#' + (i + 1) + ' ' + packetLabel(i)));
    if (r.mark) markArrow(a, i, c2s ? L : R, c2s, y, (L + R) / 2);
    var states = stateText(i);
    if (states) a.appendChild(svg('title', {}, states));
    return a;
  }

  /* A socket call, on its side's lifeline, numbered as the walkthrough numbers its steps (a
   * sentence may name one: "step 9"). */
  function callBox(r, L, R) {
    var y = r.y, st = D.steps[r.it.step];
    var text = (r.it.step + 1) + ' ' + lab(actorName(st), st.call + '()') +
      (st.pending ? ' ...' : (st.call === 'recv' || st.call === 'recvfrom') && !st.err ?
        ' ' + st.result : '') +
      (st.err ? ' ' + st.err : '');
    var c = svg('g', { class: 'call' });
    var x = st.server ? R - 8 : L + 8;
    var t = svg('text', { x: x, y: y + 4, 'text-anchor': st.server ? 'end' : 'start' }, text);
    var w = Math.min(8 + text.length * 7.3, R - L - 10);
    c.appendChild(svg('rect', { x: st.server ? x - w + 4 : x - 4, y: y - 10, width: w,
      height: 20, rx: 4 }));
    c.appendChild(t);
    return c;
  }

  function renderLadder() {
    var pane = $('ladder-pane');
    pane.textContent = '';
    /* On a phone the margins shrink so that the ladder, marks included, fits the screen. */
    var narrow = pane.clientWidth && pane.clientWidth < 440;
    var W = narrow ? Math.max(330, pane.clientWidth - 4)
      : Math.max(420, Math.min(560, (pane.clientWidth || 560) - 20));
    var M = narrow ? 36 : 70;
    var L = M, R = W - M, rowH = 30;
    var lay = ladderRows(24, rowH, 14);
    /* The frames the current packet's verdicts refer to: outlined, so the earlier one is found. */
    var refs = {};
    var now = items[cur];
    if (now && now.kind === 'pkt' && A[now.pkt])
      A[now.pkt].v.forEach(function (v) { if (v.frame) refs[v.frame] = true; });
    /* The legend and the columns' names, sticky at the top of the pane. */
    var head = el('div', 'ladder-head');
    head.id = 'ladder-head';
    var leg = legend();
    if (leg) head.appendChild(leg);
    head.appendChild(ladderCols(W));
    pane.appendChild(head);
    var s = ladderSvg(W, lay.H, L, R);
    /* a step scrolled into view lands below the head, not under it */
    s.style.setProperty('--head', (head.offsetHeight + 8) + 'px');
    lay.rows.forEach(function (r) {
      var ref = r.it.kind === 'pkt' && refs[P[r.it.pkt].frame];
      var g = svg('g', { class: 'row' + (r.i === cur ? ' current' : '') + (ref ? ' ref' : ''),
        'data-item': r.i });
      /* the current step, as ARIA says it: screen readers announce it, tests find it */
      if (r.i === cur) g.setAttribute('aria-current', 'step');
      g.appendChild(svg('rect', { x: 0, y: r.y - rowH / 2, width: W, height: r.h, class: 'band' }));
      g.appendChild(r.it.kind === 'pkt' ? packetArrow(r, L, R) : callBox(r, L, R));
      g.addEventListener('click', function () { go(r.i); });
      s.appendChild(g);
    });
    pane.appendChild(s);
  }

  /* ---- one packet: encapsulation, header rows, bytes ---- */
  var IPV4_ROWS = [
    [['VERSION', 4, 'version', 0, 1], ['IHL', 4, 'ihl', 0, 1], ['TOS', 8, 'tos', 1, 2],
      ['TOTAL_LENGTH', 16, 'total_length', 2, 4]],
    [['ID', 16, 'id', 4, 6], ['FLAGS', 3, 'flags', 6, 7], ['FRAG', 13, 'frag_offset', 6, 8]],
    [['TTL', 8, 'ttl', 8, 9], ['PROTOCOL', 8, 'protocol', 9, 10],
      ['IP_CHECKSUM', 16, 'checksum', 10, 12]],
    [['SRC', 32, 'src', 12, 16]], [['DST', 32, 'dst', 16, 20]]
  ];
  var TCP_ROWS = [
    [['SPORT', 16, 'src_port', 0, 2], ['DPORT', 16, 'dst_port', 2, 4]],
    [['SEQ', 32, 'seq', 4, 8]], [['ACK', 32, 'ack', 8, 12]],
    [['DATA_OFFSET', 4, 'data_offset', 12, 13], ['RESERVED', 3, null, 12, 13],
      ['TCP_FLAGS', 9, 'flags', 12, 14], ['WINDOW', 16, 'window', 14, 16]],
    [['TCP_CHECKSUM', 16, 'checksum', 16, 18], ['URGENT', 16, 'urgent', 18, 20]]
  ];

  var UDP_ROWS = [
    [['UDP_FIELD_SPORT', 16, 'src_port', 0, 2], ['UDP_FIELD_DPORT', 16, 'dst_port', 2, 4]],
    [['UDP_FIELD_LENGTH', 16, 'length', 4, 6], ['UDP_FIELD_CHECKSUM', 16, 'checksum', 6, 8]]
  ];

  /* ICMP's 8 bytes: type, code, checksum; then an echo's identifier and sequence number, or
   * the rest of the header as its type fills it (renderIcmp). */
  var ICMP_ROWS = [
    [['ICMP_FIELD_TYPE', 8, 'type', 0, 1], ['ICMP_FIELD_CODE', 8, 'code', 1, 2],
      ['ICMP_FIELD_CHECKSUM', 16, 'checksum', 2, 4]]
  ];
  var ICMP_ECHO_ROW = [['ICMP_FIELD_ID', 16, 'id', 4, 6], ['ICMP_FIELD_SEQ', 16, 'seq', 6, 8]];
  var ICMP_REST_ROW = [['ICMP_FIELD_REST', 32, 'rest', 4, 8]];

  function value(layer, key, h) {
    if (key === null) return h.data_offset === undefined ? MISSING : '0'; /* TCP's reserved bits */
    var v = h[key];
    if (v === undefined) return MISSING;
    if (layer === 'ip') {
      if (key === 'flags') return FLAGS4[v & 7];
      if (key === 'checksum') return '0x' + ('000' + v.toString(16)).slice(-4) + ' ' + verdict(h.checksum_status);
      if (key === 'protocol') return v + (v === 6 ? ' TCP' : v === 17 ? ' UDP' : v === 1 ? ' ICMP' : '');
      if (key === 'tos') return '0x' + ('0' + v.toString(16)).slice(-2);
    } else if (layer === 'icmp') {
      if (key === 'checksum') return '0x' + ('000' + v.toString(16)).slice(-4) + ' ' + verdict(h.checksum_status);
    } else if (layer === 'udp') {
      if (key === 'checksum') return v === 0 ? '0' : '0x' + ('000' + v.toString(16)).slice(-4) + ' ' + verdict(h.checksum_status);
    } else {
      if (key === 'flags') return flagShort(h.flag_names);
      if (key === 'checksum') return '0x' + ('000' + v.toString(16)).slice(-4) + ' ' + verdict(h.checksum_status);
      if (key === 'seq' && h.seq_rel !== undefined) return v + ' (' + h.seq_rel + ')';
      if (key === 'ack' && h.ack_rel !== null && h.ack_rel !== undefined) return v + ' (' + h.ack_rel + ')';
    }
    return String(v);
  }

  function verdict(st) {
    return T['VERDICT_' + String(st).toUpperCase()] || st;
  }

  function showInfo(name, val, meaning) {
    var box = $('field-info');
    box.textContent = '';
    box.appendChild(el('b', '', name));
    box.appendChild(el('span', 'value', val));
    box.appendChild(el('div', 'meaning', meaning));
  }

  function highlight(from, to, on) {
    for (var b = from; b < to; b++) {
      var e = $('byte-' + b), a = $('ascii-' + b);
      if (e) e.classList.toggle('hl', on);
      if (a) a.classList.toggle('hl', on);
    }
  }

  /* len data bytes of packet i from byte `from`, as the walkthrough quotes them
   * (wt_quote_bytes): printable ASCII as it is, other bytes as \xNN, cut after 64 characters
   * or where the capture stops, in the language's quotation marks. */
  function payloadText(i, from, len) {
    var hex = D.bytes[i], have = Math.max(0, Math.min(len, hex.length / 2 - from));
    var s = '', k = 0;
    for (; k < have && s.length < 64; k++) {
      var h = hex.substr((from + k) * 2, 2), c = parseInt(h, 16);
      s += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? String.fromCharCode(c) : '\\x' + h;
    }
    return fmt(T.PAGE_QUOTE, s + (k < len ? T.PAGE_CUT : ''));
  }

  /* Narrow cells (under 8 bits) show a short name, as the lesson's drawing does. */
  var SHORT = { VERSION: 'PAGE_SHORT_VERSION', IHL: 'PAGE_SHORT_IHL', FLAGS: '',
    DATA_OFFSET: 'PAGE_SHORT_DATA_OFFSET', RESERVED: '' };

  function cellFor(layer, spec, h, base) {
    var f = field(spec[0]);
    var v = value(layer, spec[2], h);
    var full = v;
    if (layer === 'tcp' && spec[0] === 'WINDOW' && v !== MISSING) {
      var wt = windowText(items[cur].pkt, v);
      v = wt.cell;
      full = wt.full;
    }
    var name = spec[1] < 8 && SHORT[spec[0]] !== undefined ? (SHORT[spec[0]] && T[SHORT[spec[0]]])
      : f.name.replace(/ \(.*\)$/, '');
    var c = el('div', 'cell ' + layer, (name ? name + ' ' : '') + v);
    /* where the name does not fit beside the value, even on two lines: --diagram's short one
     * (html.c's "short": « Déc. », « TTL », « Proto »), chosen once the cell is laid out */
    var brief = D.short && D.short[lang] && D.short[lang][spec[0]];
    if (name && brief && brief !== name) c.setAttribute('data-short', brief + ' ' + v);
    c.style.gridColumn = 'span ' + spec[1];
    c.tabIndex = 0;
    c.setAttribute('data-field', spec[0]);
    c.title = lab(f.name, full);
    var from = base + spec[3], to = base + spec[4];
    function on() { highlight(from, to, true); c.classList.add('hl'); showInfo(f.name, full, f.meaning); }
    function off() { highlight(from, to, false); c.classList.remove('hl'); }
    c.addEventListener('mouseenter', on);
    c.addEventListener('focus', on);
    c.addEventListener('mouseleave', off);
    c.addEventListener('blur', off);
    return c;
  }

  /* A cell's text wider than the cell (a word longer than its line): --diagram's short name
   * instead; a value still too wide (flags in three bits) breaks where it must. Measured once
   * the detail pane is laid out, at the page's width. */
  function fitCells(box) {
    var cells = box.querySelectorAll('.cell[data-field]');
    var over = function (c) { return c.scrollWidth > c.clientWidth; };
    Array.prototype.forEach.call(cells, function (c) {
      if (over(c) && c.getAttribute('data-short')) c.textContent = c.getAttribute('data-short');
      if (over(c)) c.classList.add('tight');
    });
  }

  function bitsGrid(layer, rows, h, base, optLen, optKey) {
    var g = el('div', 'bits');
    for (var b = 0; b < 32; b++) g.appendChild(el('div', 'cell ruler', String(b % 10)));
    rows.forEach(function (row) {
      row.forEach(function (spec) { g.appendChild(cellFor(layer, spec, h, base)); });
    });
    if (optLen > 0) {
      var names = (h.options || []).map(function (o) { return o.name; }).join(' ');
      g.appendChild(cellFor(layer, [optKey, 32, null, 20, 20 + optLen], { }, base));
      g.lastChild.textContent = fmt(T.PAGE_OPTIONS, field(optKey).name, optLen, names);
    }
    return g;
  }

  /* Each side's TCP state after packet i, as --json's tcp.state gives them (the sender's and
   * the receiver's, RFC 9293 names, null when unknown), told as client and server in the
   * reader's language: "TCP state after this packet: client ESTABLISHED, server SYN-RECEIVED".
   * Empty for a packet without them. */
  function stateName(s) {
    return s ? T['STATE_' + s.replace(/-/g, '_')] || s : MISSING;
  }

  function stateText(i) {
    var t = P[i].tcp, st = t && t.state;
    if (!st || (!st.src && !st.dst)) return '';
    var fromServer = D.conn[i] && !D.client[i];
    var c = fromServer ? st.dst : st.src, s = fromServer ? st.src : st.dst;
    /* A side the walkthrough gives no state (html.c's sides, wt_side_states: not seen yet, or
     * the kernel answering for a port where nothing listens) is left out, as it leaves it out. */
    var sides = D.sides && D.sides[i];
    if (!sides) return fmt(T.UI_STATE_AFTER, stateName(c), stateName(s));
    if (!sides[0]) c = null;
    if (!sides[1]) s = null;
    if (c && s) return fmt(T.UI_STATE_AFTER, stateName(c), stateName(s));
    if (!c && !s) return '';
    return fmt(T.PAGE_STATE_AFTER_SIDE, c ? T.WORD_CLIENT : serverWord(), stateName(c || s));
  }

  /* Encapsulation: link | IPv4 or IPv6 | TCP, UDP, ICMP or ARP | data, with byte counts; the data as text. */
  function renderEncapsulation(box, i) {
    var p = P[i], hdr = D.hdr[i], t = p.tcp;
    box.appendChild(el('h3', '', T.UI_ENCAPSULATION));
    /* The first fragment of a UDP datagram that continues in later fragments carries only a
     * part of the payload its UDP length counts: the part the C printers show, from --json. */
    var firstFrag = p.udp && p.udp.fragment_payload_length !== undefined;
    var payload = t && t.payload_length !== undefined ? t.payload_length
      : firstFrag ? p.udp.fragment_payload_length
      : p.udp && p.udp.length >= 8 ? p.udp.length - 8 : 0;
    /* ICMP's data: what follows its 8 bytes in the IP packet (an echo's, an error's quote) */
    if (p.icmp && hdr[2]) payload = ipPayload(i) - 8;
    var upper = t ? T.UI_TCP_HEADER : p.udp ? T.UI_UDP_HEADER : p.icmp ? T.PAGE_ICMP_HEADER
      : T.PAGE_ARP_HEADER;
    var parts = [['link', T.UI_LINK_HEADER, hdr[0]],
      ['ip', p.ipv6 ? T.PAGE_IPV6_HEADER : T.UI_IPV4_HEADER, hdr[1]],
      ['tcp', upper, hdr[2]], ['data', T.UI_PAYLOAD, payload]];
    var outer = null, root = null;
    parts.forEach(function (x) {
      if (!x[2] && x[0] !== 'data') return;
      var d = el('div', 'enc ' + x[0]);
      var all = x[0] === 'data' && firstFrag ? p.udp.length - 8 : x[2];
      d.appendChild(el('span', 'tag', x[1] + ' · ' + bytes(all, x[2] + (all !== x[2] ? '/' + all : ''))));
      /* the data as text, where its bytes begin is known (after IPv4's or IPv6's header) */
      if (x[0] === 'data' && payload && hdr[1]) {
        var q = el('span', 'payload-text', payloadText(i, hdr[0] + hdr[1] + hdr[2], payload));
        q.id = 'payload-text';
        d.appendChild(document.createTextNode(' '));
        d.appendChild(q);
      }
      if (outer) outer.appendChild(d); else root = d;
      outer = d;
    });
    if (root) box.appendChild(root);
  }

  /* The bytes IP carries after its header (IPv4's total length, IPv6's payload length less its
   * extension headers); 0 where they are not known. */
  function ipPayload(i) {
    var p = P[i], n = 0;
    if (p.ipv4 && p.ipv4.total_length !== undefined) n = p.ipv4.total_length - D.hdr[i][1];
    else if (p.ipv6 && p.ipv6.payload_length !== undefined) n = p.ipv6.payload_length - (D.hdr[i][1] - 40);
    return Math.max(8, n);
  }

  /* The bytes, each layer in its colour. */
  function renderHex(box, i) {
    var hdr = D.hdr[i];
    box.appendChild(el('h3', '', T.UI_HEX));
    var hex = D.bytes[i], hx = el('div', 'hex');
    var bounds = [hdr[0], hdr[0] + hdr[1], hdr[0] + hdr[1] + hdr[2]];
    /* Offset, 16 bytes in hex, then the same bytes as ASCII (as tcpdump -X and xxd: a byte
     * that is no printable character as '.'), each byte in its layer's colour in both. */
    for (var o = 0; o < hex.length / 2; o += 16) {
      var line = el('div');
      line.appendChild(el('span', 'off', ('000' + o.toString(16)).slice(-4)));
      var text = el('span', 'ascii');
      for (var b = o; b < o + 16; b++) {
        if (b >= hex.length / 2) { /* the last line's ASCII under the others' */
          line.appendChild(el('span', 'b pad', '\u00a0\u00a0'));
          continue;
        }
        var cls = b < bounds[0] ? 'link' : b < bounds[1] ? 'ip' : b < bounds[2] ? 'tcp' : 'data';
        var sp = el('span', 'b ' + cls, hex.substr(b * 2, 2));
        sp.id = 'byte-' + b;
        line.appendChild(sp);
        var c = parseInt(hex.substr(b * 2, 2), 16);
        var ch = el('span', 'a ' + cls, c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.');
        ch.id = 'ascii-' + b;
        text.appendChild(ch);
      }
      text.style.marginLeft = '1ch'; /* apart from the hex, as xxd sets it */
      line.appendChild(text);
      hx.appendChild(line);
    }
    box.appendChild(hx);
  }

  function renderPacket(box, i) {
    var p = P[i], hdr = D.hdr[i], t = p.tcp, ip = p.ipv4;
    var from = fromClient(i);
    /* a packet sided by its addresses alone has no client or server: its hosts are named */
    var hosts = hostC2s[i] === undefined ? null : p.arp ? [p.arp.sender_ip, p.arp.target_ip]
      : [(p.ipv4 || p.ipv6).src, (p.ipv4 || p.ipv6).dst];
    var dir = hosts ? hosts.join(' → ') + ' · ' : from === undefined ? '' : (from ? T.WORD_CLIENT +
      ' → ' + serverWord() : serverWord() + ' → ' + T.WORD_CLIENT) + ' · ';
    box.appendChild(el('h2', '', T.UI_PACKET + ' #' + (i + 1) + ' · ' + dir + packetLabel(i)));
    var step = items[cur].step;
    if (step !== undefined) {
      var st = D.steps[step];
      box.appendChild(el('p', 'muted', lab(actorName(st), callText(st))));
    }
    if (udpC2s[i] !== undefined) box.appendChild(el('p', 'explain', datagramText(p.udp)));
    /* What the packet means, as the walkthrough tells it under the packet (html.c's meaning:
     * its flags' sentence, what it acknowledges and after how long, the state change). */
    var said = D.meaning && D.meaning[i] ? D.meaning[i][lang] : [];
    said.forEach(function (line) {
      line.split('\n').forEach(function (part) { box.appendChild(el('p', 'explain meaning', part)); });
    });
    var states = stateText(i);
    if (states) {
      var sp = el('p', 'state', states);
      sp.id = 'state';
      box.appendChild(sp);
    }
    renderAnalysis(box, i);
    renderEncapsulation(box, i);
    if (ip && ip.ihl) {
      box.appendChild(el('h3', '', T.UI_IPV4_HEADER + ' · ' + bytes(ip.ihl * 4)));
      box.appendChild(bitsGrid('ip', IPV4_ROWS, ip, hdr[0], ip.ihl * 4 - 20, 'IP_OPTIONS'));
    }
    if (t && (t.data_offset === undefined || t.data_offset >= 5)) {
      /* A cut header still shows its grid: the fields not captured as dashes. */
      var tlen = t.data_offset === undefined ? 0 : t.data_offset * 4;
      box.appendChild(el('h3', '', T.UI_TCP_HEADER + (tlen ? ' · ' + bytes(tlen) : '')));
      box.appendChild(bitsGrid('tcp', TCP_ROWS, t, hdr[0] + hdr[1],
        tlen ? tlen - 20 : 0, 'TCP_OPTIONS'));
    }
    if (p.icmp) renderIcmp(box, i);
    if (p.udp && !t) {
      /* A cut header still shows its grid: the fields not captured as dashes. */
      box.appendChild(el('h3', '', T.UI_UDP_HEADER + (hdr[2] ? ' · ' + bytes(8) : '')));
      box.appendChild(bitsGrid('udp', UDP_ROWS, p.udp, hdr[0] + hdr[1], 0));
    }
    var info = el('div', '', T.UI_HOVER);
    info.id = 'field-info';
    box.appendChild(info);
    if (t && t.checksum_status === 'partial') box.appendChild(el('p', 'explain', T.PARTIAL));
    renderHex(box, i);
    if (p.errors && p.errors.length) box.appendChild(el('p', 'error', p.errors.join(', ')));
  }

  /* ICMP's header as 32-bit rows: an echo's identifier and sequence number (--json's id, seq),
   * another type's bytes 4-7 in hex from the capture (a dash where they were not captured). */
  function renderIcmp(box, i) {
    var p = P[i], hdr = D.hdr[i], h = {}, base = hdr[0] + hdr[1];
    for (var k in p.icmp) h[k] = p.icmp[k];
    var name = ICMP_NAMES[p.ipv6 ? 6 : 4][h.type];
    var echo = h.id !== undefined || name === 'ECHO_REQUEST' || name === 'ECHO_REPLY';
    if (!echo && hdr[2] === 8) h.rest = '0x' + D.bytes[i].substr((base + 4) * 2, 8);
    box.appendChild(el('h3', '', T.PAGE_ICMP_HEADER + (hdr[2] ? ' \u00b7 ' + bytes(8) : '')));
    box.appendChild(bitsGrid('icmp', ICMP_ROWS.concat([echo ? ICMP_ECHO_ROW : ICMP_REST_ROW]), h, base, 0));
  }

  /* The walkthrough's lines about the layers, their common indent taken off. */
  function layersText(text, id) {
    var lines = text.replace(/\s+$/, '').split('\n');
    var indent = Math.min.apply(null, lines.filter(function (l) { return l.trim(); })
      .map(function (l) { return l.match(/^ */)[0].length; }));
    lines = lines.map(function (l) { return l.slice(indent); });
    var pre = el('pre', 'layers ' + id, lines.join('\n'));
    pre.id = id;
    pre.setAttribute('data-columns', Math.max.apply(null, lines.map(function (l) { return l.length; })));
    pre.style.whiteSpace = 'pre-wrap'; /* narrower than its columns even at the smallest size */
    return pre;
  }

  /* The walkthrough's columns kept as it aligns them: the text a little smaller where the pane
   * is narrower than its longest line (a monospace character is 0.6 em wide), down to 10 px. */
  function fitLayers(box) {
    Array.prototype.forEach.call(box.querySelectorAll('pre.layers'), function (pre) {
      var cols = +pre.getAttribute('data-columns') || 1;
      var px = Math.floor(pre.clientWidth / (cols * 0.61) * 2) / 2;
      if (px < 13) pre.style.fontSize = Math.max(10, px) + 'px';
    });
  }

  function renderCall(box, it) {
    var s = D.steps[it.step];
    box.appendChild(el('h2', '', T.UI_CALL + ' ' + (it.step + 1) + ' · ' + actorName(s)));
    box.appendChild(el('p', 'call-text', callText(s)));
    box.appendChild(el('p', s.err ? 'explain error' : 'explain', callExplain(s)));
    if (s.detail && !s.pending)
      box.appendChild(el('p', 'muted', s.call === 'connect' ? fmt(T.LOCAL_ADDR, s.detail) : s.detail));
    /* A recv or recvfrom that returned data: the climb up the receiver's layers, as the
     * walkthrough prints it (html.c's climb, in both languages). */
    if (s.climb && s.climb[lang]) box.appendChild(layersText(s.climb[lang], 'climb'));
    if (s.count) {
      var ul = el('ul');
      for (var k = 0; k < s.count; k++) {
        /* each packet a link to it (#packet=N), as the analysis' frame links */
        var li = el('li'), n = s.first + k;
        li.appendChild(frameLink(P[n].frame, '#' + (n + 1)));
        li.appendChild(document.createTextNode(' ' + packetLabel(n)));
        ul.appendChild(li);
      }
      box.appendChild(ul);
      /* A sendall or sendto: the way down the sender's layers under its packets, as the
       * walkthrough prints it (html.c's descent, in both languages). */
      if (s.descent && s.descent[lang]) box.appendChild(layersText(s.descent[lang], 'descent'));
    } else if (['connect', 'sendall', 'close', 'sendto'].indexOf(s.call) >= 0 && !s.err &&
               !s.unconnected) {
      box.appendChild(el('p', 'muted', T.NO_PACKET));
    }
  }

  /* The headers' bytes by protocol, in the order of the layers, only those present: the link,
   * IPv4, IPv6, then what they carry (ARP's message counted as the link's protocol bytes). */
  function headerSplit() {
    var sum = { link: 0, IPv4: 0, IPv6: 0, TCP: 0, UDP: 0, ICMP: 0, ARP: 0 }, seen = {};
    P.forEach(function (p, i) {
      var h = D.hdr[i];
      var up = p.tcp ? 'TCP' : p.udp ? 'UDP' : p.icmp ? 'ICMP' : p.arp ? 'ARP' : null;
      [[p.link && 'link', h[0]], [p.ipv4 ? 'IPv4' : p.ipv6 && 'IPv6', h[1]], [up, h[2]]]
        .forEach(function (x) { if (x[0]) { sum[x[0]] += x[1]; seen[x[0]] = true; } });
    });
    return Object.keys(sum).filter(function (k) { return seen[k]; })
      .map(function (k) { return [k === 'link' ? T.PAGE_WORD_LINK : k, sum[k]]; });
  }

  /* "Headers: link 168, IPv4 160, ICMP 72 bytes." (the unit after the last count) */
  function splitText(split) {
    var last = split[split.length - 1];
    return fmt(T.PAGE_SUMMARY_HEADERS, split.slice(0, -1).map(function (x) { return x[0] + ' ' + x[1]; })
      .concat([last[0] + ' ' + bytes(last[1])]).join(', '));
  }

  function renderSummary() {
    var payload = 0, headers = 0;
    P.forEach(function (p, i) {
      headers += D.hdr[i][0] + D.hdr[i][1] + D.hdr[i][2];
      if (p.tcp && p.tcp.payload_length) payload += p.tcp.payload_length;
      /* a datagram whose header was captured (hdr: its 8 bytes) */
      if (p.udp && !p.tcp && D.hdr[i][2]) payload += udpPayload(p.udp);
      /* an ICMP message's data after its 8 bytes: an echo's, an error's quoted packet */
      if (p.icmp && D.hdr[i][2]) payload += ipPayload(i) - 8;
    });
    var split = headerSplit();
    var pct = headers + payload ? Math.round(headers * 100 / (headers + payload)) : 0;
    var box = $('summary');
    box.textContent = '';
    box.appendChild(el('h3', '', T.UI_SUMMARY));
    /* as the walkthrough's summary words it (its counts, no traffic said as such) */
    if (!P.length) box.appendChild(el('p', '', T.SUMMARY_NO_TRAFFIC));
    else {
      box.appendChild(el('p', '', fmt(T.WT_SUMMARY, count('N_PACKET', 'N_PACKETS', P.length),
        bytes(payload), bytes(headers), pct).replace('\n', ' ')));
      if (split.length) box.appendChild(el('p', 'split', splitText(split)));
    }
    if (D.truncated) box.appendChild(el('p', 'error', fmt(T.UI_TRUNCATED, D.truncated)));
  }

  /* ---- the follow view: the selected conversation's bytes, as --follow reassembles them
   * (html_follow.c computed them: each block [node, packet, hex] or a gap [node, packet, null,
   * bytes missing, never acknowledged]) ---- */
  var following = false;

  /* The conversation the view follows: the one selected, or the only one; a TCP one. */
  function followConv() {
    var c = conv !== 'all' ? conv : convIds.length === 1 ? convIds[0] : null;
    return c && D.follow && D.follow[c] ? c : null;
  }

  /* A block's bytes as text: printable ASCII, line feeds kept, any other byte as '.' (the
   * carriage return of a CR LF dropped, the line feed ends the line). */
  function followText(hex) {
    var s = '';
    for (var k = 0; k < hex.length; k += 2) {
      var c = parseInt(hex.substr(k, 2), 16);
      if (c === 13 && hex.substr(k + 2, 2) === '0a') continue;
      s += c === 10 ? '\n' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    }
    return s;
  }

  function renderFollow(box) {
    var F = D.follow[followConv()], shownBytes = 0;
    box.appendChild(el('h2', '', fmt(T.FOLLOW_TITLE, F.stream)));
    box.appendChild(el('p', 'explain', fmt(T.FOLLOW_INTRO, F.stream)));
    if (!F.blocks.length) box.appendChild(el('p', 'follow-none', T.FOLLOW_NONE));
    F.blocks.forEach(function (b) {
      var from = F.nodes[b[0]], to = F.nodes[1 - b[0]], gap = b[2] === null;
      var div = el('div', 'follow-block n' + b[0] + (gap ? ' gap' : ''));
      var text = gap ? (b[4] ? fmt(T.FOLLOW_GAP_END, from, to, bytes(b[3])) :
        fmt(T.FOLLOW_GAP, from, to, bytes(b[3]), b[1])) :
        fmt(T.FOLLOW_BLOCK, from, to, bytes(b[2].length / 2), b[1]);
      var head = el('p', 'follow-head');
      /* the packet it names, one click away (a gap past the end names none) */
      head.appendChild(gap && b[4] ? el('span', '', text) : frameLink(b[1], text));
      div.appendChild(head);
      if (!gap) {
        div.appendChild(el('pre', 'follow-data', followText(b[2])));
        shownBytes += b[2].length / 2;
      }
      box.appendChild(div);
    });
    if (F.cut) box.appendChild(el('p', 'follow-cut', fmt(T.FOLLOW_CUT, bytes(shownBytes), F.stream)));
  }

  function renderDetail() {
    var box = $('detail-body');
    box.textContent = '';
    var it = items[cur];
    if (following && followConv()) renderFollow(box);
    else if (!it) return;
    else if (it.kind === 'pkt') { renderPacket(box, it.pkt); fitCells(box); }
    else { renderCall(box, it); fitLayers(box); }
    var h = box.querySelector('h2');
    if (h) h.tabIndex = -1;
    /* After a frame link, the keyboard continues from the frame it stepped to. */
    if (focusDetail && h) h.focus();
    focusDetail = false;
  }

  function renderControls() {
    document.documentElement.lang = lang;
    $('prev').textContent = '← ' + T.UI_PREV;
    $('next').textContent = T.UI_NEXT + ' →';
    $('play').textContent = timer ? T.UI_PAUSE : T.UI_PLAY + ' ␣';
    renderPosition();
    renderTitle();
    $('conv-label').textContent = T.UI_CONVERSATION;
    ['en', 'fr'].forEach(function (l) { $('lang-' + l).setAttribute('aria-pressed', l === lang); });
    var sel = $('conv');
    sel.textContent = '';
    var all = el('option', '', T.UI_ALL);
    all.value = 'all';
    sel.appendChild(all);
    var names = convIds.map(function (c) { var ep = endpoints(c); return ep.client + ' ↔ ' + ep.server; });
    convIds.forEach(function (c, k) {
      /* Ports reused by a later connection: the same endpoints twice, told apart by stream. */
      var twice = names.indexOf(names[k]) !== names.lastIndexOf(names[k]);
      var s = twice ? streamOf(c) : undefined;
      var o = el('option', '', names[k] + (s !== undefined ? ' (' + AW.STREAM + ' ' + s + ')' : ''));
      o.value = c;
      sel.appendChild(o);
    });
    sel.value = String(conv);
    var fb = $('follow');
    fb.textContent = '';
    fb.appendChild(el('span', 'f-whole', T.FOLLOW_BUTTON));
    fb.appendChild(el('span', 'f-brief', T.FOLLOW_BUTTON_BRIEF));
    fb.appendChild(document.createTextNode(' f'));
    fb.setAttribute('aria-pressed', following && followConv() ? 'true' : 'false');
    fb.style.display = followConv() ? '' : 'none';
    $('conv-label').style.display = convIds.length > 1 ? '' : 'none';
    sel.style.display = convIds.length > 1 ? '' : 'none';
    /* The whole title first: where it is cut, the toolbar's compact form (page.css). */
    var bar = document.querySelector('header'), title = $('title');
    bar.classList.remove('compact');
    if (title.scrollWidth > title.clientWidth) bar.classList.add('compact');
  }

  function render() {
    renderControls();
    renderLadder();
    renderDetail();
    renderSummary();
    /* Once the page is laid out (the detail pane changes its height): the current step in
     * view, never cut off at an edge. */
    var row = document.querySelector('[aria-current="step"]');
    if (row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
    var h = '#' + hashOf(cur) + (lang !== D.lang ? '&lang=' + lang : '') +
      (conv !== 'all' ? '&conv=' + conv : '') + (following && followConv() ? '&follow' : '');
    if (location.hash !== h && history.replaceState) history.replaceState(null, '', h);
  }

  function go(i) {
    if (!items.length) return;
    following = false; /* a step shown: the pane shows it */
    cur = Math.max(0, Math.min(items.length - 1, i));
    render();
  }

  function step(delta) {
    var i = cur + delta;
    while (i >= 0 && i < items.length && !visible(items[i])) i += delta;
    if (i >= 0 && i < items.length) go(i);
  }

  function togglePlay() {
    if (timer) { clearInterval(timer); timer = null; }
    else {
      timer = setInterval(function () {
        if (cur >= items.length - 1) { clearInterval(timer); timer = null; renderControls(); }
        else step(1);
      }, 1500);
    }
    renderControls();
  }

  function fromHash() {
    var h = location.hash.replace(/^#/, '').split('&');
    following = h.indexOf('follow') >= 0;
    h.forEach(function (kv) {
      var p = kv.split('=');
      var n = parseInt(p[1], 10), k = -1;
      /* a capture without calls: its steps are its packets */
      if (p[0] === 'step') k = D.steps.length ? itemOf('call', 'step', n - 1) : itemOf('pkt', 'pkt', n - 1);
      if (p[0] === 'packet') k = itemOf('pkt', 'pkt', n - 1);
      if (k >= 0) cur = k;
      if (p[0] === 'lang' && D.texts[p[1]]) setLang(p[1]);
      if (p[0] === 'conv') conv = convIds.indexOf(p[1]) >= 0 ? p[1] : 'all';
    });
    /* the step asked for is shown, with all conversations when it is outside the one named */
    if (items[cur] && !visible(items[cur])) conv = 'all';
  }

  $('prev').addEventListener('click', function () { step(-1); });
  $('next').addEventListener('click', function () { step(1); });
  $('play').addEventListener('click', togglePlay);
  ['en', 'fr'].forEach(function (l) {
    $('lang-' + l).addEventListener('click', function () { setLang(l); render(); });
  });
  function toggleFollow() {
    if (!followConv()) return;
    following = !following;
    focusDetail = following;
    render();
  }
  $('follow').addEventListener('click', toggleFollow);
  $('conv').addEventListener('change', function () {
    conv = this.value;
    if (!visible(items[cur])) step(1);
    render();
  });
  document.addEventListener('keydown', function (e) {
    if (e.target && (e.target.tagName === 'SELECT' || e.target.tagName === 'INPUT')) return;
    if (e.key === 'ArrowRight') { step(1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { step(-1); e.preventDefault(); }
    else if (e.key === ' ' && !(e.target && e.target.tagName === 'BUTTON')) { togglePlay(); e.preventDefault(); }
    else if (e.key === 'f' && !e.ctrlKey && !e.metaKey && !e.altKey) { toggleFollow(); e.preventDefault(); }
  });
  window.addEventListener('hashchange', function () { fromHash(); render(); });
  /* Another width: the ladder's and the header cells' fit measured again. */
  var resized = null;
  window.addEventListener('resize', function () {
    clearTimeout(resized);
    resized = setTimeout(render, 150);
  });
  fromHash();
  render();
})();
