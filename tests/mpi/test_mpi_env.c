/* SPDX-License-Identifier: MIT */
/* test_mpi_env.c: the rank from each launcher's variables, -o patterns,
 * the choices mpi_setup makes, and the rank in the sidecar and back. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "json.h"
#include "mpi.h"
#include "options.h"
#include "rank.h"
#include "snapshot.h"

/* Every variable mpi.c reads, so that each case starts clean. */
static const char *const all_vars[] = {
    "OMPI_COMM_WORLD_RANK",
    "OMPI_COMM_WORLD_SIZE",
    "OMPI_COMM_WORLD_LOCAL_RANK",
    "PMIX_NAMESPACE",
    "PMIX_RANK",
    "MV2_COMM_WORLD_RANK",
    "MV2_COMM_WORLD_SIZE",
    "MV2_COMM_WORLD_LOCAL_RANK",
    "PMI_RANK",
    "PMI_SIZE",
    "MPI_LOCALRANKID",
    "PMI_LOCAL_RANK",
    "SLURM_PROCID",
    "SLURM_STEP_NUM_TASKS",
    "SLURM_NTASKS",
    "SLURM_NPROCS",
    "SLURM_LOCALID",
    "SLURM_JOB_ID",
    "SLURM_STEP_ID",
};

/* Clears the environment of launchers, then sets NULL-ended pairs. */
static void
env(const char *first, ...)
{
    va_list ap;
    const char *name = first;

    for (size_t i = 0; i < sizeof all_vars / sizeof all_vars[0]; i++)
        unsetenv(all_vars[i]);
    va_start(ap, first);
    while (name != NULL) {
        setenv(name, va_arg(ap, const char *), 1);
        name = va_arg(ap, const char *);
    }
    va_end(ap);
}

static struct mpi_job
detect_ok(void)
{
    struct mpi_job j;
    char err[300] = "";

    if (mpi_detect(&j, err, sizeof err) != 0)
        FAIL("mpi_detect: %s", err);
    return j;
}

static void
detect_bad(const char *want)
{
    struct mpi_job j;
    char err[300] = "";

    CHECK_EQ(mpi_detect(&j, err, sizeof err), -EINVAL);
    if (strstr(err, want) == NULL)
        FAIL("error '%s' does not name '%s'", err, want);
}

static void
test_launchers(void)
{
    struct mpi_job j;
    char host[256] = "";

    gethostname(host, sizeof host - 1);
    env(NULL);
    j = detect_ok();
    CHECK(!j.detected && !j.many);
    CHECK_EQ(j.id.rank, 0);
    CHECK_EQ(j.id.size, 1);
    CHECK_STR(j.id.host, host);

    /* Open MPI 4 and 5 (it also sets PMIx's). */
    env("OMPI_COMM_WORLD_RANK", "3", "OMPI_COMM_WORLD_SIZE", "4",
        "OMPI_COMM_WORLD_LOCAL_RANK", "1", "PMIX_RANK", "3", "PMIX_NAMESPACE",
        "1440219137", NULL);
    j = detect_ok();
    CHECK(j.detected && j.many);
    CHECK_EQ(j.id.rank, 3);
    CHECK_EQ(j.id.size, 4);
    CHECK_EQ(j.id.local_rank, 1);
    CHECK_STR(j.id.launcher, "Open MPI");
    CHECK_STR(j.id.source, "OMPI_COMM_WORLD_RANK");
    CHECK_STR(j.id.job, "1440219137");

    env("MV2_COMM_WORLD_RANK", "6", "MV2_COMM_WORLD_SIZE", "8",
        "MV2_COMM_WORLD_LOCAL_RANK", "2", NULL);
    j = detect_ok();
    CHECK_STR(j.id.launcher, "MVAPICH2");
    CHECK_EQ(j.id.rank, 6);
    CHECK_EQ(j.id.size, 8);
    CHECK_EQ(j.id.local_rank, 2);
    CHECK_STR(j.id.job, "");

    /* PMIx alone says no size: many ranks, as far as hwtop knows. */
    env("PMIX_RANK", "5", "PMIX_NAMESPACE", "prterun-vm-1@1", NULL);
    j = detect_ok();
    CHECK_STR(j.id.launcher, "PMIx");
    CHECK_EQ(j.id.rank, 5);
    CHECK_EQ(j.id.size, -1);
    CHECK_EQ(j.id.local_rank, -1);
    CHECK(j.many);
    CHECK_STR(j.id.job, "prterun-vm-1@1");

    /* srun --mpi=pmix: the step's size from Slurm, before SLURM_NTASKS. */
    env("PMIX_RANK", "5", "SLURM_PROCID", "5", "SLURM_STEP_NUM_TASKS", "6",
        "SLURM_NTASKS", "99", "SLURM_LOCALID", "1", NULL);
    j = detect_ok();
    CHECK_STR(j.id.launcher, "PMIx");
    CHECK_EQ(j.id.size, 6);
    CHECK_EQ(j.id.local_rank, 1);

    /* MPICH's Hydra and Intel MPI, even inside a Slurm allocation. */
    env("PMI_RANK", "1", "PMI_SIZE", "2", "MPI_LOCALRANKID", "1",
        "SLURM_PROCID", "0", "SLURM_NTASKS", "1", NULL);
    j = detect_ok();
    CHECK_STR(j.id.launcher, "MPICH/Hydra");
    CHECK_STR(j.id.source, "PMI_RANK");
    CHECK_EQ(j.id.rank, 1);
    CHECK_EQ(j.id.size, 2);
    CHECK_EQ(j.id.local_rank, 1);

    env("SLURM_PROCID", "7", "SLURM_NTASKS", "8", "SLURM_LOCALID", "3",
        "SLURM_JOB_ID", "1234", "SLURM_STEP_ID", "0", NULL);
    j = detect_ok();
    CHECK_STR(j.id.launcher, "Slurm");
    CHECK_STR(j.id.source, "SLURM_PROCID");
    CHECK_EQ(j.id.rank, 7);
    CHECK_EQ(j.id.size, 8);
    CHECK_EQ(j.id.local_rank, 3);
    CHECK_STR(j.id.job, "1234.0");

    /* Older Slurm: SLURM_NPROCS; one task is no job of many. */
    env("SLURM_PROCID", "0", "SLURM_NPROCS", "1", NULL);
    j = detect_ok();
    CHECK(j.detected && !j.many);
    CHECK_EQ(j.id.size, 1);

    /* First match wins: Open MPI over PMIx, PMI and Slurm. */
    env("SLURM_PROCID", "0", "PMI_RANK", "9", "PMIX_RANK", "2",
        "OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "3", NULL);
    CHECK_STR(detect_ok().id.launcher, "Open MPI");

    /* A local rank that is not a number is only unknown. */
    env("PMI_RANK", "0", "PMI_SIZE", "2", "MPI_LOCALRANKID", "x", NULL);
    CHECK_EQ(detect_ok().id.local_rank, -1);
    printf("launchers: Open MPI, MVAPICH2, PMIx, Hydra, Slurm, none: ok\n");
}

static void
test_bad_values(void)
{
    const char *bad[] = {"abc", "", "-1", "3x", " 3", "99999999999"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        env("OMPI_COMM_WORLD_RANK", bad[i], NULL);
        detect_bad("OMPI_COMM_WORLD_RANK=");
    }
    env("PMI_RANK", "4", "PMI_SIZE", "4", NULL);
    detect_bad("PMI_SIZE='4'");
    env("SLURM_PROCID", "0", "SLURM_NTASKS", "0", NULL);
    detect_bad("SLURM_NTASKS='0'");
    env("SLURM_PROCID", "0", "SLURM_STEP_NUM_TASKS", "many", NULL);
    detect_bad("SLURM_STEP_NUM_TASKS");
    printf("bad values: one error naming the variable: ok\n");
}

static void
expand_ok(const struct mpi_job *j, const char *pattern, const char *want)
{
    char out[256], err[200];

    if (mpi_expand(pattern, j, 4242, out, sizeof out, err, sizeof err) != 0)
        FAIL("'%s': %s", pattern, err);
    CHECK_STR(out, want);
}

static void
test_patterns(void)
{
    struct mpi_job j;
    char out[32], err[200], want[300];

    env("OMPI_COMM_WORLD_RANK", "3", "OMPI_COMM_WORLD_SIZE", "4", NULL);
    j = detect_ok();
    expand_ok(&j, "run.%r.csv", "run.3.csv");
    snprintf(want, sizeof want, "%s-%s", j.id.host, "3-4242.csv");
    expand_ok(&j, "%h-%r-%p.csv", want);
    expand_ok(&j, "100%%.csv", "100%.csv");
    expand_ok(&j, "a%%r", "a%r");
    expand_ok(&j, "plain.csv", "plain.csv");
    expand_ok(&j, "", "");
    CHECK_EQ(mpi_expand("run.%x.csv", &j, 1, out, sizeof out, err, sizeof err),
             -EINVAL);
    CHECK(strstr(err, "'%x'") != NULL);
    CHECK_EQ(mpi_expand("run.%", &j, 1, out, sizeof out, err, sizeof err),
             -EINVAL);
    CHECK_EQ(mpi_expand("a-very-long-name-that-does-not-fit-%r.csv", &j, 1, out,
                        sizeof out, err, sizeof err),
             -ENAMETOOLONG);

    CHECK(mpi_pattern_per_rank("run.%r.csv"));
    CHECK(mpi_pattern_per_rank("run.%p.csv"));
    CHECK(!mpi_pattern_per_rank("run.%h.csv"));
    CHECK(!mpi_pattern_per_rank("a%%r.csv"));
    CHECK(mpi_pattern_per_rank("a%%%r.csv"));
    CHECK(!mpi_pattern_per_rank("run.csv%"));

    /* No launcher: %r is 0. */
    env(NULL);
    j = detect_ok();
    expand_ok(&j, "run.%r.csv", "run.0.csv");
    printf("patterns: %%r %%h %%p %%%%, errors: ok\n");
}

static void
insert_ok(const char *path, const char *want)
{
    char out[256];

    CHECK_EQ(mpi_insert_rank(path, 3, out, sizeof out), 0);
    CHECK_STR(out, want);
}

static void
test_insert_rank(void)
{
    char small[8];

    insert_ok("run.csv", "run.3.csv");
    insert_ok("out/run", "out/run.3");
    insert_ok("a.b/run", "a.b/run.3");
    insert_ok(".hidden", ".hidden.3");
    insert_ok("dir/.x.csv", "dir/.x.3.csv");
    insert_ok("r.tar.gz", "r.tar.3.gz");
    CHECK_EQ(mpi_insert_rank("longer.csv", 3, small, sizeof small),
             -ENAMETOOLONG);
    printf("rank inserted before the extension: ok\n");
}

/* A struct options as options_parse leaves it before mpi_setup. */
static void
opts(struct options *o, const char *output, bool batch)
{
    memset(o, 0, sizeof *o);
    o->output = output;
    o->batch = batch;
    o->repeats = 1;
    o->tui_rank = -1;
}

static void
test_setup(void)
{
    struct options o;

    /* Rank 1 of 4, -o without %r: its own file, batch, quiet. */
    env("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "4", NULL);
    opts(&o, "run.csv", false);
    CHECK_EQ(mpi_setup(&o), 0);
    CHECK_STR(o.output, "run.1.csv");
    CHECK(o.batch && o.mpi.quiet);

    /* Rank 0 prints: not quiet, batch all the same. */
    env("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "4", NULL);
    opts(&o, "out/run.%r.csv", false);
    CHECK_EQ(mpi_setup(&o), 0);
    CHECK_STR(o.output, "out/run.0.csv");
    CHECK(o.batch && !o.mpi.quiet);

    /* --tui-rank 2 with -b: rank 2 speaks, rank 0 is quiet. */
    env("OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "4", NULL);
    opts(&o, NULL, true);
    o.tui_rank = 2;
    CHECK_EQ(mpi_setup(&o), 0);
    CHECK(!o.mpi.quiet && o.batch && o.output == NULL);
    env("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "4", NULL);
    opts(&o, NULL, false);
    o.tui_rank = 2;
    CHECK_EQ(mpi_setup(&o), 0);
    CHECK(o.mpi.quiet && o.batch);

    /* Refused under many ranks: -r N, a TUI rank beyond the job, bad %. */
    opts(&o, NULL, true);
    o.repeats = 3;
    CHECK_EQ(mpi_setup(&o), 2);
    opts(&o, NULL, true);
    o.tui_rank = 4;
    CHECK_EQ(mpi_setup(&o), 2);
    opts(&o, "run.%q", true);
    CHECK_EQ(mpi_setup(&o), 2);

    /* A device is one file for all on purpose. */
    opts(&o, "/dev/null", true);
    CHECK_EQ(mpi_setup(&o), 0);
    CHECK_STR(o.output, "/dev/null");

    /* No launcher: nothing changes but the expansion; -r is fine. */
    env(NULL);
    opts(&o, "r%%.csv", false);
    o.repeats = 3;
    o.tui_rank = 5;
    CHECK_EQ(mpi_setup(&o), 0);
    CHECK_STR(o.output, "r%.csv");
    CHECK(!o.batch && !o.mpi.quiet && !o.mpi.detected);

    /* A job of one rank is no job of many: the TUI stays. */
    env("SLURM_PROCID", "0", "SLURM_NTASKS", "1", NULL);
    opts(&o, "run.csv", false);
    CHECK_EQ(mpi_setup(&o), 0);
    CHECK_STR(o.output, "run.csv");
    CHECK(!o.batch && !o.mpi.quiet && o.mpi.detected);
    printf("setup: per-rank files, batch, one rank talks, refusals: ok\n");
}

static void
test_title(void)
{
    struct mpi_job j;
    char cmd[64] = "./app --size 10", want[400], small[16] = "./app";

    env("PMI_RANK", "3", "PMI_SIZE", "4", NULL);
    j = detect_ok();
    mpi_title(&j, cmd, sizeof cmd);
    snprintf(want, sizeof want, "[rank 3 of 4 on %s] ./app --size 10",
             j.id.host);
    want[sizeof cmd - 1] = '\0'; /* cut as the buffer cuts */
    CHECK_STR(cmd, want);
    snprintf(j.id.host, sizeof j.id.host, "a-host-with-a-long-name");
    mpi_title(&j, small, sizeof small); /* no room: left alone */
    CHECK_STR(small, "./app");
    env(NULL);
    j = detect_ok();
    snprintf(cmd, sizeof cmd, "./app");
    mpi_title(&j, cmd, sizeof cmd);
    CHECK_STR(cmd, "./app");
    printf("title: [rank R of N on HOST] before the command: ok\n");
}

/* The sidecar carries the rank; rank_read gets it back. */
static void
test_sidecar(void)
{
    struct snapshot s;
    struct rank_info back;
    struct mpi_job j;
    char dir[] = "/tmp/hwtop-mpi-env.XXXXXX", csv[300], meta[320], err[300];
    FILE *f;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(csv, sizeof csv, "%s/run.2.csv", dir);
    snprintf(meta, sizeof meta, "%s.meta.json", csv);
    memset(&s, 0, sizeof s);
    env("OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "4",
        "OMPI_COMM_WORLD_LOCAL_RANK", "0", "PMIX_NAMESPACE", "77", NULL);
    j = detect_ok();
    CHECK((f = fopen(meta, "w")) != NULL);
    CHECK_EQ(mpi_meta_write(f, &s, &j), 0);
    fclose(f);
    CHECK_EQ(rank_read(csv, &back, err, sizeof err), 0);
    CHECK_EQ(back.rank, 2);
    CHECK_EQ(back.size, 4);
    CHECK_EQ(back.local_rank, 0);
    CHECK_STR(back.launcher, "Open MPI");
    CHECK_STR(back.source, "OMPI_COMM_WORLD_RANK");
    CHECK_STR(back.job, "77");
    CHECK_STR(back.host, j.id.host);

    /* A JSON report carries the same object in its "meta". */
    {
        struct json_report jr = {.snap = &s, .add_meta = mpi_json_add,
                                 .add_meta_arg = &j};
        char *text = NULL;
        size_t len = 0;
        cJSON *root, *mpi;

        CHECK((f = open_memstream(&text, &len)) != NULL);
        CHECK_EQ(json_write(f, &jr), 0);
        fclose(f);
        CHECK((root = cJSON_Parse(text)) != NULL);
        mpi = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "meta"), "mpi");
        CHECK(cJSON_IsObject(mpi));
        CHECK_EQ(cJSON_GetObjectItem(mpi, "rank")->valueint, 2);
        CHECK_EQ(cJSON_GetObjectItem(mpi, "size")->valueint, 4);
        CHECK_STR(cJSON_GetObjectItem(mpi, "rank_from")->valuestring,
                  "OMPI_COMM_WORLD_RANK");
        cJSON_Delete(root);
        free(text);
    }

    /* Without a launcher there is no "mpi" object. */
    env(NULL);
    j = detect_ok();
    CHECK((f = fopen(meta, "w")) != NULL);
    CHECK_EQ(mpi_meta_write(f, &s, &j), 0);
    fclose(f);
    CHECK_EQ(rank_read(csv, &back, err, sizeof err), -ENOENT);

    /* Broken sidecars are errors naming the sidecar. */
    CHECK((f = fopen(meta, "w")) != NULL);
    fputs("{\"mpi\": {\"rank\": 5, \"size\": 4}}", f);
    fclose(f);
    CHECK_EQ(rank_read(csv, &back, err, sizeof err), -EINVAL);
    CHECK(strstr(err, meta) != NULL);
    CHECK((f = fopen(meta, "w")) != NULL);
    fputs("{\"mpi\": ", f);
    fclose(f);
    CHECK_EQ(rank_read(csv, &back, err, sizeof err), -EINVAL);
    CHECK(strstr(err, "not a hwtop sidecar") != NULL);
    unlink(meta);
    CHECK_EQ(rank_read(csv, &back, err, sizeof err), -ENOENT);
    rmdir(dir);
    printf("sidecar and JSON report: the rank written and read back: ok\n");
}

int
main(void)
{
    test_launchers();
    test_bad_values();
    test_patterns();
    test_insert_rank();
    test_setup();
    test_title();
    test_sidecar();
    return 0;
}
