/* --diagram in the reader's language: every box named as the French walkthrough names the field,
 * the headers' titles and the data row in French with --lang fr, each label inside its box at the
 * widest value the field can hold, and counts in the singular where the language wants it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/print.h"

static uint8_t frame[128];
static struct packet pkt;
static struct flow_info fi;

/* DESIGN.md's loopback SYN (as test_print's): 127.0.0.1:58160 > 127.0.0.1:5005, MSS, SACK
 * permitted, timestamps, NOP, window scale, the checksum left partial by offload. */
static void design_syn(void)
{
    struct pkt_spec s = pkt_spec_design_syn();
    cr_assert_eq(pkt_build_eth_tcp(frame, sizeof frame, &s), 74);
    frame[14 + 20 + 16] = 0xfe;
    frame[14 + 20 + 17] = 0x30;
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 74, 74);
    struct flow_table *flows = malloc(sizeof *flows);
    flow_table_init(flows);
    flow_update(flows, &pkt, &fi);
    free(flows);
}

/* Every field at the value that writes it widest: TTL 255, a 5-digit length, identification,
 * ports, window and urgent pointer, 10-digit sequence and acknowledgement numbers, one byte of
 * data; no flow (raw numbers only). With the largest fragment offset (8191), a later fragment:
 * no TCP header then. */
static void widest(uint16_t frag_offset)
{
    static const uint8_t data[1] = {'x'};
    struct pkt_spec s = pkt_spec_default();
    memcpy(s.src, "\xff\xff\xff\xff", 4);
    memcpy(s.dst, "\xff\xff\xff\xfe", 4);
    s.ttl = 255;
    s.tos = 0xff;
    s.id = 65535;
    s.frag_offset = frag_offset;
    s.ip_flags = 0;
    s.sport = 65535;
    s.dport = 65534;
    s.seq = 4294967295u;
    s.ack = 4294967294u;
    s.tcp_flags = 0x010; /* ACK */
    s.window = 65535;
    s.urgent = 65535;
    s.payload = data;
    s.payload_len = sizeof data;
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    cr_assert_eq(n, 55);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
}

static char *render(enum print_lang lang, const struct flow_info *flow)
{
    struct print_opts po = {.mode = PRINT_DIAGRAM, .lang = lang};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {.number = 1, .ts_sec = 1700000000, .ts_usec = 535218};
    print_packet(&ctx, &ob, &fr, &pkt, flow);
    ob_putc(&ob, '\0');
    return ob.buf;
}

/* Every row and border is 65 columns between its margins, counted in characters (« é » is one
 * column, two bytes). */
static void rows_keep_their_width(const char *s)
{
    for (const char *line = s; *line;) {
        const char *nl = strchr(line, '\n');
        if (line[0] == ' ' && (line[1] == '|' || line[1] == '+')) {
            int cols = 0;
            for (const char *p = line; p < nl; p++)
                cols += ((unsigned char)*p & 0xc0) != 0x80;
            cr_assert_eq(cols, 66, "row: %.*s", (int)(nl - line), line);
        }
        line = nl + 1;
    }
}

Test(diagram, french_names_every_ipv4_and_tcp_box)
{
    design_syn();
    char *s = render(PRINT_LANG_FR, &fi);
    cr_assert(strstr(s, "En-tête IPv4, 20\u00a0octets\n"
                        "  0                   1                   2                   3\n"
                        "  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n"
                        " +-------+-------+---------------+-------------------------------+\n"
                        " |Vers. 4| IHL 5 | Service 0x00  |      Longueur totale 60       |\n"
                        " +-------+-------+---------------+-----+-------------------------+\n"
                        " |     Identification 49872      | DF  | Décalage du fragment 0  |\n"
                        " +---------------+---------------+-----+-------------------------+\n"
                        " |Durée de vie 64|Protocole 6 TCP|     Somme 0x79e9 correcte     |\n"
                        " +---------------+---------------+-------------------------------+\n"
                        " |                   Adresse source 127.0.0.1                    |\n"
                        " +---------------------------------------------------------------+\n"
                        " |               Adresse de destination 127.0.0.1                |\n"
                        " +---------------------------------------------------------------+\n"
                        "En-tête TCP, 40\u00a0octets\n"),
              "%s", s);
    cr_assert(strstr(s, " |       Port source 58160       |   Port de destination 5005    |\n"
                        " +-------------------------------+-------------------------------+\n"
                        " |           Numéro de séquence 1873299397 (relatif 0)           |\n"
                        " +---------------------------------------------------------------+\n"
                        " |               Accusé de réception 0 (pas d'ACK)               |\n"
                        " +-------+-----+-----------------+-------------------------------+\n"
                        " |Déc. 10|  0  |       SYN       |         Fenêtre 65495         |\n"
                        " +-------+-----+-----------------+-------------------------------+\n"
                        " |    Somme 0xfe30 partielle     |       Pointeur urgent 0       |\n"
                        " +-------------------------------+-------------------------------+\n"
                        " | Options TCP (20\u00a0o)\u00a0: mss sack_permitted timestamp nop wscale  |\n"
                        " +---------------------------------------------------------------+\n"
                        " |                       Données\u00a0: 0\u00a0octet                       |\n"),
              "%s", s);
    cr_assert(!strstr(s, "Off") && !strstr(s, "bytes") && !strstr(s, "Checksum"), "%s", s);
    rows_keep_their_width(s);
    free(s);
}

/* The English boxes are as before; one byte of data is "1 byte". */
Test(diagram, english_unchanged_and_one_byte_singular)
{
    design_syn();
    char *s = render(PRINT_LANG_EN, &fi);
    cr_assert(strstr(s, " | Ver 4 | IHL 5 |   TOS 0x00    |        Total length 60        |\n"),
              "%s", s);
    cr_assert(strstr(s, " |Off 10 |  0  |       SYN       |         Window 65495          |\n"),
              "%s", s);
    cr_assert(strstr(s, "Data: 0 bytes"), "%s", s);
    free(s);
    widest(0);
    s = render(PRINT_LANG_EN, NULL);
    cr_assert(strstr(s, " |                         Data: 1 byte                          |\n"),
              "%s", s);
    free(s);
}

/* At each field's widest value every French label still fits its box: the long form where it
 * fits (« Décalage du fragment 8191 » fills its 25 columns), the shorter one where it cannot
 * (« Durée de vie 255 » is 16 columns in 15: « TTL 255 »). */
Test(diagram, french_labels_fit_at_the_widest_values)
{
    widest(8191);
    char *s = render(PRINT_LANG_FR, NULL);
    cr_assert(strstr(s, " |Vers. 4| IHL 5 | Service 0xff  |      Longueur totale 41       |\n"
                        " +-------+-------+---------------+-----+-------------------------+\n"
                        " |     Identification 65535      |  -  |Décalage du fragment 8191|\n"
                        " +---------------+---------------+-----+-------------------------+\n"
                        " |    TTL 255    |Protocole 6 TCP|     Somme 0x9ad2 correcte     |\n"
                        " +---------------+---------------+-------------------------------+\n"
                        " |                Adresse source 255.255.255.255                 |\n"
                        " +---------------------------------------------------------------+\n"
                        " |            Adresse de destination 255.255.255.254             |\n"),
              "%s", s);
    rows_keep_their_width(s);
    free(s);
    widest(0);
    /* the last byte not captured: the TCP checksum cannot be verified, its longest verdict */
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 54, 55);
    s = render(PRINT_LANG_FR, NULL);
    cr_assert(strstr(s, " |       Port source 65535       |   Port de destination 65534   |\n"
                        " +-------------------------------+-------------------------------+\n"
                        " |                 Numéro de séquence 4294967295                 |\n"
                        " +---------------------------------------------------------------+\n"
                        " |                Accusé de réception 4294967294                 |\n"
                        " +-------+-----+-----------------+-------------------------------+\n"
                        " |Déc. 5 |  0  |       ACK       |         Fenêtre 65535         |\n"
                        " +-------+-----+-----------------+-------------------------------+\n"
                        " |   Somme 0x37d7 non vérifiée   |     Pointeur urgent 65535     |\n"
                        " +-------------------------------+-------------------------------+\n"
                        " |                       Données\u00a0: 1\u00a0octet                       |\n"),
              "%s", s);
    rows_keep_their_width(s);
    free(s);
}

/* A UDP datagram over IPv4 without a checksum (0): its boxes in French, « Protocole 17 UDP » too
 * wide for its 15 columns and so « Proto 17 UDP ». */
Test(diagram, french_udp_boxes)
{
    static const uint8_t f[] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00,                 /* Ethernet */
        0x45, 0, 0, 31, 0x12, 0x34, 0x40, 0, 64, 17, 0, 0,               /* IPv4 ... */
        127, 0, 0, 1, 127, 0, 0, 1,
        0xc7, 0xa2, 0x13, 0x8d, 0, 11, 0, 0,                            /* UDP 51106 > 5005 */
        'a', 'b', 'c'};
    memcpy(frame, f, sizeof f);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, sizeof f, sizeof f);
    char *s = render(PRINT_LANG_FR, NULL);
    cr_assert(strstr(s, " |Durée de vie 64| Proto 17 UDP  |      Somme 0x0000 fausse      |\n"),
              "%s", s);
    cr_assert(strstr(s, "En-tête UDP, 8\u00a0octets\n"), "%s", s);
    cr_assert(strstr(s, " |       Port source 51106       |   Port de destination 5005    |\n"
                        " +-------------------------------+-------------------------------+\n"
                        " |          Longueur 11          |       Somme 0 (aucune)        |\n"
                        " +-------------------------------+-------------------------------+\n"
                        " |                      Données\u00a0: 3\u00a0octets                       |\n"),
              "%s", s);
    rows_keep_their_width(s);
    free(s);
}

/* A header length of 0 (malformed): the title's count in the singular, as French wants below 2. */
Test(diagram, french_title_singular_below_two)
{
    design_syn();
    frame[14] = 0x40; /* version 4, IHL 0 */
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 74, 74);
    char *s = render(PRINT_LANG_FR, NULL);
    cr_assert(strstr(s, "\nEn-tête IPv4, 0\u00a0octet\n"), "%s", s);
    free(s);
    s = render(PRINT_LANG_EN, NULL);
    cr_assert(strstr(s, "\nIPv4 header, 0 bytes\n"), "%s", s);
    free(s);
}

/* Options too many for their 63-column box: as many names as fit, then an ellipsis, rather than
 * the bare word « Options » (40 bytes: MSS, SACK permitted, timestamps, NOP, window scale and 20
 * NOPs). */
Test(diagram, options_past_the_box_end_with_an_ellipsis)
{
    uint8_t opts[40] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
    memset(opts + 20, 1, 20);
    struct pkt_spec s = pkt_spec_default();
    s.tcp_options = opts;
    s.tcp_options_len = sizeof opts;
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    cr_assert_eq(n, 94);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    char *fr = render(PRINT_LANG_FR, NULL), *en = render(PRINT_LANG_EN, NULL);
    cr_assert(strstr(fr, " |Options TCP (40\u00a0o)\u00a0: mss sack_permitted timestamp nop wscale \u2026 |\n"),
              "%s", fr);
    cr_assert(strstr(en, " |Options 40 bytes: mss sack_permitted timestamp nop wscale nop \u2026|\n"),
              "%s", en);
    rows_keep_their_width(fr);
    rows_keep_their_width(en);
    free(fr);
    free(en);
}

/* Raw IPv4 10.0.0.2 > 10.0.0.1 carrying the ICMP message m (n bytes), its checksum computed. */
static void raw_icmp(const uint8_t *m, size_t n)
{
    size_t len = pkt_build_ipv4_icmp(frame, sizeof frame, m, n, false);
    cr_assert_gt(len, 0);
    decode_packet(&pkt, LINKTYPE_RAW, frame, (uint32_t)len, (uint32_t)len);
}

/* ICMP as 32-bit rows: type, code, checksum; echo's identifier and sequence; the data. An
 * error: the rest of the header as a number, then the quoted datagram. Before: no ICMP box. */
Test(diagram, icmp_rows_in_both_languages)
{
    uint8_t echo[12] = {8, 0, 0, 0, 0x12, 0x34, 0, 7, 'p', 'i', 'n', 'g'};
    raw_icmp(echo, sizeof echo);
    char *s = render(PRINT_LANG_EN, NULL);
    char want[1024];
    snprintf(want, sizeof want,
             "ICMP header, 8 bytes\n"
             "  0                   1                   2                   3\n"
             "  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n"
             " +---------------+---------------+-------------------------------+\n"
             " |    Type 8     |    Code 0     |     Checksum 0x%04x good      |\n"
             " +---------------+---------------+-------------------------------+\n"
             " |        Identifier 4660        |       Sequence number 7       |\n"
             " +-------------------------------+-------------------------------+\n"
             " |                         Data: 4 bytes                         |\n"
             " +---------------------------------------------------------------+\n",
             pkt.icmp.checksum);
    cr_assert(strstr(s, want), "%s", s);
    rows_keep_their_width(s);
    free(s);
    s = render(PRINT_LANG_FR, NULL);
    cr_assert(strstr(s, "En-tête ICMP, 8\u00a0octets\n"), "%s", s);
    cr_assert(strstr(s, " |       Identifiant 4660        |     Numéro de séquence 7      |\n"),
              "%s", s);
    rows_keep_their_width(s);
    free(s);
    uint8_t unreach[36] = {3, 3, 0, 0, 0, 0, 0, 0,
                           0x45, 0, 0, 36, 0, 9, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                           0x13, 0x88, 0x00, 0x35, 0, 16, 0, 0};
    raw_icmp(unreach, sizeof unreach);
    s = render(PRINT_LANG_EN, NULL);
    cr_assert(strstr(s, " |                 Rest of the header 0x00000000                 |\n"
                        " +---------------------------------------------------------------+\n"
                        " |                   Quoted datagram: 28 bytes                   |\n"),
              "%s", s);
    free(s);
    s = render(PRINT_LANG_FR, NULL);
    cr_assert(strstr(s, "Reste de l'en-tête 0x00000000"), "%s", s);
    cr_assert(strstr(s, "Datagramme cité\u00a0: 28\u00a0octets"), "%s", s);
    rows_keep_their_width(s);
    free(s);
}

/* IPv6 as 32-bit rows: version, traffic class, flow label; payload length, next header, hop
 * limit; each address on 4 rows, two groups a row. Before: no IPv6 box. */
Test(diagram, ipv6_rows_in_both_languages)
{
    uint8_t f[48] = {0x6b, 0x81, 0x23, 0x45, 0, 8, 17, 255};
    static const uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    memcpy(f + 8, src, 16);
    memcpy(f + 24, src, 16);
    f[39] = 2;
    f[40] = 0x13;
    f[41] = 0x88;
    f[43] = 53;
    f[45] = 8;
    memcpy(frame, f, sizeof f);
    decode_packet(&pkt, LINKTYPE_RAW, frame, sizeof f, sizeof f);
    char *s = render(PRINT_LANG_EN, NULL);
    cr_assert(strstr(s, "IPv6 header, 40 bytes\n"
                        "  0                   1                   2                   3\n"
                        "  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n"
                        " +-------+---------------+---------------------------------------+\n"
                        " | Ver 6 |  Class 0xb8   |          Flow label 0x12345           |\n"
                        " +-------+---------------+-------+---------------+---------------+\n"
                        " |       Payload length 8        |  Next 17 UDP  | Hop limit 255 |\n"
                        " +-------------------------------+---------------+---------------+\n"
                        " |                Source address 2001:0db8 (1/4)                 |\n"),
              "%s", s);
    cr_assert(strstr(s, " |              Destination address 0000:0002 (4/4)              |\n"
                        " +---------------------------------------------------------------+\n"
                        "UDP header, 8 bytes\n"),
              "%s", s);
    rows_keep_their_width(s);
    free(s);
    s = render(PRINT_LANG_FR, NULL);
    cr_assert(strstr(s, " |Vers. 6|  Classe 0xb8  |       Étiquette de flux 0x12345       |\n"),
              "%s", s);
    cr_assert(strstr(s, " |    Longueur des données 8     |Suivant 17 UDP |   Sauts 255   |\n"),
              "%s", s);
    cr_assert(strstr(s, " |            Adresse de destination 0000:0002 (4/4)             |\n"),
              "%s", s);
    rows_keep_their_width(s);
    free(s);
}
