/* cal_internal.h - the layout of struct mc_cal, shared by cal.c (which
 * builds it) and due.c (which reads it); nothing else includes this file
 * (after git's refs/refs-internal.h). */
#ifndef MC_CAL_INTERNAL_H
#define MC_CAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "calendar/cal.h"

/* Day indexes count from 1900-01-01 (index 0) to 2199-12-31. */
struct mc_cal {
    struct mc_cal_rules rules;
    struct mc_worktime wt;
    struct mc_lunar *lunar;
    int64_t base;     /* day number of index 0 */
    int32_t ndays;    /* days in the table */
    uint8_t *kind;    /* [ndays] enum mc_day_kind */
    uint16_t *name;   /* [ndays] index into names, 0 = none */
    int32_t *wbefore; /* [ndays + 1] working days strictly before index i */
    int32_t *wday;    /* [nwork] index of the k-th working day */
    int32_t nwork;
    const char **names; /* [nnames] static names, then the overrides' copies */
    char **owned;       /* [nowned] the copies, freed with the calendar */
    size_t nnames, nowned;
    int64_t day_secs;                           /* working seconds in a working day */
    int64_t cum[MC_WORKTIME_MAX_INTERVALS + 1]; /* working seconds before interval i */
};

#endif
