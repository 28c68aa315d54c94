/* messages_en.c - the lesson in English. One table: every sentence the demo, the walkthrough, the
 * page and the TCP analysis say, keyed by enum lesson_msg. */
#include "stackscope/lesson.h"

const struct lesson_text lesson_text_en = {
    .lang = "en",
    .print_lang = PRINT_LANG_EN,
    .decimal = '.',
    .zero_singular = false,
    .msg = {
        [MSG_TITLE] = "stackscope demo: %s - %s",
        [MSG_SETUP] = "A server and a client on this machine talk TCP over loopback (127.0.0.1),\n"
                      "port %u. stackscope captures every packet they exchange and shows each\n"
                      "socket call, the packets it caused, and what each layer added.",
        [MSG_SETUP_CONCURRENT] = "A server and two clients on this machine talk TCP over loopback (127.0.0.1), port %u. stackscope captures every packet they exchange and shows each socket call, the packets it caused, and what each layer added.",
        [MSG_SETUP_PORT_IN_USE] = "Two servers on this machine each try to listen on port %u of loopback (127.0.0.1). No client connects, so no packet is sent: stackscope shows each socket call and why the second server cannot bind that port.",
        [MSG_SETUP_REFUSED] = "A client on this machine connects over loopback (127.0.0.1) to port %u, where no server listens. stackscope captures every packet and shows each socket call, the packets it caused, and who answered them.",
        [MSG_DESC_EXCHANGE] = "the lesson's exchange, one message each way",
        [MSG_DESC_PARTIAL_RECV] = "one large message read by several recv() calls",
        [MSG_DESC_CONCURRENT] = "two clients at once, one server thread each",
        [MSG_DESC_PORT_IN_USE] = "two sockets cannot bind the same port",
        [MSG_DESC_SERVER_CLOSE] = "the server closes first",
        [MSG_DESC_REFUSED] = "connect() to a port where nobody listens",
        [MSG_DESC_UDP] = "SOCK_DGRAM, the UDP version: datagrams, no connection",
        [MSG_CALL_SOCKET] = "creates a TCP/IPv4 endpoint; nothing goes on the wire yet",
        [MSG_CALL_SETSOCKOPT] = "caps the segment size (MSS) at 1000 bytes, as on a small network; 12 of them go to the timestamp option, so each segment carries 988 bytes of data: a big message needs several segments",
        [MSG_CALL_BIND] = "attaches the socket to a port, on all interfaces",
        [MSG_CALL_LISTEN] = "ready for clients: the kernel now answers their handshakes",
        [MSG_CALL_ACCEPT_WAIT] = "blocks until a client has connected...",
        [MSG_CALL_ACCEPT_DONE] = "returns a new socket, just for this client",
        [MSG_CALL_CONNECT] = "the three-way handshake: SYN, SYN-ACK, ACK",
        [MSG_CALL_SENDALL] = "hands the bytes to TCP, which sends them as segments",
        [MSG_CALL_RECV_WAIT] = "blocks until data arrives...",
        [MSG_CALL_RECV_DONE] = "reads what has arrived, at most the buffer size",
        [MSG_CALL_RECV_EOF] = "0 bytes: the other side closed, no more data will come",
        [MSG_CALL_CLOSE] = "closes this side: TCP sends a FIN",
        [MSG_CALL_CLOSE_UNCONNECTED] = "closes a socket that has no connection: nothing is sent",
        [MSG_CALL_CLOSE_FD] = "closes the connection (fd %ld): TCP sends a FIN",
        [MSG_CALL_CLOSE_LISTENING] = "closes the listening socket (fd %ld): no new connection is accepted on its port any more; the connections already accepted (each its own fd) go on. Nothing is sent.",
        [MSG_CALL_CLOSE_UNCONNECTED_FD] = "closes a socket that has no connection (fd %ld): nothing is sent",
        [MSG_ERR_EADDRINUSE] = "EADDRINUSE: another socket already owns this port. Two programs\n"
                               "cannot listen on the same port; pick another port or address.",
        [MSG_ERR_ECONNREFUSED] = "ECONNREFUSED: nobody listens there, so the kernel answered the\n"
                                 "SYN with a RST (reset).",
        [MSG_ERR_OTHER] = "the call failed",
        [MSG_PKT_SYN] = "SYN: opens the connection, announces the first sequence number",
        [MSG_PKT_SYNACK] = "SYN-ACK: accepts, announces its own sequence number",
        [MSG_PKT_ACK] = "ACK: \"I have received everything before byte ack\"",
        [MSG_PKT_DATA] = "data",
        [MSG_PKT_FIN] = "FIN: no more data from this side",
        [MSG_PKT_RST] = "RST: the connection is refused or aborted",
        [MSG_ACK_OF] = "ACK of #%u (%s), %s later",
        [MSG_ACK_OF_HANDSHAKE] = "ACK of #%u (%s), %s later\nthe handshake took %s, from the SYN to this ACK (initial RTT)",
        [MSG_ACKED_DATA] = "%s, %s",
        [MSG_ANALYSIS_LINE] = "%s: %s",
        [MSG_DOWN] = "Going down the %s's layers (encapsulation):",
        [MSG_UP] = "Going up the %s's layers (decapsulation), #%zu:",
        [MSG_LAYER_APP] = "application",
        [MSG_LAYER_TCP] = "TCP adds",
        [MSG_LAYER_IP] = "IPv4 adds",
        [MSG_LAYER_LINK] = "link adds",
        [MSG_ON_WIRE] = "on the wire: %s",
        [MSG_PARTIAL] = "TCP checksum 'partial': on loopback the kernel leaves it to a network\n"
                        "card that never touches the packet. The data is intact.",
        [MSG_UNWRAP_LINK] = "link header removed",
        [MSG_UNWRAP_IP] = "IPv4 header removed: for this host, protocol 6 = TCP",
        [MSG_UNWRAP_TCP] = "TCP header removed: port %u = this socket",
        [MSG_UNWRAP_APP] = "the application reads",
        [MSG_LADDER] = "Ladder (time flows down; seq and ack relative to each side's start)",
        [MSG_LADDER_LEN] = "len", /* an arrow's data length, as the packet lines say it */
        [MSG_SUMMARY_SPLIT] = "Headers: link %u, IPv4 %u, TCP %u bytes.",
        [MSG_RESULT_FD] = "fd %ld",
        [MSG_RESULT_OK] = "0 (ok)",
        [MSG_RESULT_BYTES] = "%ld bytes",
        [MSG_RESULT_FAIL] = "error %s",
        [MSG_NO_PACKET] = "(no packet on the wire)",
        [MSG_WORD_CLIENT] = "client",
        [MSG_WORD_SERVER] = "server",
        /* who answers for a port where no socket listens: the receiving machine's kernel */
        [MSG_WORD_KERNEL] = "kernel",
        [MSG_WORD_KERNEL_PORT] = "kernel (port %u)",
        [MSG_PKT_NOT_WHOLE_TCP] = "#%zu (not a whole TCP segment)",
        [MSG_BYTES] = "bytes",
        [MSG_PKT_LINE] = "#%zu %s %-5s seq %u %s len %u (raw %u/%u)",
        [MSG_TCP_DETAIL] = "ports %u > %u, seq %u, ack %u, %s, window %s",
        [MSG_WINDOW_SCALED] = "%u (× %u = %s)",
        [MSG_IP_DETAIL] = "%s > %s, TTL %u, protocol %u (TCP), id %u, checksum 0x%04x %s",
        [MSG_LINK_DETAIL] = "Ethernet %s > %s, type 0x%04x",
        [MSG_LOCAL_ADDR] = "the kernel chose the local address %s",
        [MSG_GSO] = "This packet is longer than the segment size (MSS %u): on loopback the kernel passes %u segments at once (GSO); a network card would send them one by one.",
        [MSG_ACTOR_SERVER_THREAD] = "server thread",
        [MSG_ACTOR_SECOND_SERVER] = "second server",
        [MSG_VERDICT_GOOD] = "good",
        [MSG_VERDICT_BAD] = "bad",
        [MSG_VERDICT_PARTIAL] = "partial",
        [MSG_VERDICT_UNVERIFIED] = "unverified",
        [MSG_FIELD_LINK] = "Link header|the local delivery: which machine on this network link gets the frame; on loopback the addresses are all zero",
        [MSG_FIELD_VERSION] = "Version|4 for IPv4: tells the receiver how to read the rest of the header",
        [MSG_FIELD_IHL] = "Header length (IHL)|the IPv4 header length in 32-bit words: 5 means 20 bytes, more means options follow",
        [MSG_FIELD_TOS] = "Type of service (DSCP, ECN)|priority and congestion marks for routers; usually 0",
        [MSG_FIELD_TOTAL_LENGTH] = "Total length|bytes of the whole IP packet: IPv4 header + TCP header + data",
        [MSG_FIELD_ID] = "Identification|a number that ties together the fragments of one packet",
        [MSG_FIELD_FLAGS] = "Flags (reserved, DF, MF)|DF: do not fragment; MF: more fragments follow",
        [MSG_FIELD_FRAG] = "Fragment offset|where this fragment belongs in the original packet, in 8-byte units",
        [MSG_FIELD_TTL] = "Time to live (TTL)|how many routers may still forward the packet; each one subtracts 1 and drops it at 0, so lost packets cannot loop for ever",
        [MSG_FIELD_PROTOCOL] = "Protocol|which layer gets the data above IP: 6 = TCP, 17 = UDP, 1 = ICMP",
        [MSG_FIELD_IP_CHECKSUM] = "Header checksum|lets each router detect a damaged IPv4 header",
        [MSG_FIELD_SRC] = "Source address|the IP address of the sender",
        [MSG_FIELD_DST] = "Destination address|the IP address of the receiver: how the packet finds its host",
        [MSG_FIELD_IP_OPTIONS] = "IPv4 options|rarely used extras (record route, timestamps, router alert)",
        [MSG_FIELD_SPORT] = "Source port|which socket on the sending host the segment comes from",
        [MSG_FIELD_DPORT] = "Destination port|which socket on the receiving host gets the data: how TCP finds the program",
        [MSG_FIELD_SEQ] = "Sequence number|the position of the first data byte in the sender's byte stream (relative: counted from the connection's start)",
        [MSG_FIELD_ACK] = "Acknowledgement number|the next byte the sender of this segment expects: everything before it arrived",
        [MSG_FIELD_DATA_OFFSET] = "Data offset|the TCP header length in 32-bit words: where the data starts",
        [MSG_FIELD_RESERVED] = "Reserved|bits kept for the future, zero",
        [MSG_FIELD_TCP_FLAGS] = "Flags|SYN opens, ACK acknowledges, PSH pushes the data to the application, FIN closes, RST aborts",
        [MSG_FIELD_WINDOW] = "Window|how many more bytes the sender of this segment can receive now (flow control), scaled by the window-scale option",
        [MSG_FIELD_TCP_CHECKSUM] = "Checksum|covers the TCP header, the data and the addresses. On loopback it is 'partial': the kernel leaves it to a network card that never sees the packet",
        [MSG_FIELD_URGENT] = "Urgent pointer|end of urgent data when URG is set; almost never used",
        [MSG_FIELD_TCP_OPTIONS] = "TCP options|MSS (largest segment), window scale, SACK, timestamps: negotiated in the handshake",
        [MSG_FIELD_PAYLOAD] = "Data|the application's bytes, exactly as sendall() gave them",
        [MSG_UI_PREV] = "Previous",
        [MSG_UI_NEXT] = "Next",
        [MSG_UI_PLAY] = "Play",
        [MSG_UI_PAUSE] = "Pause",
        [MSG_UI_STEP] = "Step %u of %u",
        [MSG_UI_CONVERSATION] = "Conversation",
        [MSG_UI_ALL] = "all",
        [MSG_UI_HEX] = "Bytes (hex)",
        [MSG_UI_LANGUAGE] = "Language",
        [MSG_UI_SUMMARY] = "Summary",
        [MSG_UI_IPV4_HEADER] = "IPv4 header",
        [MSG_UI_TCP_HEADER] = "TCP header",
        [MSG_UI_LINK_HEADER] = "link header",
        [MSG_UI_PAYLOAD] = "data",
        [MSG_UI_PACKET] = "Packet",
        [MSG_UI_CALL] = "Socket call",
        [MSG_UI_HOVER] = "Point at a field to see its bytes and what it is for.",
        [MSG_UI_TRUNCATED] = "Stopped after %u packets: the page shows at most that many.",
        [MSG_UI_ENCAPSULATION] = "Encapsulation",
        /* the page's words about the analysis: the legend of the ladder's marks, the links */
        /* ---- the page (LESSON_MESSAGES_PAGE) ---- */
        [MSG_PAGE_TITLE_DEMO] = "stackscope demo: %s",
        [MSG_PAGE_TITLE_CAPTURE] = "stackscope: %s",
        [MSG_PAGE_POS_STEP_PACKET] = "Step %u of %u \u00b7 packet #%u of %u",
        [MSG_PAGE_POS_PACKET] = "Packet %u of %u",
        [MSG_PAGE_LABEL] = "%s: %s",
        [MSG_PAGE_SHORT_VERSION] = "Ver",
        [MSG_PAGE_SHORT_IHL] = "IHL",
        [MSG_PAGE_SHORT_DATA_OFFSET] = "Off",
        [MSG_PAGE_OPTIONS] = "%s (%u B): %s",
        [MSG_PAGE_PKT_ICMP] = "ICMP type %s",
        [MSG_PAGE_PKT_IPV6] = "IPv6 next header %s",
        [MSG_PAGE_PKT_IPV4] = "IPv4 protocol %s",
        [MSG_PAGE_PKT_ETHERTYPE] = "ethertype 0x%s",
        [MSG_PAGE_PKT_FRAME] = "frame",
        [MSG_PAGE_QUOTE] = "\"%s\"",
        [MSG_PAGE_CUT] = "...",
        /* the counter where the toolbar is narrow; one side's state where the other has none */
        [MSG_PAGE_POS_STEP_PACKET_SHORT] = "Step %u/%u \u00b7 packet #%u/%u",
        [MSG_PAGE_STATE_AFTER_SIDE] = "TCP state after this packet: %s %s",
        /* ---- state (LESSON_MESSAGES_STATE) ---- */
        [MSG_STATE_CLOSED] = "CLOSED",
        [MSG_STATE_LISTEN] = "LISTEN",
        [MSG_STATE_SYN_SENT] = "SYN-SENT",
        [MSG_STATE_SYN_RECEIVED] = "SYN-RECEIVED",
        [MSG_STATE_ESTABLISHED] = "ESTABLISHED",
        [MSG_STATE_FIN_WAIT_1] = "FIN-WAIT-1",
        [MSG_STATE_FIN_WAIT_2] = "FIN-WAIT-2",
        [MSG_STATE_CLOSE_WAIT] = "CLOSE-WAIT",
        [MSG_STATE_CLOSING] = "CLOSING",
        [MSG_STATE_LAST_ACK] = "LAST-ACK",
        [MSG_STATE_TIME_WAIT] = "TIME-WAIT",
        [MSG_STATE_CHANGE] = "%s: %s -> %s",
        [MSG_STATE_NEW] = "%s: %s",
        /* ---- udp (LESSON_MESSAGES_UDP) ---- */
        [MSG_UDP_SETUP] = "A server and a client on this machine exchange UDP datagrams over loopback (127.0.0.1), port %u. stackscope captures every packet and shows each socket call, the datagram it caused, and what each layer added.",
        [MSG_UDP_CALL_SOCKET] = "creates a UDP/IPv4 endpoint (SOCK_DGRAM); nothing goes on the wire",
        [MSG_UDP_CALL_BIND] = "attaches the socket to a port, on all interfaces; no listen() follows: datagrams can arrive at once",
        [MSG_UDP_CALL_SENDTO] = "sends one datagram to this address: no connection first, UDP sends it at once",
        [MSG_UDP_CALL_RECVFROM_WAIT] = "blocks until a datagram arrives...",
        [MSG_UDP_CALL_RECVFROM_DONE] = "returns one whole datagram and the address it came from",
        [MSG_UDP_CALL_CLOSE] = "closes the socket: UDP has no connection to end, nothing is sent (no FIN)",
        [MSG_UDP_PKT_LINE] = "#%zu %s UDP %u > %u len %u",
        [MSG_UDP_PKT_DATAGRAM] = "datagram: the whole message in one packet; no ACK will answer it",
        /* the page, on the first IP fragment of a datagram: this fragment's data bytes, the datagram's */
        [MSG_UDP_PKT_FIRST_FRAGMENT] = "the first fragment of a datagram too big for one IP packet: it carries the UDP header and %u of the %u data bytes, the later fragments the rest; no ACK will answer it",
        [MSG_UDP_LAYER] = "UDP adds",
        [MSG_UDP_DETAIL] = "ports %u > %u, length %u, checksum 0x%04x %s",
        [MSG_UDP_IP_DETAIL] = "%s > %s, TTL %u, protocol %u (UDP), id %u, checksum 0x%04x %s",
        [MSG_UDP_PARTIAL] = "UDP checksum 'partial': on loopback the kernel leaves it to a network card that never touches the packet. The data is intact.",
        [MSG_UDP_UNWRAP_IP] = "IPv4 header removed: for this host, protocol 17 = UDP",
        [MSG_UDP_UNWRAP_UDP] = "UDP header removed: port %u = this socket",
        [MSG_UDP_WHOLE] = "one sendto() = one datagram = one recvfrom(): the message arrives whole, as it was sent",
        [MSG_UDP_ABSENT_TITLE] = "What is not there, and would be with TCP (SOCK_STREAM):",
        [MSG_UDP_ABSENT_CONNECTION] = "- no listen(), accept() or connect(): there is no connection; each sendto() names its destination, each recvfrom() says who sent.",
        [MSG_UDP_ABSENT_HANDSHAKE] = "- no handshake (SYN, SYN-ACK, ACK) and no FIN: the first packet already carries the message, and close() sends nothing.",
        [MSG_UDP_ABSENT_ACK] = "- no ACK and no sequence numbers: the sender never learns whether its datagram arrived. What is lost stays lost, unless the application itself sends it again.",
        [MSG_UDP_ABSENT_HEADER] = "- a header of 8 bytes (ports, length, checksum), against 20 or more for TCP (sequence and acknowledgement numbers, flags, window, options).",
        [MSG_UDP_ABSENT_BOUNDARIES] = "- one sendto() is one datagram is one recvfrom(): message boundaries are kept. A TCP recv() can return part of a message, or several at once (see the partial-recv scenario).",
        [MSG_UDP_SUMMARY_SPLIT] = "Headers: link %u, IPv4 %u, UDP %u bytes.",
        [MSG_UDP_FIELD_LENGTH] = "Length|bytes of the UDP header (8) and its data together",
        [MSG_UDP_FIELD_CHECKSUM] = "Checksum|covers the UDP header, the data and the addresses; over IPv4, 0 means no checksum. On loopback it is 'partial': the kernel leaves it to a network card that never sees the packet",
        [MSG_UDP_FIELD_SPORT] = "Source port|which socket on the sending host the datagram comes from: where an answer goes",
        [MSG_UDP_FIELD_DPORT] = "Destination port|which socket on the receiving host gets the datagram: how UDP finds the program",
        [MSG_UI_UDP_HEADER] = "UDP header",
        [MSG_UI_STATE_AFTER] = "TCP state after this packet: client %s, server %s",
        /* ---- http (LESSON_MESSAGES_HTTP) ---- */
        [MSG_DESC_HTTP] = "HTTP/1.1 over the same TCP: a GET and its page",
        [MSG_HTTP_REQUEST_TITLE] = "These %u bytes are an HTTP request: text, a line at a time, each ending in \\r\\n:",
        [MSG_HTTP_RESPONSE_TITLE] = "These %u bytes are an HTTP response: text, a line at a time, each ending in \\r\\n:",
        [MSG_HTTP_REQUEST_LINE] = "request line",
        [MSG_HTTP_STATUS_LINE] = "status line",
        [MSG_HTTP_HEADER] = "header",
        [MSG_HTTP_BLANK] = "blank line",
        [MSG_HTTP_BLANK_DETAIL] = "\\r\\n alone: the headers end here",
        [MSG_HTTP_BODY] = "body",
        [MSG_HTTP_NO_BODY] = "none: a GET asks, it sends nothing more",
        [MSG_HTTP_BODY_DETAIL] = "%s: %s",
        [MSG_HTTP_SAME_LAYERS] = "To TCP and IP all of this is only %u bytes of payload: TCP adds its header (%u bytes) and IPv4 its own (%u bytes) exactly as for \"MessageVersServeur\"; neither reads the text.",
        [MSG_HTTP_COMPARE] = "HTTP and the homemade protocol (\"MessageVersServeur\") travel on the same layers: the same handshake, the same TCP and IPv4 headers, the same FIN to close. They differ above TCP: HTTP's text does work that the homemade protocol leaves to what both programs agreed on beforehand:",
        [MSG_HTTP_COMPARE_APP] = "application",
        [MSG_HTTP_COMPARE_APP_TEXT] = "what is asked and answered: GET /index.html, 200 OK. Homemade: the message itself, nothing else.",
        [MSG_HTTP_COMPARE_PRES] = "presentation",
        [MSG_HTTP_COMPARE_PRES_TEXT] = "how to read the bytes: Content-Type: text/html; charset=utf-8. Homemade: both sides assume ASCII text.",
        [MSG_HTTP_COMPARE_SESSION] = "session",
        [MSG_HTTP_COMPARE_SESSION_TEXT] = "where a message ends and when to close: the blank line, Content-Length, Connection: close. Homemade: one recv(2048) is taken for one whole message (partial-recv shows that it need not be).",
        /* ---- time-wait (LESSON_MESSAGES_TIME_WAIT) ---- */
        [MSG_DESC_TIME_WAIT] = "a restart at once: TIME-WAIT and SO_REUSEADDR",
        [MSG_TW_CALL_REUSEADDR] = "SO_REUSEADDR: bind may take a port that old connections in TIME-WAIT still hold (never one a socket listens on)",
        [MSG_TW_ERR_EADDRINUSE] = "EADDRINUSE: no socket listens on this port any more, but the old connection still holds it: the server closed first (step %zu), so its side is in TIME-WAIT.",
        [MSG_TW_FIRST_REUSEADDR] = "This server sets it from the start: on Linux, a later bind may share the port with this socket's connections in TIME-WAIT only if this socket asked for it too.",
        [MSG_TW_RESTART] = "The server program starts again at once (after a crash, or to try a change), on the same port, and this time without the option, as the lesson's server is written.",
        [MSG_TW_RESTART_REUSEADDR] = "Started once more, now with SO_REUSEADDR before bind.",
        [MSG_TW_ENTERED] = "TIME-WAIT: the %s closed first, so its side of this connection now waits in TIME-WAIT for 2×MSL (60 s on Linux) before it is gone; meanwhile port %u stays taken.",
        [MSG_TW_SEE_DEMO] = "A server restarted at once on this port would fail to bind it with EADDRINUSE, unless it sets SO_REUSEADDR: see stackscope demo time-wait.",
        [MSG_TW_ALSO_AFTER_RESTART] = "The same error comes when a server that closed its connections first is restarted at once: they still hold the port, in TIME-WAIT (see stackscope demo time-wait).",
        [MSG_TW_WHO] = "Who waits in TIME-WAIT: the side that closes first. It sends the last ACK, the answer to the other side's FIN; the other side is done at once.",
        [MSG_TW_HOW_LONG] = "How long: 2×MSL, twice the Maximum Segment Lifetime, the longest a segment may wander in the network. Linux waits 60 s.",
        [MSG_TW_WHY] = "Why: a late duplicate of a segment of the old connection must not be taken for data of a new connection between the same addresses and ports; and if the last ACK is lost, the other side sends its FIN again, which must be answered again.",
        [MSG_TW_SEE] = "See it: run ss -tan state time-wait within a minute; 127.0.0.1:%u is listed there.",
        [MSG_TW_FIX] = "The fix: s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) before bind, in the server's program, as the next steps do. On Linux the old socket must have set it too: the option belongs in the program from the start.",
        [MSG_TW_NOT_REUSEPORT] = "Not SO_REUSEPORT: that one lets several sockets bind the same port at the same time, so a second copy of the server would start without any error and share the clients with the first.",
        /* ---- lost-segment, offload (LESSON_MESSAGES_LOSS) ---- */
        [MSG_DESC_LOST_SEGMENT] = "one segment lost on the way, sent again, and the data still read in order",
        [MSG_SEGMENT_AGAIN] = "wrapped like #%zu: %u bytes of data (%u–%u of the message) + TCP %u + IPv4 %u + link %u = %u bytes on the wire",
        [MSG_RECV_RANGE] = "recv() read bytes %u–%u of the %s's stream: %s.",
        [MSG_RANGE_ALL] = "all of #%zu (%u bytes)",
        [MSG_RANGE_FIRST] = "the first %u bytes of #%zu",
        [MSG_RANGE_LAST] = "the last %u bytes of #%zu",
        [MSG_RANGE_MIDDLE] = "bytes %u–%u of #%zu",
        [MSG_RANGE_ONE] = "byte %u of #%zu",
        [MSG_RANGE_AND] = " and ",
        [MSG_LOSS_TITLE] = "What became of the lost segment:",
        [MSG_LOSS_DROPPED] = "#%zu carried bytes %u–%u. The demo's firewall rule (nftables) dropped it at the server's input: the server's TCP never got it.",
        [MSG_LOSS_CAPTURED] = "It is in the capture all the same: on loopback the capture copies each packet as it comes in, before the firewall's input hook decides its fate.",
        [MSG_LOSS_DUPACKS] = "The next segments did arrive, after a hole. TCP hands the program nothing beyond a hole: the server keeps them aside and acknowledges again only up to byte %u (%s).",
        [MSG_LOSS_SACK] = "Their SACK blocks (selective acknowledgement) say which later bytes it holds already: %u–%u. The client needs to send only the hole again.",
        [MSG_LOSS_DUP_ALL] = "Each is a duplicate ACK: the same acknowledgement again, nothing new.",
        [MSG_LOSS_DUP_IT] = "It is a duplicate ACK: the same acknowledgement again, nothing new.",
        [MSG_LOSS_DUP_SOME] = "The analysis counts %zu of them as duplicate ACKs; in the others the window changed too (the server's buffer grew), so it calls them window updates.",
        [MSG_LOSS_DUP_ONE] = "The analysis counts one of them as a duplicate ACK; in the others the window changed too (the server's buffer grew), so it calls them window updates.",
        [MSG_LOSS_RETRANSMITTED] = "The client sends bytes %u–%u again in #%zu, %s after #%zu.",
        [MSG_LOSS_ACKED] = "#%zu acknowledges everything up to byte %u at once: the hole is filled, and the bytes kept aside count too.",
        [MSG_LOSS_IN_ORDER] = "The recv() calls below read the bytes in order, as if nothing had been lost: 'Reliable; the packets are in order.'",
        /* ---- the demo's notices (LESSON_MESSAGES_NOTICES) ---- */
        [MSG_NOTICE_LINE] = "stackscope demo: %s",
        [MSG_NOTICE_PORT_BUSY] = "port %u is busy; using free port %u instead.",
        /* why (one of the notices below), then the recording's directory */
        [MSG_NOTICE_RECORDED] = "%s; showing the recorded run from %s.",
        [MSG_NOTICE_NO_CAPTURE] = "no permission to capture on loopback (run as root, or: setcap cap_net_raw,cap_net_admin=eip %s)",
        [MSG_NOTICE_LO_BUSY] = "another stackscope demo is changing loopback now",
        [MSG_NOTICE_NO_NFT] = "nft not found: install nftables",
        [MSG_NOTICE_LO_NO_RIGHTS] = "no permission to change loopback (%s)",
        [MSG_NOTICE_LO_FAILED] = "loopback cannot be changed here (%s)",
        [MSG_NOTICE_OFFLOAD_ON] = "%s; the capture may show several segments as one packet.",
        [MSG_NOTICE_INTERRUPTED] = "interrupted; loopback put back as found.",
        [MSG_NOTICE_NOT_PUT_BACK] = "interrupted; loopback NOT put back: %s",
        /* ---- counts, and what the walkthrough chooses by a number (LESSON_MESSAGES_WALK) ---- */
        [MSG_N_BYTE] = "%lu byte",
        [MSG_N_BYTES] = "%lu bytes",
        [MSG_N_PACKET] = "%lu packet",
        [MSG_N_PACKETS] = "%lu packets",
        [MSG_RESULT_BYTE] = "%ld byte",
        [MSG_SUMMARY_NO_TRAFFIC] = "No packet went on the wire: there was no traffic, so no header to count.",
        [MSG_WT_SUMMARY] = "%s, %s of application data, %s of headers:\n"
                           "%u%% of the bytes on the wire were headers.",
        [MSG_SUMMARY_SPLIT_ONE] = "Headers: link %u, IPv4 %u, TCP %u byte.",
        [MSG_RECV_RANGE_ONE] = "recv() read byte %u of the %s's stream: %s.",
        /* after the sizes' column, which holds the segment's data bytes (988): their noun, always
         * plural (a recv reads part of 2 bytes or more), then what this recv() reads of them */
        [MSG_UNWRAP_APP_PART] = "bytes of data: this recv() reads %u of them, from their byte %u on: %s",
        [MSG_LADDER_UDP] = "Ladder (time flows down; one arrow per datagram)",
        [MSG_LINK_OTHER] = "link type %u, %s",
        [MSG_PAGE_LEGEND] = "TCP analysis marks",
        [MSG_PAGE_MARK_RETRANSMISSION] = "retransmission",
        [MSG_PAGE_MARK_DUPLICATE_ACK] = "duplicate ACK",
        [MSG_PAGE_MARK_LOSS] = "lost, unseen or out of order",
        [MSG_PAGE_MARK_WINDOW] = "window",
        [MSG_PAGE_MARK_KEEP_ALIVE] = "keep-alive",
        [MSG_PAGE_MARK_PORTS] = "ports reused",
        [MSG_PAGE_DUPLICATE_ACK_NUM] = "Duplicate ACK number",
        [MSG_PAGE_SEE_FRAME] = "see frame #%u",
        [MSG_PAGE_VERDICT] = "%s: %s.",
        /* the TCP analysis: reasons, tags, notes and labels (analysis_text.c's placeholders) */
        [MSG_REASON_RETRANSMISSION] = "bytes %r were first sent in frame %f, %t earlier, and not "
                                      "acknowledged since",
        [MSG_REASON_RETRANSMISSION_SYN_FIN] = "this %k was first sent in frame %f, %t earlier, "
                                              "and not acknowledged since",
        [MSG_REASON_RETRANSMISSION_ACKED] = "bytes %r had already been sent: this sends them again",
        [MSG_REASON_FAST_RETRANSMISSION] = "the peer asked again for byte %s in %n duplicate ACKs "
                                           "(the last in frame %o, %T earlier): bytes %r, first "
                                           "sent in frame %f, %t earlier, are sent again without "
                                           "waiting for the timeout",
        [MSG_REASON_SPURIOUS_RETRANSMISSION] = "bytes %r were already acknowledged: the peer's "
                                               "ACK of byte %a in frame %f, %t earlier, covers "
                                               "them",
        [MSG_REASON_OUT_OF_ORDER] = "bytes %r lie before what frame %f already sent, and come "
                                    "only %t after it (under %T): overtaken on the way rather "
                                    "than sent again",
        [MSG_REASON_LOST_SEGMENT] = "bytes %r were never seen: frame %f, %t earlier, ended where "
                                    "they begin, and this segment starts after them",
        [MSG_REASON_ACK_LOST_SEGMENT] = "this acknowledges bytes %r of the peer, which the "
                                        "capture never saw (the peer's last segment seen is frame "
                                        "%f, %t earlier)",
        [MSG_REASON_DUPLICATE_ACK] = "the same acknowledgement number (%a) and window as frame "
                                     "%f, %t earlier, and no data: duplicate number %n",
        /* the window repeats another frame's (a window update came in between) */
        [MSG_REASON_DUPLICATE_ACK_WINDOW] = "the same acknowledgement number (%a) as frame %f, %t "
                                            "earlier, the same window as its previous ACK (frame "
                                            "%o), and no data: duplicate number %n",
        [MSG_REASON_ZERO_WINDOW] = "the window is 0: this side's receive buffer is full and the "
                                   "peer must stop sending",
        [MSG_REASON_ZERO_WINDOW_PROBE] = "one byte (%r) sent into the closed window the peer "
                                         "announced in frame %f, %t earlier, to see whether it "
                                         "has opened",
        [MSG_REASON_ZERO_WINDOW_PROBE_ACK] = "answers the zero window probe of frame %f: the "
                                             "window is still 0",
        [MSG_REASON_WINDOW_FULL] = "bytes %r fill the %a-byte window the peer announced in frame "
                                   "%f to its last byte",
        [MSG_REASON_WINDOW_UPDATE] = "only the window changed: %b bytes in frame %f, %t earlier, "
                                     "%a bytes now",
        [MSG_REASON_WINDOW_UPDATE_RAW] = "only the window changed: %b in frame %f, %t earlier, %a "
                                         "now (raw values: the scale is unknown)",
        [MSG_REASON_KEEP_ALIVE] = "its sequence number is one below the next one, after %t of "
                                  "silence since frame %f: it checks that the peer is still there",
        [MSG_REASON_KEEP_ALIVE_ACK] = "answers the keep-alive of frame %f with the same ACK and "
                                      "window",
        [MSG_REASON_REUSED_PORTS] = "the same addresses and ports were used by stream %n, last "
                                    "seen in frame %f, %t earlier; this SYN's initial sequence "
                                    "number %a is not its %b",
        [MSG_TAG_RETRANSMISSION] = "retransmission of #%f",
        [MSG_TAG_FAST_RETRANSMISSION] = "fast retransmission of #%f",
        [MSG_TAG_SPURIOUS_RETRANSMISSION] = "spurious retransmission, acked in #%f",
        [MSG_TAG_OUT_OF_ORDER] = "out of order",
        [MSG_TAG_LOST_SEGMENT] = "lost segment before",
        [MSG_TAG_ACK_LOST_SEGMENT] = "acks unseen segment",
        [MSG_TAG_DUPLICATE_ACK] = "dup ack %n of #%f",
        [MSG_TAG_ZERO_WINDOW] = "zero window",
        [MSG_TAG_ZERO_WINDOW_PROBE] = "zero window probe",
        [MSG_TAG_ZERO_WINDOW_PROBE_ACK] = "zero window probe ack",
        [MSG_TAG_WINDOW_FULL] = "window full",
        [MSG_TAG_WINDOW_UPDATE] = "window update",
        [MSG_TAG_KEEP_ALIVE] = "keep-alive",
        [MSG_TAG_KEEP_ALIVE_ACK] = "keep-alive ack",
        [MSG_TAG_REUSED_PORTS] = "ports reused",
        [MSG_TAG_RETRANSMISSION_NO_FRAME] = "retransmission",
        [MSG_TAG_FAST_RETRANSMISSION_NO_FRAME] = "fast retransmission",
        [MSG_TAG_SPURIOUS_RETRANSMISSION_NO_FRAME] = "spurious retransmission",
        [MSG_TAG_DUPLICATE_ACK_NO_FRAME] = "dup ack %n",
        [MSG_NOTE_CONNECTION_FORGOTTEN] = "this connection was seen before and forgotten (the "
                                          "table was full): analysed as if it started here",
        [MSG_NOTE_SEGMENTS_FORGOTTEN] = "records of unacknowledged segments were dropped (too "
                                        "many at once): an RTT, RTO or bytes in flight may be "
                                        "missing",
        [MSG_NOTE_IP_FRAGMENT] = "an IP fragment: not analysed (stackscope does not reassemble)",
        [MSG_NOTE_NO_SEGMENT_LENGTH] = "the TCP header is longer than the IP length leaves: no "
                                       "segment length, not analysed",
        [MSG_NOTE_HEADER_NOT_CAPTURED] = "the capture ends inside the TCP header: not analysed",
        [MSG_NOTE_BAD_HEADER_LENGTH] = "data offset below 5 words: not analysed",
        [MSG_LABEL_STREAM] = "Stream",
        [MSG_LABEL_ANALYSIS] = "Analysis",
        [MSG_LABEL_ACKS] = "Acknowledges frame",
        [MSG_LABEL_BYTES] = "bytes",
        [MSG_LABEL_RTT] = "RTT",
        [MSG_LABEL_IN_FLIGHT] = "Bytes in flight",
        [MSG_LABEL_RTO] = "Time since first sent (RTO)",
        [MSG_LABEL_HANDSHAKE_RTT] = "Handshake RTT",
        [MSG_LABEL_NOTE] = "Note",
        [MSG_LABEL_WINDOW_BYTES] = "bytes",
        [MSG_LABEL_WINDOW_UNSCALED] = "no window scaling",
        [MSG_LABEL_WINDOW_UNKNOWN] = "scale unknown: the handshake was not captured",
        [MSG_LABEL_WINDOW_SYN] = "never scaled in a SYN",
        /* ---- explain (LESSON_EXPLAIN_MESSAGES) ---- */
        [MSG_EXPLAIN_SYN] =
            "Opens a connection (1/3): %s asks %s for a connection; its bytes are counted from here.",
        [MSG_EXPLAIN_SYN_SIMULTANEOUS] =
            "Opens a connection too (1/3), while the other SYN is on its way: %s and %s both call each other, a simultaneous open.",
        [MSG_EXPLAIN_SYNACK] =
            "Accepts it (2/3): the %s acknowledges the SYN and sends its own, with its own starting number.",
        [MSG_EXPLAIN_HANDSHAKE_ACK] =
            "Confirms it (3/3): the %s acknowledges the SYN-ACK; the connection is open, data can flow both ways.",
        [MSG_EXPLAIN_BYTES] =
            "%u bytes",
        [MSG_EXPLAIN_ONE_BYTE] =
            "1 byte",
        [MSG_EXPLAIN_RANGE] =
            "bytes %u to %u",
        [MSG_EXPLAIN_RANGE_ONE] =
            "byte %u",
        [MSG_EXPLAIN_DATA] =
            "Carries %s of data (%s of what the %s sends): %s",
        [MSG_EXPLAIN_ACK_DATA] =
            "Acknowledges everything up to byte %u (the data of frame %u).",
        [MSG_EXPLAIN_ACK_UPTO] =
            "Acknowledges everything up to byte %u.",
        [MSG_EXPLAIN_ACK_DUP] =
            "Still acknowledges only up to byte %u: byte %u has not arrived, though later ones may have; this duplicate ACK asks for it again.",
        [MSG_EXPLAIN_ACK_NO_DATA] =
            "Acknowledges no data yet: the %s expects byte 1 next.",
        [MSG_EXPLAIN_ACK_FIN] =
            "Acknowledges the FIN of frame %u: the %s knows the other side will send nothing more.",
        [MSG_EXPLAIN_ACK_FIN_NO_FRAME] =
            "Acknowledges the other side's FIN: the %s knows the other side will send nothing more.",
        [MSG_EXPLAIN_LAST_ACK] =
            "Acknowledges the last FIN: the connection is closed. The %s still waits in TIME-WAIT (2×MSL) in case this ACK is lost and the FIN comes again.",
        [MSG_EXPLAIN_FIN] =
            "Closes its side (FIN): the %s will send no more data, but it can still receive.",
        [MSG_EXPLAIN_FIN_REPLY] =
            "Closes its side too (FIN): once this FIN is acknowledged, the connection is closed.",
        [MSG_EXPLAIN_FIN_AND_ACK] =
            "Closes its side too (FIN) and acknowledges the other side's FIN in the same packet: that is why this close takes 3 packets instead of 4.",
        [MSG_EXPLAIN_FIN_SIMULTANEOUS] =
            "Closes its side (FIN) while the other side's FIN is on its way: a simultaneous close, each side now waits for the ACK of its own FIN.",
        [MSG_EXPLAIN_RST] =
            "Aborts the connection (RST): no closing handshake, both sides drop it at once; data not yet delivered is lost.",
        [MSG_EXPLAIN_RST_REFUSED] =
            "Refuses the connection (RST): nothing listens on port %u, so the kernel answers the SYN with a reset and connect() fails with ECONNREFUSED.",
        [MSG_EXPLAIN_VERDICT] =
            "TCP analysis, %s: %s.",
        [MSG_EXPLAIN_UDP] =
            "A UDP datagram of %s from port %u to port %u: no connection, no sequence number, no acknowledgement; one sendto() is one datagram.",
        [MSG_EXPLAIN_UDP_DATA] =
            "It carries: %s",
        [MSG_EXPLAIN_ICMP] =
            "An ICMP message (type %u, code %u): IP's own messages (errors, ping), without ports or connection.",
        [MSG_EXPLAIN_OTHER] =
            "Neither TCP nor UDP over IP: no connection to follow.",
        [MSG_EXPLAIN_ACK_REPEAT] =
            "Repeats its acknowledgement: there is nothing new to acknowledge.",
        [MSG_EXPLAIN_ACK_FIN_AGAIN] =
            "Acknowledges again everything the other side sent, its FIN included.",
        [MSG_EXPLAIN_HANDSHAKE_ACK_UNSEEN] =
            "Confirms it (3/3): the %s acknowledges the SYN-ACK, which this capture does not show; the connection is open, data can flow both ways.",
        [MSG_EXPLAIN_FIN_AGAIN] =
            "Sends its FIN again: the %s has not received its acknowledgement yet.",
        [MSG_EXPLAIN_FIN_AGAIN_TIME_WAIT] =
            "Sends its FIN again: the last ACK was lost (or is late), so the %s, still in TIME-WAIT, can acknowledge it again. This is why TIME-WAIT exists.",
        [MSG_EXPLAIN_RST_IGNORED] =
            "A reset (RST) outside the window the %s offered: RFC 9293 says to ignore it (a late or forged segment), so the connection goes on.",
        [MSG_EXPLAIN_RST_IGNORED_SYN] =
            "A reset (RST) that does not acknowledge the %s's SYN: RFC 9293 says to ignore it, so the %s keeps waiting for an answer.",
        [MSG_EXPLAIN_SYN_DATA] =
            "It already carries %s of data (TCP Fast Open): %s",
        [MSG_EXPLAIN_FRAGMENT] =
            "A later fragment of an IP packet (%s, from byte %u of its payload): only the first fragment carries the %s header and its ports, and stackscope does not reassemble fragments: no connection to follow here.",
        [MSG_EXPLAIN_TCP_CUT] =
            "A TCP header cut short by the capture (%u of its 20 bytes): without its flags, the packet cannot be placed in its connection.",
        [MSG_EXPLAIN_UDP_CUT] =
            "A UDP header cut short by the capture (%u of its 8 bytes): its length and its data are unknown.",
        /* ---- --diagram (LESSON_DIAGRAM_MESSAGES) ---- */
        [MSG_DIAG_IPV4_TITLE] = "IPv4 header, %s",
        [MSG_DIAG_TCP_TITLE] = "TCP header, %s",
        [MSG_DIAG_UDP_TITLE] = "UDP header, %s",
        [MSG_DIAG_VERSION] = "Ver %u",
        [MSG_DIAG_IHL] = "IHL %u",
        [MSG_DIAG_TOS] = "TOS 0x%02x",
        [MSG_DIAG_TOTAL_LENGTH] = "Total length %u",
        [MSG_DIAG_ID] = "Identification %u",
        [MSG_DIAG_FRAG] = "Fragment offset %u",
        [MSG_DIAG_TTL] = "TTL %u",
        [MSG_DIAG_TTL_SHORT] = "TTL %u",
        [MSG_DIAG_PROTOCOL] = "Proto %u %s",
        [MSG_DIAG_PROTOCOL_SHORT] = "Proto %u %s",
        [MSG_DIAG_CHECKSUM] = "Checksum 0x%04x %s",
        [MSG_DIAG_SRC] = "Source address %s",
        [MSG_DIAG_DST] = "Destination address %s",
        [MSG_DIAG_IP_OPTIONS] = "Options %u bytes:",
        [MSG_DIAG_SPORT] = "Source port %u",
        [MSG_DIAG_DPORT] = "Destination port %u",
        [MSG_DIAG_SEQ] = "Sequence number %u",
        [MSG_DIAG_SEQ_REL] = "Sequence number %u (relative %u)",
        [MSG_DIAG_ACK] = "Acknowledgement number %u",
        [MSG_DIAG_ACK_REL] = "Acknowledgement number %u (relative %u)",
        [MSG_DIAG_ACK_NONE] = "Acknowledgement number %u (no ACK)",
        [MSG_DIAG_DATA_OFFSET] = "Off %u",
        [MSG_DIAG_WINDOW] = "Window %u",
        [MSG_DIAG_URGENT] = "Urgent pointer %u",
        [MSG_DIAG_TCP_OPTIONS] = "Options %u bytes:",
        [MSG_DIAG_OPTIONS] = "Options",
        [MSG_DIAG_DATA] = "Data: %s",
        [MSG_DIAG_DATA_BRIEF] = "Data",
        [MSG_DIAG_DATA_FRAGMENT] = "Data: %s here, %u in the datagram",
        [MSG_DIAG_DATA_INVALID] = "Data: %s captured (length invalid)",
        [MSG_DIAG_UDP_LENGTH] = "Length %u",
        [MSG_DIAG_UDP_NO_CHECKSUM] = "Checksum 0 (none)",
    },
};
