/* scenarios.c - the lesson's scenarios: each one's name and what it shows. The demo runs them
 * (src/demo/scenarios.c), the walkthrough and the page tell them. */
#include <string.h>

#include "stackscope/lesson.h"

const struct lesson_scenario_info lesson_scenarios[SCENARIO_COUNT_] = {
    [SCENARIO_EXCHANGE] = {"exchange", MSG_DESC_EXCHANGE},
    [SCENARIO_PARTIAL_RECV] = {"partial-recv", MSG_DESC_PARTIAL_RECV},
    [SCENARIO_CONCURRENT] = {"concurrent", MSG_DESC_CONCURRENT},
    [SCENARIO_PORT_IN_USE] = {"port-in-use", MSG_DESC_PORT_IN_USE},
    [SCENARIO_SERVER_CLOSE] = {"server-close", MSG_DESC_SERVER_CLOSE},
    [SCENARIO_REFUSED] = {"refused", MSG_DESC_REFUSED},
    [SCENARIO_UDP] = {"udp", MSG_DESC_UDP},
    [SCENARIO_HTTP] = {"http", MSG_DESC_HTTP},
    [SCENARIO_TIME_WAIT] = {"time-wait", MSG_DESC_TIME_WAIT},
    [SCENARIO_LOST_SEGMENT] = {"lost-segment", MSG_DESC_LOST_SEGMENT},
};

int lesson_scenario_find(const char *name)
{
    for (int i = 0; i < SCENARIO_COUNT_; i++)
        if (!strcmp(lesson_scenarios[i].name, name))
            return i;
    return -1;
}
