/* names.c - value-to-name tables; each ends with a {0, NULL} sentinel. */
#include <stddef.h>

#include "stackscope/names.h"

const struct name_entry names_ethertype[] = {
    {0x0800, "IPv4"},   {0x0806, "ARP"},  {0x86dd, "IPv6"},   {0x8100, "802.1Q"},
    {0x88a8, "802.1ad"}, {0x8035, "RARP"}, {0x8847, "MPLS"},   {0x8848, "MPLS multicast"},
    {0x88cc, "LLDP"},   {0x8863, "PPPoE discovery"}, {0x8864, "PPPoE session"},
    {0x888e, "EAPOL"},  {0x88e5, "MACsec"}, {0x9000, "loopback"}, {0, NULL},
};

const struct name_entry names_ip_protocol[] = {
    {0, "HOPOPT"}, {1, "ICMP"}, {2, "IGMP"},  {4, "IPIP"},  {6, "TCP"},   {17, "UDP"},
    {41, "IPv6"},  {43, "IPv6-route"}, {44, "IPv6-frag"}, {46, "RSVP"}, {47, "GRE"}, {50, "ESP"},
    {51, "AH"},    {58, "ICMPv6"}, {59, "IPv6-nonxt"}, {60, "IPv6-opts"}, {88, "EIGRP"},
    {89, "OSPF"},  {103, "PIM"}, {108, "IPComp"}, {112, "VRRP"}, {132, "SCTP"}, {136, "UDPLite"},
    {137, "MPLS-in-IP"}, {0, NULL},
};

/* The sentinel's value 0 never matches because lookups stop at the NULL name first. */
const struct name_entry names_ipv4_option[] = {
    {0, "eol"},   {1, "nop"},   {7, "rr"},   {68, "timestamp"}, {130, "security"},
    {131, "lsrr"}, {133, "extended_security"}, {136, "stream_id"}, {137, "ssrr"},
    {148, "router_alert"}, {0, NULL},
};

const struct name_entry names_tcp_option[] = {
    {0, "eol"}, {1, "nop"}, {2, "mss"}, {3, "wscale"}, {4, "sack_permitted"}, {5, "sack"},
    {8, "timestamp"}, {19, "md5"}, {28, "user_timeout"}, {29, "tcp_ao"}, {30, "mptcp"},
    {34, "fastopen"}, {0, NULL},
};

const struct name_entry names_tcp_flag[] = {
    {0x001, "FIN"}, {0x002, "SYN"}, {0x004, "RST"}, {0x008, "PSH"}, {0x010, "ACK"},
    {0x020, "URG"}, {0x040, "ECE"}, {0x080, "CWR"}, {0x100, "AE"},  {0, NULL},
};

const struct name_entry names_icmp_type[] = {
    {0, "echo reply"},        {3, "destination unreachable"}, {4, "source quench"},
    {5, "redirect"},          {8, "echo request"},  {9, "router advertisement"},
    {10, "router solicitation"}, {11, "time exceeded"}, {12, "parameter problem"},
    {13, "timestamp"},        {14, "timestamp reply"}, {0, NULL},
};

/* tcpdump's words (print-icmp6.c). */
const struct name_entry names_icmp6_type[] = {
    {1, "destination unreachable"}, {2, "packet too big"}, {3, "time exceeded"},
    {4, "parameter problem"}, {128, "echo request"}, {129, "echo reply"},
    {130, "multicast listener query"}, {131, "multicast listener report"},
    {132, "multicast listener done"}, {133, "router solicitation"},
    {134, "router advertisement"}, {135, "neighbor solicitation"},
    {136, "neighbor advertisement"}, {137, "redirect"},
    {143, "multicast listener report v2"}, {0, NULL},
};

const struct name_entry names_sll_pkttype[] = {
    {0, "to us"}, {1, "broadcast"}, {2, "multicast"}, {3, "to another host"}, {4, "sent by us"},
    {0, NULL},
};

const char *names_lookup(const struct name_entry *table, unsigned value)
{
    for (const struct name_entry *e = table; e->name; e++)
        if (e->value == value)
            return e->name;
    return NULL;
}
