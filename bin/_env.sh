# Shared by bin/run and bin/test: find Python 3.12+, make the virtualenv, install requirements.
# Usage: source bin/_env.sh <requirements-file>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
    local candidates=(python3.13 python3.12 python3)
    local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    for v in "$pyenv_root"/versions/3.13* "$pyenv_root"/versions/3.12*; do
        [ -x "$v/bin/python" ] && candidates+=("$v/bin/python")
    done
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 &&
            "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    PYTHON="$(find_python)" || {
        echo "error: Python 3.12 or newer is needed (Django 6 does not run on older versions)." >&2
        echo "       Install one (for example with pyenv: 'pyenv install 3.12') and run this again." >&2
        exit 1
    }
    rm -rf .venv
    "$PYTHON" -m venv .venv
fi
REQUIREMENTS="${1:-requirements.txt}"
# Reinstall only when the requirements change, so repeated runs start quickly.
STAMP=".venv/.installed-$(basename "$REQUIREMENTS")"
if [ ! -f "$STAMP" ] || [ -n "$(find requirements*.txt -newer "$STAMP")" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
    touch "$STAMP"
fi
export PATH="$ROOT/.venv/bin:$PATH"
