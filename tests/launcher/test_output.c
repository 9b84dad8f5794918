/* SPDX-License-Identifier: MIT */
/* test_output.c: periodic tables, and where -o may and may not write. */

/*
 * usage: test_output <hwtop> <launcher_app>
 * `-I 200` prints a table every 200 ms while the program runs; `-o` on a
 * path that cannot be written fails before the program starts, in one
 * line; a normal run leaves the report and its meta.json, no temp file.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "lrun.h"

static char *hwtop, *app;

static void
test_interval(void)
{
    struct lrun l;
    int tables, running;

    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-I", "200", "-e", "sw", app, "ticks", "1500"),
         NULL, 30);
    EXPECT_EXIT(&l, 0);
    tables = count_lines(l.r.out, "REGION ");
    running = 0;
    for (const char *p = l.r.out; (p = strstr(p, "): running after ")); p++)
        running++;
    /* 1.5 s at 200 ms: 7 while running, then the final one. */
    printf("-I 200 over 1.5 s: %d tables, %d while running\n", tables, running);
    CHECK_INT(running, >=, 4);
    CHECK_INT(running, <=, 15); /* a slow start adds some */
    CHECK_EQ(tables, running + 1);
    CHECK_EQ(count_lines(l.r.out, "[whole program] "), tables);
    CHECK_INT(count_lines(l.r.out, "tick "), >=, running);
    CHECK(strstr(l.r.out, "exited with status 0") != NULL);
    lrun_done(&l);
}

/* -o path cannot be written: fails in one line, the program never ran. */
static void
unwritable(const char *path)
{
    struct lrun l;
    const char *nl;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", (char *)path, "/bin/touch",
              l.marker),
         NULL, 20);
    nl = strchr(l.r.err, '\n');
    printf("-o %s: exit %d: %s", path, l.r.exit_code, l.r.err);
    CHECK(l.r.exit_code != 0);
    if (strncmp(l.r.err, "hwtop: ", 7) != 0 || nl == NULL || nl[1] != '\0' ||
        strstr(l.r.err, path) == NULL)
        FAIL("not one 'hwtop: %s...' line: \"%s\"", path, l.r.err);
    if (file_exists(l.marker))
        FAIL("-o %s: the program ran before the error", path);
    lrun_done(&l);
}

static void
test_unwritable(void)
{
    char dir[256], missing[320], under_file[320];
    FILE *f;

    temp_dir(dir, sizeof dir);
    snprintf(missing, sizeof missing, "%s/missing/r.csv", dir);
    unwritable(missing);
    snprintf(under_file, sizeof under_file, "%s/afile", dir);
    if ((f = fopen(under_file, "w")) == NULL)
        FAIL("cannot create %s", under_file);
    fclose(f);
    snprintf(under_file, sizeof under_file, "%s/afile/r.csv", dir);
    unwritable(under_file);
    /* An existing directory: the rename at the end would fail. */
    unwritable(dir);
    /* A directory that even root cannot create files in. */
    unwritable("/proc/hwtop-launcher-test.csv");
    remove_dir(dir);
}

/* Names in dir, besides . and .., into a "a b" string. */
static int
list_dir(const char *dir, char *buf, size_t len)
{
    struct dirent *d;
    DIR *dh = opendir(dir);
    int n = 0;

    buf[0] = '\0';
    if (dh == NULL)
        FAIL("opendir %s", dir);
    while ((d = readdir(dh)) != NULL) {
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
            continue;
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", n ? " " : "",
                 d->d_name);
        n++;
    }
    closedir(dh);
    return n;
}

static void
test_no_temp(void)
{
    static const char *const scenarios[] = {"exit", "segv"};
    char names[1024];
    struct lrun l;

    for (int i = 0; i < 2; i++) {
        lrun_init(&l);
        lrun(&l,
             ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, app,
                  (char *)scenarios[i]),
             NULL, 20);
        EXPECT_REPORT(&l);
        if (list_dir(l.rep_dir, names, sizeof names) != 2 ||
            (strcmp(names, "r.csv r.csv.meta.json") != 0 &&
             strcmp(names, "r.csv.meta.json r.csv") != 0))
            FAIL("%s: the report directory holds \"%s\"", scenarios[i], names);
        printf("%s: the report directory holds %s\n", scenarios[i], names);
        lrun_done(&l);
    }
}

int
main(int argc, char **argv)
{
    if (argc != 3)
        FAIL("usage: test_output <hwtop> <launcher_app>");
    require_hwtop(argv[1]);
    hwtop = argv[1];
    app = argv[2];
    test_interval();
    test_unwritable();
    test_no_temp();
    return 0;
}
