/* SPDX-License-Identifier: MIT */
/* mpi.h: hwtop under an MPI launcher: which rank this is, per-rank report
 * names (%r, %h, %p), who prints (docs/mpi.md). */
#ifndef HWTOP_MPI_H
#define HWTOP_MPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rank.h"

struct options;
struct snapshot;

struct mpi_job {
    bool detected;       /* a launcher's variables were found */
    bool many;           /* detected, and the size is not 1 */
    bool quiet;          /* another rank prints the tables and notices */
    struct rank_info id; /* rank 0, size 1 when not detected */
};

/*
 * Reads the variables of the common launchers, first match wins: Open MPI
 * (OMPI_COMM_WORLD_*), MVAPICH2 (MV2_COMM_WORLD_*), PMIx (PMIX_RANK),
 * MPICH's Hydra and Intel MPI (PMI_RANK, PMI_SIZE, MPI_LOCALRANKID),
 * Slurm's srun (SLURM_PROCID, SLURM_STEP_NUM_TASKS or SLURM_NTASKS).
 * Fills j (rank 0 of 1 when none is set; the host always).  Returns 0, or
 * -EINVAL with "VAR='value': why" in err when a variable is set but is not
 * a rank (or the rank is not below the size).
 */
int mpi_detect(struct mpi_job *j, char *err, size_t errlen);

/*
 * Expands pattern into out (len bytes): %r the rank, %h the host, %p the
 * pid given, %% a '%'.  Returns 0; -EINVAL with the reason in err for any
 * other '%' sequence; -ENAMETOOLONG when out is too short.
 */
int mpi_expand(const char *pattern, const struct mpi_job *j, int pid, char *out,
               size_t len, char *err, size_t errlen);

/* Does pattern name one file per rank (holds %r or %p)? */
bool mpi_pattern_per_rank(const char *pattern);

/* path with ".RANK" before the extension of its last component:
 * "out/run.csv" -> "out/run.3.csv", "run" -> "run.3".  0 or
 * -ENAMETOOLONG. */
int mpi_insert_rank(const char *path, int rank, char *out, size_t len);

/*
 * The launcher's part, after the options are read: detects the rank,
 * expands -o into o->output_buf, refuses what cannot work under a job of
 * many ranks (-r N, --tui-rank beyond the job), chooses batch mode for
 * every rank but --tui-rank's (opening /dev/tty for it when the launcher
 * gave it no terminal), and makes all but one rank quiet.  Returns 0, or
 * 2 after one line on stderr.
 */
int mpi_setup(struct options *o);

/* "rank 3 of 4 on HOST" (or "rank 3 on HOST"); "" unless j->many. */
const char *mpi_label(const struct mpi_job *j, char *buf, size_t len);
/* Puts "[LABEL] " before the command line cmd (len bytes) when j->many:
 * the titles of the table and the TUI say which rank they show. */
void mpi_title(const struct mpi_job *j, char *cmd, size_t len);

/* The sidecar (meta_json) with the "mpi" object when a launcher was
 * detected.  0 or -errno. */
int mpi_meta_write(FILE *f, const struct snapshot *s, const struct mpi_job *j);
/* The same "mpi" object into a JSON report's "meta" (json.h add_meta);
 * job is the struct mpi_job.  Nothing when no launcher was found. */
struct cJSON;
void mpi_json_add(struct cJSON *meta, const void *job);

#endif /* HWTOP_MPI_H */
