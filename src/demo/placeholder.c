#include <stdio.h>
#include "stackscope/demo.h"
int demo_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "stackscope: demo: not built yet\n");
    return 1;
}
