# SPDX-License-Identifier: MIT
# bash completion for hwtop, installed as
# share/bash-completion/completions/hwtop (bash-completion loads it on the
# first `hwtop <TAB>`; without bash-completion: `. this-file`).
#
# Commands and options are read from `hwtop --help` and `hwtop COMMAND
# --help` of the hwtop being completed, so they follow the binary; only
# the values of a few options are listed here.  After the program to run,
# the program's own completion takes over.

# The help text of hwtop ($1) or of one of its commands ($2).
_hwtop_help()
{
    local cmd=$1
    [[ $cmd == "~"/* ]] && cmd=$HOME/${cmd#"~"/}
    if [[ -n ${2-} ]]; then
        "$cmd" "$2" --help 2>/dev/null
    else
        "$cmd" --help 2>/dev/null
    fi
}

# The options of a help text (stdin), one a line: "NAME 1" when it takes
# an argument (an upper-case word follows: "-o, --output FILE" gives -o
# and --output), "NAME 0" when not.  Only the option column counts: the
# parts of option lines that start with '-' after two spaces or more.
_hwtop_option_table()
{
    awk '/^[ \t]+-/ {
        n = split($0, seg, /  +/)
        for (k = 1; k <= n; k++) {
            if (seg[k] !~ /^-/)
                continue
            m = split(seg[k], w, " ")
            short = ""
            for (j = 1; j <= m; j++) {
                if (w[j] !~ /^-/)
                    continue
                o = w[j]
                sub(/,$/, "", o)
                if (w[j] ~ /,$/ && j < m && w[j + 1] ~ /^-/) {
                    short = short " " o
                    continue
                }
                arg = j < m && w[j + 1] ~ /^[A-Z]/
                print o, arg
                ns = split(short, ss, " ")
                for (q = 1; q <= ns; q++)
                    print ss[q], arg
                short = ""
            }
        }
    }'
}

# Commands in hwtop's help: the lines under "Commands".
_hwtop_commands()
{
    sed -n '/^Commands/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# Adds the lines that command "$@" prints to COMPREPLY, one word each
# (a file name with spaces stays whole).
_hwtop_add()
{
    local w
    while IFS= read -r w; do
        COMPREPLY+=("$w")
    done < <("$@")
}

# COMPREPLY from the words of $1 matching $cur, after any comma (lists).
_hwtop_values()
{
    local head=''
    if [[ $cur == *,* && ${2-} == list ]]; then
        head=${cur%,*},
    fi
    COMPREPLY=()
    _hwtop_add compgen -P "$head" -W "$1" -- "${cur##*,}"
    [[ -n $head ]] && compopt -o nospace 2>/dev/null
    return 0
}

# Completes the value of option $1 (of command $2, "" for hwtop's own);
# returns 1 when it has nothing to say.
_hwtop_value()
{
    case "$2:$1" in
    :-e | :--events | demo:-e | demo:--events)
        _hwtop_values "default ipc branch cache sw task_clock_ns page_faults
context_switches cpu_migrations" list ;;
    :--format | demo:--format) _hwtop_values "csv json" ;;
    topo:-f | topo:--format) _hwtop_values "tree csv json" ;;
    :--sim-cache | demo:--sim-cache) _hwtop_values "default hwloc" ;;
    report:-s | report:--sort)
        _hwtop_values "time excl calls p99 share" ;;
    topo:-i | topo:--input)
        compopt -o filenames 2>/dev/null
        COMPREPLY=()
        _hwtop_add compgen -f -X '!*.xml' -- "$cur"
        _hwtop_add compgen -d -- "$cur"
        ;;
    *:--keep-sim)
        compopt -o filenames 2>/dev/null
        COMPREPLY=()
        _hwtop_add compgen -d -- "$cur"
        ;;
    *:-o | *:--output)
        compopt -o filenames 2>/dev/null
        COMPREPLY=()
        _hwtop_add compgen -f -- "$cur"
        ;;
    *) return 1 ;;
    esac
    return 0
}

_hwtop()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local hwtop=${COMP_WORDS[0]} sub='' help i w first=1 options=''
    local -a commands table
    local -A takes_arg=() seen=()

    # Two or three programs per TAB: hwtop --help, sed, awk.
    help=$(_hwtop_help "$hwtop")
    mapfile -t commands < <(_hwtop_commands <<<"$help")
    if [[ ${COMP_WORDS[1]-} != -* && $COMP_CWORD -gt 1 ]]; then
        for w in "${commands[@]}"; do
            [[ $w == "${COMP_WORDS[1]}" ]] && sub=$w
        done
    fi
    if [[ -n $sub ]]; then
        first=2
        [[ $sub == demo ]] || help=$(_hwtop_help "$hwtop" "$sub")
    fi
    mapfile -t table < <(_hwtop_option_table <<<"$help")
    for w in "${table[@]}"; do
        [[ -n ${seen[${w% *}]-} ]] || options+=" ${w% *}"
        seen[${w% *}]=1
        [[ $w == *" 1" ]] && takes_arg[${w% *}]=1
    done

    # Where the program starts: the first word that is neither an option
    # nor an option's argument.  From there on it is the program's line.
    for ((i = first; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == -- ]]; then
            ((i++))
            break
        elif [[ $w == -* ]]; then
            [[ $w != *=* && -n ${takes_arg[$w]-} ]] && ((i++))
        else
            break
        fi
    done
    if [[ -z $sub && $i -lt $COMP_CWORD ]]; then
        if declare -F _command_offset >/dev/null; then
            _command_offset "$i"
        else
            compopt -o default 2>/dev/null
            COMPREPLY=()
        fi
        return 0
    fi

    # --opt=value
    if [[ $cur == --*=* ]]; then
        local opt=${cur%%=*}
        cur=${cur#*=}
        _hwtop_value "$opt" "$sub" && return 0
        compopt -o default 2>/dev/null
        COMPREPLY=()
        return 0
    fi
    if [[ -n ${takes_arg[$prev]-} ]]; then
        _hwtop_value "$prev" "$sub" && return 0
        COMPREPLY=() # a number, a region name: nothing to offer
        return 0
    fi
    COMPREPLY=()
    if [[ $cur == -* ]]; then
        _hwtop_add compgen -W "$options" -- "$cur"
        return 0
    fi
    compopt -o filenames 2>/dev/null
    case "$sub" in
    diff | report)
        _hwtop_add compgen -f -X '!*.csv' -- "$cur"
        _hwtop_add compgen -d -- "$cur"
        ;;
    topo | demo) ;;
    "")
        # A command of hwtop's, or the program to run.
        _hwtop_add compgen -W "${commands[*]}" -- "$cur"
        if [[ -n $cur && $cur != */* ]]; then
            _hwtop_add compgen -c -- "$cur"
        fi
        _hwtop_add compgen -f -- "$cur"
        ;;
    *) compopt -o default 2>/dev/null ;;
    esac
    return 0
}

complete -F _hwtop hwtop
