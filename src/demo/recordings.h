/* recordings.h - the demo's recordings, built into the program: captures/demo/<scenario>/'s
 * capture.pcap and steps.tsv, byte for byte, turned into arrays at build time
 * (cmake/embed.cmake). Without capture rights the demo shows them, from any directory and any
 * install: nothing is read from the source tree at run time. */
#ifndef STACKSCOPE_DEMO_RECORDINGS_H
#define STACKSCOPE_DEMO_RECORDINGS_H

#include <stddef.h>

struct demo_recording {
    const char *scenario; /* its directory's name: the scenario's */
    const unsigned char *pcap;
    size_t pcap_len;
    const unsigned char *steps;
    size_t steps_len;
};

/* One for each directory of captures/demo, in the order of their names (generated). */
extern const struct demo_recording demo_recordings[];
extern const size_t demo_recording_count;

/* The built-in recording of the scenario, or NULL when there is none. */
const struct demo_recording *demo_recording_find(const char *scenario);

#endif
