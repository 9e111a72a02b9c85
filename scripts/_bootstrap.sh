# Sourced by scripts/demo and scripts/test: finds Python 3.12+ and a uv to drive it, installing uv if needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS=never
# Some machines set PYTHONDONTWRITEBYTECODE: then every process (each test worker, each command) compiles
# Django and every library again, which costs seconds per process. Installs are compiled (--compile-bytecode
# in the scripts) and our own modules may cache their bytecode too.
unset PYTHONDONTWRITEBYTECODE

find_python() {
  for candidate in python3.13 python3.12 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      "$candidate" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  return 1
}

UV_PYTHON="$(find_python)" || { echo "Vangnet needs Python 3.12 or newer on the PATH." >&2; exit 1; }
export UV_PYTHON

if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
  UV=(uv)
else
  if [ ! -x var/bootstrap/bin/uv ]; then
    echo "Installing uv into var/bootstrap ..."
    mkdir -p var
    "$UV_PYTHON" -m venv var/bootstrap
    var/bootstrap/bin/pip install --quiet --disable-pip-version-check uv
  fi
  UV=(var/bootstrap/bin/uv)
fi
