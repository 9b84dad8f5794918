#!/bin/sh
# SPDX-License-Identifier: MIT
# page_faults.sh: touching fresh pages faults once per page, reused pages
# not at all: by the probe's own getrusage, and by hwtop's page_faults
# counter in the CSV (HWTOP_EVENTS=sw, HWTOP_CSV).
. "$(dirname "$0")/lib.sh"
HWTOP_EVENTS=sw HWTOP_CSV="$tmp/pf.csv" HWTOP_QUIET=1 "$1" --quick --reps 2 \
    >"$tmp/out" 2>&1 || fail "page_faults exited $?"
pages=$(value fresh 2)
[ -n "$pages" ] || fail "no fresh row"
ge "$(value fresh 3)" 0.9 1 || fail "fresh: $(value fresh 3) faults per page"
ge 0.01 "$(value reused 3)" 1 || fail "reused: $(value reused 3) faults/page"

# The CSV's all rows: column page_faults by its header.
faults() {
    tr -d '\r' <"$tmp/pf.csv" | awk -F, -v r="$1" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "page_faults") c = i }
        $1 == r && $3 == "all" { print $c; exit }'
}
fresh=$(faults "pages fresh") reused=$(faults "pages reused")
[ -n "$fresh" ] || fail "no page_faults for 'pages fresh' in the CSV"
ge "$fresh" "$((2 * pages))" 0.9 ||
    fail "CSV: $fresh faults for 2 x $pages fresh pages"
ge "$((2 * pages / 100))" "$reused" 1 ||
    fail "CSV: $reused faults touching reused pages"
echo "ok: $fresh faults on 2 x $pages fresh pages, $reused on reused ones"
