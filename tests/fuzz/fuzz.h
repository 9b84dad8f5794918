/* SPDX-License-Identifier: MIT */
/* fuzz.h: what the fuzz targets share with their replay driver. */
#ifndef HWTOP_FUZZ_H
#define HWTOP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The libFuzzer entry point: each target defines it; libFuzzer's main
 * (clang, -fsanitize=fuzzer) or replay.c's (any compiler) calls it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* HWTOP_FUZZ_H */
