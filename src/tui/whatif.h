/* SPDX-License-Identifier: MIT */
/* whatif.h: "if this region were S times faster": input and answer. */
#ifndef HWTOP_TUI_WHATIF_H
#define HWTOP_TUI_WHATIF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Reads a speedup as typed: a number > 0 ("2", "1.5", "2x") or "inf"
 * (also "infinity", "∞": the region costs nothing).  Returns 0 with *s
 * set, or -EINVAL (empty, not a number, NaN, 0 or negative).
 */
int whatif_parse(const char *text, double *s);

/*
 * The answer for a region of share_pct percent of the program's time
 * made s times faster, by Amdahl's law (metrics_amdahl), as one line
 * into buf: "if NAME were 2× faster: the whole program would run 1.33×
 * faster (Amdahl: share 50.0%, ceiling 2.00×)".  name is any bytes
 * (the screen makes them safe); utf8 chooses × over x.  A share that is
 * not known (NaN) says so.  Returns buf.
 */
const char *whatif_text(char *buf, size_t len, const char *name,
                        double share_pct, double s, bool utf8);

/* The overall speedup alone, for the detail view: "1.33×". */
const char *whatif_factor(char *buf, size_t len, double x, bool utf8);

#endif /* HWTOP_TUI_WHATIF_H */
