/* SPDX-License-Identifier: MIT */
/* test_signal.c: signals sent to hwtop reach the program; the report stays. */

/*
 * usage: test_signal <hwtop> <launcher_app> term|int|kill
 * The program loops in a region forever.  Once it has done 20 calls (it
 * writes a marker), the test signals hwtop, never the program:
 * term: SIGTERM is forwarded, the program dies of it: exit 143;
 * int:  SIGINT likewise: exit 130;
 * kill: the program ignores SIGTERM; hwtop SIGKILLs it after its grace
 *       period (about 3 s): exit 137.
 * Each time the report holds the calls done so far.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lrun.h"
#include "testclock.h"

static void
signal_case(const char *hwtop, const char *app, int sig, int ignore,
            int want_exit)
{
    const struct csv_record *rec;
    struct lrun l;
    double t0, waited;
    long long pid;

    lrun_init(&l);
    pid = lrun_loop(&l, hwtop, app, ignore ? "ignore" : "run", 10);
    t0 = now_s();
    CHECK(kill(l.pid, sig) == 0);
    lrun_wait(&l, 20);
    waited = now_s() - t0;
    EXPECT_EXIT(&l, want_exit);
    EXPECT_REPORT(&l);
    /* The program is gone, not left behind. */
    CHECK(kill((pid_t)pid, 0) != 0);
    rec = ROWS(&l.r, "tick");
    CHECK_INT(NUM(&l.r, rec, "calls"), >=, 20);
    CHECK_EQ(NUM(&l.r, rec, "pid"), pid);
    CHECK_INT(NUM(&l.r, ROW_ALL(&l.r, "tick"), "calls"), >=, 20);
    CHECK(strstr(l.r.out, "[whole program]") != NULL);
    CHECK(strstr(l.r.out, "tick") != NULL);
    if (ignore)
        CHECK_DBL(waited, >=, 2.5); /* the grace period was given */
    CHECK_DBL(waited, <, 8);
    printf("%s%s: exit %d after %.2f s; tick %lld calls, flags '%s'\n",
           sigabbrev_np(sig), ignore ? " (ignored)" : "", l.r.exit_code, waited,
           NUM(&l.r, rec, "calls"), STR(&l.r, rec, "flags")->p);
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    if (argc != 4)
        FAIL("usage: test_signal <hwtop> <launcher_app> term|int|kill");
    require_hwtop(argv[1]);
    if (strcmp(argv[3], "term") == 0)
        signal_case(argv[1], argv[2], SIGTERM, 0, 128 + SIGTERM);
    else if (strcmp(argv[3], "int") == 0)
        signal_case(argv[1], argv[2], SIGINT, 0, 128 + SIGINT);
    else if (strcmp(argv[3], "kill") == 0)
        signal_case(argv[1], argv[2], SIGTERM, 1, 128 + SIGKILL);
    else
        FAIL("unknown case %s", argv[3]);
    return 0;
}
