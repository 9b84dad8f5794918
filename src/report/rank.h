/* SPDX-License-Identifier: MIT */
/* rank.h: which MPI rank wrote a report: the sidecar's "mpi" object,
 * written by the launcher and read back by `hwtop merge` (docs/mpi.md). */
#ifndef HWTOP_RANK_H
#define HWTOP_RANK_H

#include <stddef.h>

struct cJSON;

/* Ranks and sizes above this are taken for garbage. */
#define RANK_MAX 16777216

struct rank_info {
    int rank;          /* in MPI_COMM_WORLD, 0..RANK_MAX-1 */
    int size;          /* ranks in the job; -1 when the launcher says not */
    int local_rank;    /* rank on its node; -1 unknown */
    char launcher[32]; /* "Open MPI", "MPICH/Hydra", "PMIx", "Slurm", ... */
    char source[40];   /* the variable the rank came from */
    char job[128];     /* the job's id where the launcher gives one, or "" */
    char host[256];    /* gethostname() */
};

/* r as a new JSON object; the caller owns it.  NULL on no memory. */
struct cJSON *rank_json(const struct rank_info *r);

/*
 * Reads the "mpi" object of csv_path's sidecar (csv_path.meta.json) into
 * out.  Returns 0; -ENOENT when there is no sidecar or it has no "mpi"
 * object (a report made without an MPI launcher); -EINVAL with
 * "SIDECAR: what" in err when the sidecar or the object is malformed.
 */
int rank_read(const char *csv_path, struct rank_info *out, char *err,
              size_t errlen);

#endif /* HWTOP_RANK_H */
