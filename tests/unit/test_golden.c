/* Golden outputs: every line of tests/golden/manifest runs stackscope on a capture in captures/
 * and must print exactly captures/expected/<capture>.<mode>.out, with nothing on stderr but
 * tcpdump's banner ("reading from file F, link-type ..."). Times are local: TZ is UTC here, and
 * Europe/Paris for the cases whose mode begins with "paris-". */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

#define MAX_ARGS 32

/* stderr is empty (the demo) or holds tcpdump's banner for capture, one line, and nothing else. */
static bool banner_only(const char *err, const char *capture)
{
    if (!*err)
        return true;
    char head[600];
    snprintf(head, sizeof head, "reading from file %s, link-type ", capture);
    const char *nl = strchr(err, '\n');
    return strncmp(err, head, strlen(head)) == 0 && nl && nl[1] == '\0' &&
           strstr(err, ", snapshot length ") != NULL;
}

static int check_line(char *line)
{
    char *words[MAX_ARGS];
    int n = 0;
    for (char *w = strtok(line, " \t\n"); w && n < MAX_ARGS - 4; w = strtok(NULL, " \t\n"))
        words[n++] = w;
    if (n < 2 || words[0][0] == '#')
        return 0;
    char capture[512], expected[512];
    snprintf(capture, sizeof capture, "%s/captures/%s", SOURCE_DIR, words[0]);
    /* demo/exchange -> captures/expected/demo-exchange.<mode>.out */
    char flat[256];
    snprintf(flat, sizeof flat, "%s", words[0]);
    for (char *c = flat; *c; c++)
        if (*c == '/')
            *c = '-';
    snprintf(expected, sizeof expected, "%s/captures/expected/%s.%s.out", SOURCE_DIR, flat,
             words[1]);
    char *argv[MAX_ARGS];
    int k = 0;
    static char bin[] = STACKSCOPE_BIN;
    argv[k++] = bin;
    for (int i = 2; i < n; i++)
        argv[k++] = strcmp(words[i], "FILE") == 0 ? capture : words[i];
    argv[k] = NULL;
    struct run_result r;
    setenv("TZ", strncmp(words[1], "paris-", 6) == 0 ? "Europe/Paris" : "UTC", 1);
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    size_t want_len;
    char *want = read_file(expected, &want_len);
    cr_expect(want != NULL, "%s: missing (tests/update-golden.sh %s %s)", expected, words[0],
              words[1]);
    int bad = 0;
    if (want && (want_len != r.out_len || memcmp(want, r.out, want_len) != 0)) {
        /* Point at the first differing line to make the failure readable. */
        size_t i = 0, line_no = 1;
        while (i < want_len && i < r.out_len && want[i] == r.out[i])
            line_no += want[i++] == '\n';
        cr_expect(0, "%s %s: output differs from %s at line %zu", words[0], words[1], expected,
                  line_no);
        bad = 1;
    }
    bool quiet = banner_only(r.err, capture);
    cr_expect(quiet, "%s %s: stderr: %s", words[0], words[1], r.err);
    cr_expect_eq(r.status, 0, "%s %s: exit %d", words[0], words[1], r.status);
    free(want);
    run_free(&r);
    return bad || !quiet || r.status ? 0 : 1;
}

Test(golden, every_manifest_line_matches)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/golden/manifest", SOURCE_DIR);
    FILE *f = fopen(path, "r");
    cr_assert(f, "cannot open %s", path);
    char line[1024];
    int cases = 0, passed = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        cases++;
        passed += check_line(line);
    }
    fclose(f);
    cr_assert_gt(cases, 10, "the manifest lists the golden cases");
    cr_expect_eq(passed, cases, "%d of %d golden cases match", passed, cases);
}
