/* link_names.c - names the printers give link types and PPP protocols. */
#include "stackscope/print.h"

/* libpcap's pcap_datalink_val_to_name() and _description() for the link types the decoder
 * knows, by LINKTYPE_ value (DLT_RAW and DLT_LOOP differ by platform, the file's value not). */
static const struct {
    uint32_t linktype;
    const char *name, *description;
} linktypes[] = {
    {LINKTYPE_NULL, "NULL", "BSD loopback"},
    {LINKTYPE_ETHERNET, "EN10MB", "Ethernet"},
    {LINKTYPE_PPP, "PPP", "PPP"},
    {LINKTYPE_RAW_DLT12, "RAW", "Raw IP"},
    {LINKTYPE_RAW_DLT14, "RAW", "Raw IP"},
    {LINKTYPE_RAW, "RAW", "Raw IP"},
    {LINKTYPE_LOOP, "LOOP", "OpenBSD loopback"},
    {LINKTYPE_LINUX_SLL, "LINUX_SLL", "Linux cooked v1"},
    {LINKTYPE_IPV4, "IPV4", "Raw IPv4"},
    {LINKTYPE_IPV6, "IPV6", "Raw IPv6"},
    {LINKTYPE_LINUX_SLL2, "LINUX_SLL2", "Linux cooked v2"},
};

bool print_linktype_name(uint32_t linktype, const char **name, const char **description)
{
    for (size_t i = 0; i < sizeof linktypes / sizeof linktypes[0]; i++)
        if (linktypes[i].linktype == linktype) {
            *name = linktypes[i].name;
            *description = linktypes[i].description;
            return true;
        }
    return false;
}

const char *print_ppp_protocol_name(uint16_t protocol)
{
    switch (protocol) {
    case 0x0021:
        return "IP";
    case 0x0057:
        return "IP6";
    case 0x0281:
        return "MPLS";
    case 0x8021:
        return "IPCP";
    case 0x8057:
        return "IP6CP";
    case 0xc021:
        return "LCP";
    case 0xc023:
        return "PAP";
    case 0xc223:
        return "CHAP";
    default:
        return NULL;
    }
}
