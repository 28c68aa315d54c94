/* decode.h - pure decoder: captured bytes to a struct packet.
 *
 * decode_packet() reads only the caplen bytes it is given, allocates nothing, touches no global
 * state and performs no I/O, so it is thread-safe and may be called on any bytes at all. Pointers
 * stored in the result (option bodies, payload) point into the caller's buffer and are valid only
 * as long as that buffer is: for libpcap, until the packet callback returns.
 */
#ifndef STACKSCOPE_DECODE_H
#define STACKSCOPE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* pcap LINKTYPE_ values the decoder understands (the DLT_ aliases 12 and 14 mean raw IP too). */
enum {
    LINKTYPE_NULL = 0,
    LINKTYPE_ETHERNET = 1,
    LINKTYPE_PPP = 9, /* RFC 1662 framing: [0xff 0x03] protocol, without the HDLC flags */
    LINKTYPE_RAW_DLT12 = 12,
    LINKTYPE_RAW_DLT14 = 14,
    LINKTYPE_RAW = 101,
    LINKTYPE_LOOP = 108,
    LINKTYPE_LINUX_SLL = 113,
    LINKTYPE_IPV4 = 228,
    LINKTYPE_IPV6 = 229,
    LINKTYPE_LINUX_SLL2 = 276,
};

enum decode_status { DECODE_OK, DECODE_TRUNCATED, DECODE_INVALID, DECODE_UNSUPPORTED };

/* Deepest layer the decoder reached. */
enum layer { LAYER_NONE, LAYER_LINK, LAYER_NETWORK, LAYER_TRANSPORT, LAYER_PAYLOAD };

enum checksum_status {
    CHECKSUM_UNVERIFIED, /* not every byte captured, or a fragment */
    CHECKSUM_GOOD,
    CHECKSUM_BAD,
    CHECKSUM_PARTIAL, /* only the pseudo-header sum: checksum offload left it for the card */
};

/* Anomalies: one bit each, with a stable dotted name (decode_anomaly_name). */
enum anomaly {
    ANOMALY_LINK_TRUNCATED = 1u << 0,
    ANOMALY_LINK_UNSUPPORTED = 1u << 1,
    ANOMALY_LINK_TOO_MANY_VLANS = 1u << 2,
    ANOMALY_IPV4_TRUNCATED = 1u << 3,
    ANOMALY_IPV4_VERSION_NOT_4 = 1u << 4,
    ANOMALY_IPV4_IHL_TOO_SMALL = 1u << 5,
    ANOMALY_IPV4_IHL_BEYOND_CAPTURE = 1u << 6,
    ANOMALY_IPV4_TOTAL_LENGTH_BELOW_HEADER = 1u << 7,
    ANOMALY_IPV4_TOTAL_LENGTH_BEYOND_CAPTURE = 1u << 8,
    ANOMALY_IPV4_OPTION_LENGTH_INVALID = 1u << 9,
    ANOMALY_IPV6_TRUNCATED = 1u << 10,
    ANOMALY_IPV6_VERSION_NOT_6 = 1u << 11,
    ANOMALY_IPV6_PAYLOAD_LENGTH_BEYOND_CAPTURE = 1u << 12,
    ANOMALY_TCP_TRUNCATED = 1u << 13,
    ANOMALY_TCP_DATA_OFFSET_TOO_SMALL = 1u << 14,
    ANOMALY_TCP_DATA_OFFSET_BEYOND_SEGMENT = 1u << 15,
    ANOMALY_TCP_OPTION_LENGTH_INVALID = 1u << 16,
    ANOMALY_UDP_TRUNCATED = 1u << 17,
    ANOMALY_UDP_LENGTH_INVALID = 1u << 18,
    ANOMALY_ICMP_TRUNCATED = 1u << 19,
    ANOMALY_ARP_TRUNCATED = 1u << 20,
    ANOMALY_ICMP_QUOTED_TRUNCATED = 1u << 21, /* an error's quoted IP header cut short */
    ANOMALY_COUNT_ = 22
};

#define DECODE_MAX_VLANS 4
#define DECODE_MAX_IPV4_OPTIONS 40 /* 40 option bytes, one byte minimum each */
#define DECODE_MAX_TCP_OPTIONS 40
#define DECODE_MAX_SACK_BLOCKS 4 /* (40 - 2) / 8 */

struct vlan_tag {
    uint16_t tpid; /* 0x8100 or 0x88a8 */
    uint16_t tci;  /* PCP(3) DEI(1) VID(12) */
};

/* Captured fields: every header records fixed_len, the bytes of it that were captured (from its
 * first byte, up to its whole length). A field was decoded, and may be printed, only when it
 * ends within them: DECODE_HAS(hdr, end) with end the byte just after the field. Fields not
 * captured are left zero and mean nothing. */
#define DECODE_HAS(hdr, end) ((hdr)->fixed_len >= (end))

struct link_hdr {
    bool present;
    uint8_t fixed_len; /* bytes of the link header captured (Ethernet's tags included) */
    uint32_t linktype; /* LINKTYPE_* of the capture */
    uint16_t hdr_len;  /* bytes, tags included; 0 when the header was not captured whole */
    uint16_t ethertype;
    /* Ethernet */
    uint8_t src[8]; /* SLL addresses may be up to 8 bytes */
    uint8_t src_len;
    uint8_t dst[6];
    uint8_t vlan_count;
    struct vlan_tag vlan[DECODE_MAX_VLANS];
    /* Linux cooked SLL / SLL2 */
    uint16_t pkttype;
    uint16_t hatype;
    uint32_t ifindex; /* SLL2 only */
    /* BSD NULL / LOOP */
    uint32_t family;
    /* PPP: the protocol field (0x0021 IPv4, 0x0057 IPv6, 0xc021 LCP...); ethertype is set to
     * IPv4's or IPv6's where it names one of them */
    uint16_t ppp_protocol;
    bool ppp_address_control; /* the frame began with address 0xff and control 0x03 */
};

/* ARP (RFC 826). The addresses are decoded for Ethernet/IPv4 ARP (hlen 6, plen 4) only, the
 * one users meet; fixed_len counts the captured bytes of the 8-byte header and its addresses. */
struct arp_hdr {
    bool present;
    uint8_t fixed_len; /* of 28 for Ethernet/IPv4, of 8 otherwise */
    uint16_t offset;
    uint16_t htype; /* 1 Ethernet */
    uint16_t ptype; /* 0x0800 IPv4 */
    uint8_t hlen;
    uint8_t plen;
    uint16_t op; /* 1 request, 2 reply */
    uint8_t sha[6];
    uint8_t spa[4];
    uint8_t tha[6];
    uint8_t tpa[4];
};

enum ipv4_option_type {
    IPOPT_EOL = 0,
    IPOPT_NOP = 1,
    IPOPT_RR = 7,
    IPOPT_TS = 68,
    IPOPT_LSRR = 131,
    IPOPT_SSRR = 137,
    IPOPT_RA = 148,
};

struct ipv4_option {
    uint8_t type;
    uint8_t len;         /* whole option, type and length bytes included; 1 for EOL/NOP; 0 when
                          * unknown (invalid, or cut) */
    bool cut;            /* the capture ended inside the option: only its type was decoded */
    const uint8_t *body; /* len - 2 bytes after the length byte (NULL for EOL/NOP) */
    uint8_t body_len;
    uint8_t pointer;    /* RR, LSRR, SSRR, TS */
    uint8_t ts_overflow; /* TS: high nibble of the byte after the pointer */
    uint8_t ts_flag;     /* TS: low nibble */
    uint16_t ra_value;   /* router alert */
};

struct ipv4_hdr {
    bool present;
    uint8_t fixed_len; /* bytes of the fixed header captured: a field is decoded when it ends within */
    uint16_t offset; /* of the header in the frame */
    uint8_t version;
    uint8_t ihl; /* 32-bit words */
    uint8_t tos;
    uint16_t total_length;
    uint16_t id;
    uint8_t flags;        /* 3 bits: reserved, DF, MF */
    uint16_t frag_offset; /* 13 bits, 8-byte units */
    uint8_t ttl;
    uint8_t protocol;
    uint16_t checksum;
    enum checksum_status checksum_status;
    uint8_t src[4];
    uint8_t dst[4];
    uint8_t option_count;
    struct ipv4_option options[DECODE_MAX_IPV4_OPTIONS];
};

struct ipv6_hdr {
    bool present;
    uint8_t fixed_len; /* bytes of the fixed header captured: a field is decoded when it ends within */
    uint16_t offset;
    uint8_t version;
    uint8_t traffic_class;
    uint32_t flow_label;
    uint16_t payload_length;
    uint8_t next_header;
    uint8_t hop_limit;
    uint8_t src[16];
    uint8_t dst[16];
};

enum tcp_option_kind {
    TCPOPT_EOL = 0,
    TCPOPT_NOP = 1,
    TCPOPT_MSS = 2,
    TCPOPT_WSCALE = 3,
    TCPOPT_SACK_PERMITTED = 4,
    TCPOPT_SACK = 5,
    TCPOPT_TIMESTAMP = 8,
    TCPOPT_MD5 = 19,
    TCPOPT_FASTOPEN = 34,
};

struct tcp_option {
    uint8_t kind;
    uint8_t len; /* whole option; 1 for EOL/NOP; 0 when unknown (invalid, or cut) */
    bool cut;    /* the capture ended inside the option: only its kind was decoded */
    const uint8_t *body;
    uint8_t body_len;
    bool valid; /* length fits the kind (MSS 4, WS 3, TS 10, SACK 2+8n, ...) */
    union {
        uint16_t mss;
        uint8_t wscale;
        struct {
            uint32_t val, ecr;
        } ts;
        struct {
            uint8_t count;
            uint32_t edge[2 * DECODE_MAX_SACK_BLOCKS]; /* left, right, left, right, ... */
        } sack;
    } v;
};

enum tcp_flag {
    TCP_FIN = 0x001,
    TCP_SYN = 0x002,
    TCP_RST = 0x004,
    TCP_PSH = 0x008,
    TCP_ACK = 0x010,
    TCP_URG = 0x020,
    TCP_ECE = 0x040,
    TCP_CWR = 0x080,
    TCP_AE = 0x100,
};

struct tcp_hdr {
    bool present;
    uint8_t fixed_len; /* bytes of the fixed header captured: a field is decoded when it ends within */
    uint16_t offset;
    uint16_t src_port;
    uint16_t dst_port;
    uint32_t seq;
    uint32_t ack;
    uint8_t data_offset; /* 32-bit words */
    uint16_t flags;      /* the 12 bits after the data offset */
    uint16_t window;
    uint16_t checksum;
    enum checksum_status checksum_status;
    uint16_t checksum_expected; /* with CHECKSUM_BAD: the value the field should hold */
    uint16_t urgent;
    uint8_t option_count;
    struct tcp_option options[DECODE_MAX_TCP_OPTIONS];
    bool payload_length_known; /* false when the header is not complete */
    uint32_t payload_length;   /* from the IP length, not the captured length */
};

struct udp_hdr {
    bool present;
    uint8_t fixed_len; /* bytes of the fixed header captured: a field is decoded when it ends within */
    uint16_t offset;
    uint16_t src_port;
    uint16_t dst_port;
    uint16_t length;
    uint16_t checksum;
    enum checksum_status checksum_status;
    uint16_t checksum_expected; /* with CHECKSUM_BAD: the value the field should hold */
};

struct icmp_hdr {
    bool present;
    uint8_t fixed_len; /* bytes of the fixed header captured: a field is decoded when it ends within */
    uint16_t offset;
    uint8_t type;
    uint8_t code;
    uint16_t checksum;
    /* The fields below are additions of issue 14; fixed_len counts up to 8 (the rest of the
     * header: echo's id and sequence) */
    enum checksum_status checksum_status; /* over the whole message (ICMPv6: pseudo-header) */
    uint32_t rest;                        /* bytes 4-7: id and seq for echo, unused for errors */
    uint16_t id;                          /* echo request/reply (ICMPv6 128/129 too) */
    uint16_t seq;
    bool is_echo;
    /* An ICMPv4 error (unreachable 3, source quench 4, redirect 5, time exceeded 11,
     * parameter problem 12) quotes the offending datagram's IP header and first 8 bytes. */
    bool quoted;            /* a whole quoted IPv4 header was captured */
    uint8_t quoted_protocol;
    uint8_t quoted_src[4];
    uint8_t quoted_dst[4];
    bool quoted_ports;      /* the first 4 bytes after it (TCP/UDP ports) were captured */
    uint16_t quoted_src_port;
    uint16_t quoted_dst_port;
};

/* decode_packet_flags() options. */
enum decode_flag {
    /* Leave TCP/UDP checksums unverified (their status CHECKSUM_UNVERIFIED): for output that
     * does not show them, since summing every payload byte is most of the decoding work. */
    DECODE_SKIP_TRANSPORT_CHECKSUM = 1u << 0,
};

struct packet {
    enum decode_status status;
    uint32_t flags;     /* the enum decode_flag bits it was decoded with */
    enum layer stopped_at;
    uint32_t anomalies; /* enum anomaly bits */
    uint32_t caplen;    /* bytes captured */
    uint32_t len;       /* bytes on the wire */
    const uint8_t *data;
    struct link_hdr link;
    struct ipv4_hdr ipv4;
    struct ipv6_hdr ipv6;
    struct tcp_hdr tcp;
    struct udp_hdr udp;
    struct icmp_hdr icmp;
    uint32_t payload_offset; /* first byte after the transport header */
    uint32_t payload_caplen; /* payload bytes actually captured */
    /* The transport header belongs to the first fragment of a datagram (IPv4 MF set, offset 0):
     * the UDP length (and the whole datagram) runs past this packet, which is no anomaly. */
    bool first_fragment;
    /* A first fragment whose UDP length runs past what IP carries here (a UDP length that fits
     * says nothing of a later part): the datagram continues in later fragments. Only then is
     * fragment_payload_len set: the payload bytes this fragment carries, bounded by what the
     * wire carried (it may be 0, when the fragment ends with the UDP header). */
    bool udp_spans_fragments;
    uint32_t fragment_payload_len;
    /* Last, and zeroed by arp_decode alone (not on every packet): its fields mean something
     * only when arp.present. */
    struct arp_hdr arp;
};

/* Decodes one frame. data holds caplen captured bytes of a frame that was len bytes on the wire.
 * Always fills *pkt (zeroed first); returns pkt->status. Never reads data[caplen] or beyond. */
enum decode_status decode_packet(struct packet *pkt, uint32_t linktype, const uint8_t *data,
                                 uint32_t caplen, uint32_t len);

/* The same, with enum decode_flag options. */
enum decode_status decode_packet_flags(struct packet *pkt, uint32_t linktype, const uint8_t *data,
                                       uint32_t caplen, uint32_t len, uint32_t flags);

/* True when decode_packet knows the link type. */
bool decode_linktype_supported(uint32_t linktype);

/* Stable dotted name of one anomaly bit ("ipv4.ihl_too_small"), or NULL for an unknown bit. */
const char *decode_anomaly_name(uint32_t bit);

/* Plain-words description of one anomaly bit ("IHL below 5"), or NULL. */
const char *decode_anomaly_text(uint32_t bit);

/* Internet checksum helpers (RFC 1071), exported for the tests and the demo. */
uint32_t checksum_add(uint32_t sum, const uint8_t *p, size_t n);
uint16_t checksum_fold(uint32_t sum);

#endif
