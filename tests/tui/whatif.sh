#!/bin/bash
# SPDX-License-Identifier: MIT
# whatif.sh: w asks for a speedup of the selected region and answers with
# Amdahl's law, from the share it shows; dt_half takes half of the CPU,
# so twice as fast is about 1.33x.  Bad input is refused, Esc cancels,
# and in the detail view the answer stays.
. "$(dirname "$0")/lib.sh"
[ -x "$DETAIL_APP" ] || { echo "SKIP: detail_app is not built"; exit 77; }

start -- -d 0.2 "$DETAIL_APP" 300
wait_for ' dt_half ' || fail "no region row"
sleep 1 # a second of CPU time, for a share that has settled
$T send-keys -t t Home w
wait_for 'Speedup of dt_half: ' 20 || fail "w did not ask for a speedup"
$T send-keys -t t 2 Enter
answer='if dt_half were 2× faster: the whole program would run ([0-9.]+)× faster \(Amdahl: share ([0-9.]+)%, ceiling ([0-9.]+)×\)'
wait_for "$answer" 5 || fail "no what-if answer"
line=$(screen | grep -oE "$answer" | head -n 1)
x=$(echo "$line" | sed -E "s/$answer/\\1/")
p=$(echo "$line" | sed -E "s/$answer/\\2/")
c=$(echo "$line" | sed -E "s/$answer/\\3/")
# From the share shown (rounded to 0.1%, the factors to 0.01).
awk -v x="$x" -v p="$p" -v c="$c" 'BEGIN {
    p /= 100; want = 1 / ((1 - p) + p / 2); ceil = 1 / (1 - p)
    d = x - want; e = c - ceil
    exit !(d < 0.011 && d > -0.011 && e < 0.011 * ceil * ceil &&
           e > -0.011 * ceil * ceil)
}' || fail "1/((1-$p%)+$p%/2) is not $x, or 1/(1-$p%) is not $c"
# The program spends half its CPU time in dt_half (loosely: busy CI).
awk -v p="$p" 'BEGIN { exit !(p > 35 && p < 65) }' ||
    fail "dt_half's share $p% is not about 50%"
# The next key clears the answer.
$T send-keys -t t Down
wait_gone 'if dt_half were' 20 || fail "the answer stayed after a key"

for bad in abc 0 -2 nan; do
    $T send-keys -t t w
    wait_for 'Speedup of dt_half: ' 20 || fail "w did not ask again"
    $T send-keys -t t -l -- "$bad"
    wait_for "Speedup of dt_half: $bad " 5 || fail "'$bad' was not typed"
    $T send-keys -t t Enter
    wait_for 'what-if: the speedup must be a number above 0, or inf' 20 ||
        fail "'$bad' was not refused"
    screen | grep -qF "(not \"$bad\")" || fail "the error does not quote '$bad'"
    screen | grep -q 'whole program would run' && fail "'$bad' got an answer"
    screen | grep -q '^EXIT=' && fail "hwtop died on '$bad'"
    $T send-keys -t t Down
    wait_gone 'what-if: the speedup must' 20 || fail "the error stayed"
done

# Esc at the prompt cancels: no answer, no filter.
$T send-keys -t t w 2 Escape
wait_gone 'Speedup of' 20 || fail "Esc did not close the prompt"
screen | grep -qE 'whole program would run|Filter:' &&
    fail "Esc at the prompt answered or filtered"

$T send-keys -t t w i n f Enter
wait_for 'if dt_half cost nothing: the whole program would run [0-9.]+× faster' 20 ||
    fail "inf gave no ceiling"

# In the detail view the answer stays, for that region.
$T send-keys -t t d
wait_for '^Region dt_half' 20 || fail "d did not open the detail view"
$T send-keys -t t w 1 . 5 Enter
wait_for '^What-if: if it were 1.5× faster: the whole program would run [0-9.]+× faster' 20 ||
    fail "no what-if line in the detail view"
$T send-keys -t t Down
sleep 0.5
screen | grep -q '^What-if: if it were 1.5×' ||
    fail "the detail view's what-if went away"
quit_and_check 143
