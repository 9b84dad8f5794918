/* SPDX-License-Identifier: MIT */
/* hwtop.h: the public API of libhwtop, region markers for hwtop. */
#ifndef HWTOP_H
#define HWTOP_H

/*
 * Mark code regions; hwtop (or HWTOP_CSV=path without it) reports what
 * each region does to the hardware, per thread.
 *
 *   PERF_REGION_BEGIN("parse"); parse(); PERF_REGION_END("parse");
 *   { PERF_REGION("solve"); ... }      ends where the block ends
 *
 * The macros take string literals only (anything else does not compile):
 * each call site caches its region id, so the hot path never looks a name
 * up.  For names built at run time use hwtop_region_begin/end (looked up by
 * name on every call).  Every function is thread-safe, returns 0 or a
 * negative errno value, never prints to stdout, never exits.  Misuse (END
 * without BEGIN, crossed ENDs) is counted and reported, never fatal.
 *
 * Compile with -DHWTOP_DISABLE to turn every macro and call into nothing:
 * the object then refers to no hwtop symbol.
 */

#define HWTOP_VERSION_MAJOR 0
#define HWTOP_VERSION_MINOR 1
#define HWTOP_VERSION_PATCH 0
/* 0xMMmmpp: compare with hwtop_get_api_version() at run time. */
#define HWTOP_API_VERSION                                                      \
    ((HWTOP_VERSION_MAJOR << 16) | (HWTOP_VERSION_MINOR << 8) |                \
     HWTOP_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

#define HWTOP__CAT2(a, b) a##b
#define HWTOP__CAT(a, b) HWTOP__CAT2(a, b)
/* "" x "" compiles only when x is a string literal. */
#define HWTOP__LITERAL(x) ("" x "")

#ifndef HWTOP_DISABLE

/* Region ids are cached per call site in a static int: 0 until resolved. */
int hwtop_region_begin_site(int *site_id, const char *name, const char *file,
                            int line);
int hwtop_region_end_site(int *site_id, const char *name, const char *file,
                          int line);
int hwtop_region_begin(const char *name);
int hwtop_region_end(const char *name);
/* Labels the calling thread in reports (copied; cut at 63 bytes). */
int hwtop_thread_name(const char *name);
/* HWTOP_API_VERSION of the library actually loaded. */
unsigned hwtop_get_api_version(void);

#define PERF_REGION_BEGIN(name)                                                \
    do {                                                                       \
        static int hwtop__site_id;                                             \
        hwtop_region_begin_site(&hwtop__site_id, HWTOP__LITERAL(name),         \
                                __FILE__, __LINE__);                           \
    } while (0)

#define PERF_REGION_END(name)                                                  \
    do {                                                                       \
        static int hwtop__site_id;                                             \
        hwtop_region_end_site(&hwtop__site_id, HWTOP__LITERAL(name),           \
                              __FILE__, __LINE__);                             \
    } while (0)

/* The scoped form: a variable whose end of life ends the region. */
struct hwtop_scope {
    int *site_id;
    const char *name;
    const char *file;
    int line;
};

static inline struct hwtop_scope
hwtop__scope_begin(int *site_id, const char *name, const char *file, int line)
{
    struct hwtop_scope s;

    s.site_id = site_id;
    s.name = name;
    s.file = file;
    s.line = line;
    hwtop_region_begin_site(site_id, name, file, line);
    return s;
}

static inline void
hwtop__scope_end(struct hwtop_scope *s)
{
    hwtop_region_end_site(s->site_id, s->name, s->file, s->line);
}

#ifdef __cplusplus
} /* extern "C" */

/* C++: a destructor ends the region, also on exceptions. */
struct hwtop__scope_guard {
    struct hwtop_scope s;
    hwtop__scope_guard(int *site_id, const char *name, const char *file,
                       int line)
        : s(hwtop__scope_begin(site_id, name, file, line))
    {
    }
    ~hwtop__scope_guard()
    {
        hwtop__scope_end(&s);
    }
    hwtop__scope_guard(const hwtop__scope_guard &) = delete;
    hwtop__scope_guard &operator=(const hwtop__scope_guard &) = delete;
};

#define HWTOP__SCOPE(name, n)                                                  \
    static int HWTOP__CAT(hwtop__sid_, n);                                     \
    hwtop__scope_guard HWTOP__CAT(hwtop__scope_, n)(                           \
        &HWTOP__CAT(hwtop__sid_, n), HWTOP__LITERAL(name), __FILE__, __LINE__)

extern "C" {
#else

/* C: the cleanup attribute runs hwtop__scope_end on return, break, goto.
 * unused: clang warns about a variable only its cleanup reads. */
#define HWTOP__SCOPE(name, n)                                                  \
    static int HWTOP__CAT(hwtop__sid_, n);                                     \
    __attribute__((cleanup(hwtop__scope_end), unused)) struct hwtop_scope      \
    HWTOP__CAT(hwtop__scope_, n) = hwtop__scope_begin(                         \
        &HWTOP__CAT(hwtop__sid_, n), HWTOP__LITERAL(name), __FILE__, __LINE__)
#endif

#define PERF_REGION(name) HWTOP__SCOPE(name, __COUNTER__)

#else /* HWTOP_DISABLE: nothing left but the literal check. */

#define PERF_REGION_BEGIN(name) ((void)sizeof(HWTOP__LITERAL(name)))
#define PERF_REGION_END(name) ((void)sizeof(HWTOP__LITERAL(name)))
#define PERF_REGION(name) ((void)sizeof(HWTOP__LITERAL(name)))
/* A statement expression: evaluates name, gives 0, and unlike a comma
 * expression draws no "statement with no effect" when its value is unused. */
#define HWTOP__NOOP(name)                                                      \
    (__extension__({                                                           \
        (void)(name);                                                          \
        0;                                                                     \
    }))
#define hwtop_region_begin(name) HWTOP__NOOP(name)
#define hwtop_region_end(name) HWTOP__NOOP(name)
#define hwtop_thread_name(name) HWTOP__NOOP(name)
#define hwtop_get_api_version() ((unsigned)HWTOP_API_VERSION)

#endif /* HWTOP_DISABLE */

#ifdef __cplusplus
}
#endif

#endif /* HWTOP_H */
