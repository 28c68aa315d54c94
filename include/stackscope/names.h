/* names.h - value-to-name tables (EtherType, IP protocol, options, TCP flags, ICMP types).
 * Every table is a constant array ending in a {0, NULL} sentinel; lookups are thread-safe and
 * return static strings, or NULL when the value has no name. */
#ifndef STACKSCOPE_NAMES_H
#define STACKSCOPE_NAMES_H

#include <stdint.h>

struct name_entry {
    unsigned value;
    const char *name;
};

extern const struct name_entry names_ethertype[];
extern const struct name_entry names_ip_protocol[];
extern const struct name_entry names_ipv4_option[]; /* JSON names: "rr", "router_alert", ... */
extern const struct name_entry names_tcp_option[];  /* JSON names: "mss", "wscale", ... */
extern const struct name_entry names_tcp_flag[];    /* bit -> "SYN", in wire order FIN first */
extern const struct name_entry names_icmp_type[];  /* ICMP for IPv4 */
extern const struct name_entry names_icmp6_type[]; /* ICMPv6 */
extern const struct name_entry names_sll_pkttype[];

const char *names_lookup(const struct name_entry *table, unsigned value);

#endif
