/* SPDX-License-Identifier: MIT */
/* demo.h: `hwtop demo` (and `hwtop` alone): the probes, live under hwtop. */
#ifndef HWTOP_DEMO_H
#define HWTOP_DEMO_H

/* argv[0] is "demo" (or "hwtop"); hwtop's options may follow (-o, -e,
 * -b, -d, --exit...), no program.  Returns hwtop's exit status. */
int demo_main(int argc, char **argv);

#endif /* HWTOP_DEMO_H */
