/* guard.c - see guard.h. */
#include "guard.h"

#include <criterion/criterion.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct guarded guard_copy(const uint8_t *src, size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data_pages = (n + page - 1) / page;
    if (data_pages == 0)
        data_pages = 1;
    struct guarded g;
    g.map_len = (data_pages + 1) * page;
    g.map = mmap(NULL, g.map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(g.map != MAP_FAILED);
    uint8_t *guard = (uint8_t *)g.map + data_pages * page;
    cr_assert(mprotect(guard, page, PROT_NONE) == 0);
    g.data = guard - n;
    if (n)
        memcpy(g.data, src, n);
    return g;
}

void guard_free(struct guarded *g)
{
    munmap(g->map, g->map_len);
}
