/* SPDX-License-Identifier: MIT */
/* replay.c: runs a fuzz target on saved inputs, with any compiler. */

/*
 * usage: fuzz_replay_<target> FILE_OR_DIR...
 * Each file (a directory: each file in it) goes once through the
 * target's LLVMFuzzerTestOneInput, as libFuzzer would run it.  The kept
 * corpus (tests/fuzz/corpus/<target>) replays in every build, sanitized
 * builds included; a crash or a sanitizer report fails the test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (f == NULL) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    do {
        if (len + 4096 > cap && (buf = realloc(buf, cap = cap * 2 + 4096)) ==
                                    NULL) {
            fprintf(stderr, "replay: out of memory\n");
            exit(1);
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    /* An exact-size copy, so that ASan sees a read past the input. */
    uint8_t *exact = malloc(len ? len : 1);
    if (exact == NULL)
        exit(1);
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a directory, in name order; returns how many ran. */
static int
run_dir(const char *dir)
{
    char *names[4096], path[4200];
    struct dirent *e;
    DIR *d = opendir(dir);
    int n = 0, ran = 0;

    if (d == NULL) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL && n < 4096)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        ran += run_file(path) == 0;
        free(names[i]);
    }
    return ran;
}

int
main(int argc, char **argv)
{
    int total = 0;

    for (int i = 1; i < argc; i++) {
        struct stat st;
        int n;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
        if (n < 0)
            return 1;
        total += S_ISDIR(st.st_mode) ? n : 1;
    }
    if (total == 0) {
        fprintf(stderr, "replay: no input\n");
        return 1;
    }
    printf("replayed %d inputs, no crash\n", total);
    return 0;
}
