# SPDX-License-Identifier: MIT
# lib.sh: what .ci/setup, .ci/test and .ci/run share (sourced, not run).

CI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CI_JOBS=$(nproc 2>/dev/null || echo 2)

ci_say()
{
    printf '\n==> %s\n' "$*"
}

ci_die()
{
    printf 'hwtop ci: %s\n' "$*" >&2
    exit 1
}

# Runs a command as root: directly, or through sudo.
ci_as_root()
{
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        ci_die "need root (or sudo) to run: $*"
    fi
}

# Installs the packages of .ci/packages that are missing (apt-get update
# first).  Nothing to do, no network needed, when all are there.
ci_install_packages()
{
    local p missing=()

    for p in $(sed 's/#.*//' "$CI_ROOT/.ci/packages"); do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
            grep -q '^install ok installed$' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "all packages of .ci/packages are installed"
        return 0
    fi
    echo "installing: ${missing[*]}"
    ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get update || return
    ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
        --no-install-recommends "${missing[@]}"
}
