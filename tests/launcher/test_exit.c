/* SPDX-License-Identifier: MIT */
/* test_exit.c: hwtop's exit status and command line, on real programs. */

/*
 * usage: test_exit <hwtop> <launcher_app>
 * The status is the program's (its code, 128+signal, 127 not found, 126
 * not executable); usage errors exit 2 with a message and never start
 * the program (it would create a marker file); --help exits 0 with usage
 * on stdout; `--` ends hwtop's options.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lrun.h"

static char *hwtop, *app;

/* stderr is exactly one line "hwtop: ..." naming what. */
static void
one_line_naming(const struct lrun *l, const char *what)
{
    const char *nl = strchr(l->r.err, '\n');

    if (strncmp(l->r.err, "hwtop: ", 7) != 0 || nl == NULL || nl[1] != '\0')
        FAIL("stderr is not one 'hwtop: ' line: \"%s\"", l->r.err);
    if (strstr(l->r.err, what) == NULL)
        FAIL("stderr does not name %s: \"%s\"", what, l->r.err);
}

static void
test_codes(void)
{
    static const char *const codes[] = {"0", "3"};
    struct lrun l;

    for (int i = 0; i < 2; i++) {
        lrun_init(&l);
        lrun(&l, ARGV(hwtop, "-b", "-e", "sw", app, "exit", (char *)codes[i]),
             NULL, 20);
        EXPECT_EXIT(&l, codes[i][0] - '0');
        lrun_done(&l);
    }
    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", app, "segv"), NULL, 20);
    EXPECT_EXIT(&l, 128 + 11);
    lrun_done(&l);
    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", app, "abort"), NULL, 20);
    EXPECT_EXIT(&l, 128 + 6);
    lrun_done(&l);
}

static void
test_not_runnable(void)
{
    char noexec[320], dir[320];
    struct lrun l;
    FILE *f;

    /* Looked up in PATH, and a path that is not there. */
    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", "hwtop-no-such-program"), NULL, 20);
    EXPECT_EXIT(&l, 127);
    one_line_naming(&l, "hwtop-no-such-program");
    lrun_done(&l);
    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", "./no/such/prog"), NULL, 20);
    EXPECT_EXIT(&l, 127);
    one_line_naming(&l, "./no/such/prog");
    lrun_done(&l);

    /* A file without the x bit, and a directory. */
    lrun_init(&l);
    snprintf(noexec, sizeof noexec, "%s/noexec", l.r.dir);
    snprintf(dir, sizeof dir, "%s/adir", l.r.dir);
    if ((f = fopen(noexec, "w")) == NULL)
        FAIL("cannot create %s", noexec);
    fputs("#!/bin/sh\nexit 0\n", f);
    fclose(f);
    chmod(noexec, 0644);
    CHECK(mkdir(dir, 0755) == 0);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", noexec), NULL, 20);
    EXPECT_EXIT(&l, 126);
    one_line_naming(&l, noexec);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", dir), NULL, 20);
    EXPECT_EXIT(&l, 126);
    one_line_naming(&l, dir);
    lrun_done(&l);
}

/* A usage error: exit 2, a message, and the program never ran. */
static void
usage_error(char *const argv[], const char *marker, const char *what)
{
    struct lrun l;

    lrun_init(&l);
    lrun(&l, argv, NULL, 20);
    EXPECT_EXIT(&l, 2);
    if (strstr(l.r.err, "hwtop") == NULL)
        FAIL("%s: no message on stderr: \"%s\"", what, l.r.err);
    if (file_exists(marker))
        FAIL("%s: the program ran (it created %s)", what, marker);
    printf("usage error %s: %.*s\n", what, (int)strcspn(l.r.err, "\n"),
           l.r.err);
    lrun_done(&l);
}

static void
test_usage(void)
{
    char marker[320], tmp[256];

    /* Each case runs in a fresh directory; the marker is an absolute
     * path in one more of them, so it cannot exist beforehand. */
    temp_dir(tmp, sizeof tmp);
    snprintf(marker, sizeof marker, "%s/ran", tmp);
    /* Bare `hwtop` runs the demo (main.c); options alone are an error. */
    usage_error(ARGV(hwtop, "-b", "-e", "sw"), marker, "no program");
    usage_error(ARGV(hwtop, "-d", "x", "/bin/touch", marker), marker, "-d x");
    usage_error(ARGV(hwtop, "--bogus", "/bin/touch", marker), marker,
                "--bogus");
    usage_error(ARGV(hwtop, "-e", "bad list!", "/bin/touch", marker), marker,
                "-e 'bad list!'");
    usage_error(ARGV(hwtop, "-I", "0", "/bin/touch", marker), marker, "-I 0");
    usage_error(ARGV(hwtop, "--max-regions", "0", "/bin/touch", marker), marker,
                "--max-regions 0");
    /* The check itself: the same command without the error runs it. */
    {
        struct lrun l;

        lrun_init(&l);
        lrun(&l, ARGV(hwtop, "-b", "-e", "sw", "/bin/touch", marker), NULL, 20);
        EXPECT_EXIT(&l, 0);
        CHECK(file_exists(marker));
        lrun_done(&l);
    }
    remove_dir(tmp);
}

static void
test_help(void)
{
    struct lrun l;

    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "--help"), NULL, 20);
    EXPECT_EXIT(&l, 0);
    if (strncmp(l.r.out, "Usage: hwtop", 12) != 0)
        FAIL("--help: stdout does not start with the usage: \"%.80s\"",
             l.r.out);
    CHECK(strstr(l.r.out, "--batch") != NULL);
    CHECK_STR(l.r.err, "");
    lrun_done(&l);
}

/* `--` ends hwtop's options; what follows the program is its own. */
static void
test_dashdash(void)
{
    struct lrun l;

    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", "--", app, "args", "-b", "-o", "x"),
         NULL, 20);
    EXPECT_EXIT(&l, 0);
    CHECK(strstr(l.r.out, "fixture: argc=5\n") != NULL);
    CHECK(strstr(l.r.out, "fixture: arg2=-b\n") != NULL);
    CHECK(strstr(l.r.out, "fixture: arg3=-o\n") != NULL);
    CHECK(strstr(l.r.out, "fixture: arg4=x\n") != NULL);
    /* And -b before `--` was hwtop's: the batch table is there. */
    CHECK(strstr(l.r.out, "[whole program]") != NULL);
    {
        char x[320];

        snprintf(x, sizeof x, "%s/x", l.r.dir);
        CHECK(!file_exists(x) && !file_exists(l.r.csv_path));
    }
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    if (argc != 3)
        FAIL("usage: test_exit <hwtop> <launcher_app>");
    require_hwtop(argv[1]);
    hwtop = argv[1];
    app = argv[2];
    test_codes();
    test_not_runnable();
    test_usage();
    test_help();
    test_dashdash();
    printf("exit codes 0 3 139 134 127 126, usage errors 2, --help, --: ok\n");
    return 0;
}
