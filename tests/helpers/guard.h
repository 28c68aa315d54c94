/* guard.h - copies bytes so they end exactly where a PROT_NONE page begins: any read past the
 * end faults at once, with or without sanitizers. */
#ifndef TEST_GUARD_H
#define TEST_GUARD_H
#include <stddef.h>
#include <stdint.h>

struct guarded {
    uint8_t *data; /* n bytes, the last one just before the guard page */
    void *map;
    size_t map_len;
};

struct guarded guard_copy(const uint8_t *src, size_t n);
void guard_free(struct guarded *g);

#endif
