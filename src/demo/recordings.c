/* recordings.c - finding a built-in recording (the table itself is generated: recordings.h). */
#include "recordings.h"

#include <string.h>

const struct demo_recording *demo_recording_find(const char *scenario)
{
    for (size_t i = 0; i < demo_recording_count; i++)
        if (!strcmp(demo_recordings[i].scenario, scenario))
            return &demo_recordings[i];
    return NULL;
}
