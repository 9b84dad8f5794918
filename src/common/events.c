/* SPDX-License-Identifier: MIT */
/* events.c: event groups and the parser for HWTOP_EVENTS / -e lists. */
#include "events.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A group member: PAPI candidates (best first, '|' separated) or a sw.
 * sw1 is the software counter + 1, so that the zeroed members after the
 * last one (sw1 0, cands NULL) end the list. */
struct group_member {
    int sw1;
    const char *cands;
};

struct group {
    const char *name;
    int optional; /* members dropped quietly when counters run out */
    struct group_member members[8];
};

#define SW(k) {HWTOP_SW_##k + 1, NULL}
#define HW(c) {0, c}

static const struct group groups[] = {
    {"default",
     1,
     {HW("PAPI_TOT_INS"), HW("PAPI_TOT_CYC"), HW("PAPI_BR_CN"),
      HW("PAPI_BR_MSP"), HW("PAPI_L1_DCM"), HW("PAPI_L3_TCM|PAPI_L2_TCM")}},
    {"ipc", 0, {HW("PAPI_TOT_INS"), HW("PAPI_TOT_CYC"), HW("PAPI_REF_CYC")}},
    {"branch", 0, {HW("PAPI_BR_INS"), HW("PAPI_BR_MSP"), HW("PAPI_BR_CN")}},
    {"cache",
     0,
     {HW("PAPI_L1_DCM"), HW("PAPI_L2_TCM|PAPI_L2_DCM"),
      HW("PAPI_L3_TCM|PAPI_L3_DCM"), HW("PAPI_LD_INS|PAPI_L1_DCA")}},
    {"sw",
     0,
     {SW(TASK_CLOCK), SW(PAGE_FAULTS), SW(CONTEXT_SWITCHES),
      SW(CPU_MIGRATIONS)}},
};

static const char *const sw_names[HWTOP_SW_COUNT] = {
    "task_clock_ns", "page_faults", "context_switches", "cpu_migrations"};

/* Other spellings of the software counters that users type. */
static const struct {
    const char *alias;
    int sw;
} sw_aliases[] = {
    {"perf::TASK-CLOCK", HWTOP_SW_TASK_CLOCK},
    {"perf::PAGE-FAULTS", HWTOP_SW_PAGE_FAULTS},
    {"perf::FAULTS", HWTOP_SW_PAGE_FAULTS},
    {"perf::CONTEXT-SWITCHES", HWTOP_SW_CONTEXT_SWITCHES},
    {"perf::CS", HWTOP_SW_CONTEXT_SWITCHES},
    {"perf::CPU-MIGRATIONS", HWTOP_SW_CPU_MIGRATIONS},
    {"perf::MIGRATIONS", HWTOP_SW_CPU_MIGRATIONS},
};

const char *
hwtop__sw_name(int sw)
{
    if (sw < 0 || sw >= HWTOP_SW_COUNT)
        return "?";
    return sw_names[sw];
}

const char *
hwtop__source_name(int source)
{
    switch (source) {
    case HWTOP_SRC_PAPI:
        return "papi";
    case HWTOP_SRC_KERNEL:
        return "kernel";
    case HWTOP_SRC_RUSAGE:
        return "rusage";
    case HWTOP_SRC_SIM:
        return "simulated";
    default:
        return "none";
    }
}

static int
sw_lookup(const char *tok)
{
    for (int i = 0; i < HWTOP_SW_COUNT; i++)
        if (strcmp(tok, sw_names[i]) == 0)
            return i;
    for (size_t i = 0; i < sizeof sw_aliases / sizeof sw_aliases[0]; i++)
        if (strcasecmp(tok, sw_aliases[i].alias) == 0)
            return sw_aliases[i].sw;
    return HWTOP_SW_NONE;
}

static int
same_want(const struct hwtop_event_want *a, const struct hwtop_event_want *b)
{
    if (a->sw != HWTOP_SW_NONE || b->sw != HWTOP_SW_NONE)
        return a->sw == b->sw;
    return strcmp(a->cand[0], b->cand[0]) == 0;
}

static int
add_want(struct hwtop_event_list *out, const struct hwtop_event_want *w,
         char *err, size_t errlen)
{
    for (int i = 0; i < out->n; i++)
        if (same_want(&out->ev[i], w))
            return 0;
    if (out->n == HWTOP_SEG_MAX_EVENTS) {
        snprintf(err, errlen, "more than %d events asked for",
                 HWTOP_SEG_MAX_EVENTS);
        return -EINVAL;
    }
    out->ev[out->n++] = *w;
    return 0;
}

static int
add_group(struct hwtop_event_list *out, const struct group *g, char *err,
          size_t errlen)
{
    for (int i = 0;
         i < 8 && (g->members[i].sw1 != 0 || g->members[i].cands != NULL);
         i++) {
        struct hwtop_event_want w = {.sw = g->members[i].sw1 - 1,
                                     .optional = g->optional};
        const char *c = g->members[i].cands;

        while (c != NULL && w.ncand < HWTOP_EVENT_MAX_CAND) {
            const char *bar = strchr(c, '|');
            size_t len = bar ? (size_t)(bar - c) : strlen(c);

            memcpy(w.cand[w.ncand], c, len);
            w.cand[w.ncand++][len] = '\0';
            c = bar ? bar + 1 : NULL;
        }
        if (add_want(out, &w, err, errlen) < 0)
            return -EINVAL;
    }
    return 0;
}

/* PAPI event names: presets, native names with ::, qualifiers with : = . */
static int
valid_event_name(const char *tok)
{
    if (!isalpha((unsigned char)tok[0]))
        return 0;
    for (const char *p = tok; *p; p++)
        if (!isalnum((unsigned char)*p) && strchr("_:.=+-", *p) == NULL)
            return 0;
    return 1;
}

static int
add_token(struct hwtop_event_list *out, const char *tok, char *err,
          size_t errlen)
{
    struct hwtop_event_want w = {.sw = HWTOP_SW_NONE};

    if (strcasecmp(tok, "none") == 0)
        return 0;
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcasecmp(tok, groups[i].name) == 0)
            return add_group(out, &groups[i], err, errlen);
    w.sw = sw_lookup(tok);
    if (w.sw == HWTOP_SW_NONE) {
        if (strlen(tok) >= HWTOP_SEG_EVENT_NAME) {
            snprintf(err, errlen, "event name too long (%zu bytes, max %d)",
                     strlen(tok), HWTOP_SEG_EVENT_NAME - 1);
            return -EINVAL;
        }
        if (!valid_event_name(tok)) {
            snprintf(err, errlen,
                     "'%.64s' is neither a group (default, ipc, branch, "
                     "cache, sw, none) nor an event name",
                     tok);
            return -EINVAL;
        }
        strcpy(w.cand[0], tok);
        w.ncand = 1;
    }
    return add_want(out, &w, err, errlen);
}

int
hwtop__events_parse(const char *spec, struct hwtop_event_list *out, char *err,
                    size_t errlen)
{
    char buf[1024];
    char *save = NULL;

    memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = '\0';
    if (spec == NULL || spec[0] == '\0')
        spec = "default";
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errlen, "event list too long (%zu bytes)", strlen(spec));
        return -EINVAL;
    }
    strcpy(buf, spec);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) {
            snprintf(err, errlen, "event list has a control or non-ASCII "
                                  "byte");
            return -EINVAL;
        }
    for (char *tok = strtok_r(buf, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        for (char *e = tok + strlen(tok); e > tok && e[-1] == ' '; e--)
            e[-1] = '\0';
        if (*tok == '\0')
            continue;
        if (add_token(out, tok, err, errlen) < 0)
            return -EINVAL;
    }
    /* "none" alone: time only, no counters (the cheapest regions). */
    if (out->n == 0 && strcasecmp(spec, "none") == 0)
        return 0;
    if (out->n == 0) {
        snprintf(err, errlen, "empty event list");
        return -EINVAL;
    }
    return 0;
}

int
hwtop__backend_parse(const char *s, enum hwtop_backend *out)
{
    static const char *const names[] = {"auto", "papi", "kernel", "rusage"};

    *out = HWTOP_BACKEND_AUTO;
    if (s == NULL || *s == '\0')
        return 0;
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, names[i]) == 0) {
            *out = (enum hwtop_backend)i;
            return 0;
        }
    return -EINVAL;
}
