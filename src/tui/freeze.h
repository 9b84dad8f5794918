/* SPDX-License-Identifier: MIT */
/* freeze.h: a private copy of a snapshot, drawn while the view is paused. */
#ifndef HWTOP_TUI_FREEZE_H
#define HWTOP_TUI_FREEZE_H

#include "snapshot.h"

/* Copies src, with everything it owns, into dst (free it with
 * snapshot_fini).  Returns 0, or -ENOMEM with dst zeroed. */
int freeze_copy(struct snapshot *dst, const struct snapshot *src);

#endif /* HWTOP_TUI_FREEZE_H */
