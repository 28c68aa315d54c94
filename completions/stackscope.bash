# bash completion for stackscope(1)                                      -*- shell-script -*-
# Installed as share/bash-completion/completions/stackscope. What can change with the program
# is asked of the program itself, the one being completed: its options and their words from
# --help's usage, demo's options and scenarios from `stackscope demo --help`, interfaces from
# `stackscope -D`. Files after -r, -w, -F and --html; folders after demo's --record/--replay.

# The program as typed (./build/stackscope, stackscope...), or stackscope from PATH.
_stackscope_program()
{
    local prog=${COMP_WORDS[0]}
    prog=${prog/#\~/$HOME}
    if [[ $prog == */* && -x $prog ]] || type -P -- "$prog" >/dev/null 2>&1; then
        printf '%s\n' "$prog"
    else
        printf 'stackscope\n'
    fi
}

# Every option --help names, leaving out the demo's usage form (demo --help has those).
_stackscope_options()
{
    "$1" --help 2>/dev/null |
        awk '/stackscope / { demo = /stackscope demo/ } !demo' |
        grep -oE '(^|[^[:alnum:]_-])--?[[:alpha:]][[:alnum:]-]*=?' |
        sed -E 's/^[^-]+//; s/^(--(color|time-stamp-precision))$/\1=/' | sort -u
}

# The words an option takes, from the usage's "[--lang en|fr]" or "[-Q in|out|inout]".
_stackscope_choices()
{
    local option=$1 usage=$2
    grep -oE -- "\\[${option}[= ][[:alpha:]]+(\\|[[:alpha:]]+)+\\]" <<<"$usage" | head -n 1 |
        sed -E "s/^\\[${option}[= ]//; s/\\]$//" | tr '|' '\n'
}

# demo --help: its options (all but the scenarios' lines), and its scenarios: the line that
# opens with "scenarios:" and the indented lines that continue it.
_stackscope_demo_help()
{
    "$1" demo --help 2>/dev/null |
        awk -v want="$2" '/^scenarios:/ { in_list = 1; sub(/^scenarios:/, "") }
                          !/^[ \t]/ { in_list = 0 }
                          (want == "scenarios") == in_list'
}

_stackscope_demo_options()
{
    _stackscope_demo_help "$1" options |
        grep -oE '(^|[^[:alnum:]_-])--[[:alpha:]][[:alnum:]-]*=?' | sed -E 's/^[^-]+//' | sort -u
}

# Whether a scenario is already on the demo's line (words 2 to cword - 1): a word that is
# neither an option nor an option's value ("--port" "6000", "--color" "=" "always").
_stackscope_scenario_given()
{
    local i w
    for ((i = 2; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        = | --port | --lang | --record | --replay | --html) ((i++)) ;;
        -*) ;;
        *) return 0 ;;
        esac
    done
    return 1
}

_stackscope_scenarios()
{
    _stackscope_demo_help "$1" scenarios | sed -E 's/\(default\)//g' | tr ',' '\n' |
        tr -d ' \t' | grep -v '^$'
}

# -D's "3.lo [Up, Running, Loopback]": the names.
_stackscope_interfaces()
{
    "$1" -D 2>/dev/null | sed -nE 's/^[0-9]+\.([^ ]+).*/\1/p'
}

_stackscope_files()
{
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

_stackscope()
{
    local IFS=$'\n'
    local cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((cword > 0)) && prev=${COMP_WORDS[cword - 1]}
    # "--color=al" reaches us as "--color" "=" "al" (COMP_WORDBREAKS holds '='), "--color=" as
    # "--color" "=": the option is the word before the '='.
    if [[ $cur == = ]]; then
        cur=""
    elif [[ $prev == = ]] && ((cword > 1)); then
        prev=${COMP_WORDS[cword - 2]}
    fi
    local prog
    prog=$(_stackscope_program)
    COMPREPLY=()

    local demo=0 # "stackscope demo ...": demo is the first word or not at all
    ((cword > 1)) && [[ ${COMP_WORDS[1]} == demo ]] && demo=1
    local i
    for ((i = 1; i < cword; i++)); do
        [[ ${COMP_WORDS[i]} == -- ]] && return 0 # the filter's words: nothing to offer
    done

    local usage
    case $prev in
    --color | --colour)
        usage=$("$prog" --help 2>/dev/null)
        mapfile -t COMPREPLY < <(compgen -W "$(_stackscope_choices --color "$usage")" -- "$cur")
        return
        ;;
    --lang | --follow-format | --time-stamp-precision | -Q | --direction)
        [[ $prev == --direction ]] && prev=-Q
        usage=$("$prog" --help 2>/dev/null)
        mapfile -t COMPREPLY < <(compgen -W "$(_stackscope_choices "$prev" "$usage")" -- "$cur")
        return
        ;;
    --record | --replay)
        ((demo)) || return
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return
        ;;
    -r | -w | -F | --html)
        _stackscope_files "$cur"
        return
        ;;
    -i)
        mapfile -t COMPREPLY < <(compgen -W "$(_stackscope_interfaces "$prog")" -- "$cur")
        return
        ;;
    -Z)
        mapfile -t COMPREPLY < <(compgen -u -- "$cur")
        return
        ;;
    -c | -s | -B | -C | -G | -W | --port | --follow)
        return # a number, or a stream: nothing to offer
        ;;
    esac

    if ((demo)); then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$(_stackscope_demo_options "$prog")" -- "$cur")
        elif ! _stackscope_scenario_given; then # one scenario a run
            mapfile -t COMPREPLY < <(compgen -W "$(_stackscope_scenarios "$prog")" -- "$cur")
        fi
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_stackscope_options "$prog")" -- "$cur")
    elif ((cword == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "demo" -- "$cur")
    fi
    # An option that ends in '=' takes its word right after it.
    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
    return 0
}
complete -F _stackscope stackscope
