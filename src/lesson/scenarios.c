/* scenarios.c - the lesson's scenarios: each one's name and what it shows. The demo runs them
 * (src/demo/scenarios.c), the walkthrough and the page tell them. */
#include <string.h>

#include "stackscope/lesson.h"

const struct lesson_scenario_info lesson_scenarios[SCENARIO_COUNT_] = {
    [SCENARIO_EXCHANGE] = {"exchange", MSG_DESC_EXCHANGE, MSG_SETUP},
    [SCENARIO_PARTIAL_RECV] = {"partial-recv", MSG_DESC_PARTIAL_RECV, MSG_SETUP},
    [SCENARIO_CONCURRENT] = {"concurrent", MSG_DESC_CONCURRENT, MSG_SETUP_CONCURRENT},
    [SCENARIO_PORT_IN_USE] = {"port-in-use", MSG_DESC_PORT_IN_USE, MSG_SETUP_PORT_IN_USE},
    [SCENARIO_SERVER_CLOSE] = {"server-close", MSG_DESC_SERVER_CLOSE, MSG_SETUP},
    [SCENARIO_REFUSED] = {"refused", MSG_DESC_REFUSED, MSG_SETUP_REFUSED},
    [SCENARIO_UDP] = {"udp", MSG_DESC_UDP, MSG_UDP_SETUP},
    [SCENARIO_HTTP] = {"http", MSG_DESC_HTTP, MSG_SETUP},
    [SCENARIO_TIME_WAIT] = {"time-wait", MSG_DESC_TIME_WAIT, MSG_SETUP},
    [SCENARIO_LOST_SEGMENT] = {"lost-segment", MSG_DESC_LOST_SEGMENT, MSG_SETUP},
};

int lesson_scenario_find(const char *name)
{
    for (int i = 0; i < SCENARIO_COUNT_; i++)
        if (!strcmp(lesson_scenarios[i].name, name))
            return i;
    return -1;
}
