#!/usr/bin/env bash
# The Python virtual environment of the independent eMSP that the OCPI end-to-end test drives
# (apps/e2e/src/ocpi/emsp: extrawest-ocpi, a FastAPI OCPI implementation from PyPI, and uvicorn):
#
#   bash scripts/ocpi-emsp-venv.sh [DIR]     # DIR: $OCPI_EMSP_VENV, else .cache/ocpi-emsp-venv
#
# Idempotent: a venv that has exactly these pins already is left alone (a second run takes well
# under a second); otherwise it is made anew. Runs at the same time wait for each other (flock).
# Prints the venv's python on stdout. Needs Python >= 3.10 with venv and ensurepip (Debian:
# apt-get install python3-venv); .ci/run installs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dir="${1:-${OCPI_EMSP_VENV:-.cache/ocpi-emsp-venv}}"
# extrawest-ocpi pins fastapi 0.101.1, pydantic 1.10.12 and httpx 0.24.1; uvicorn 0.23.2 is of the
# same time as that fastapi (starlette 0.27) and runs on Python 3.10-3.12.
pins="extrawest-ocpi==2025.7.16 uvicorn==0.23.2"

mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9

ready() {
  [[ -x "$dir/bin/python" && "$(cat "$dir/.pins" 2>/dev/null)" == "$pins" ]] &&
    "$dir/bin/python" -c 'import py_ocpi, uvicorn, fastapi, httpx' 2>/dev/null
}
if ready; then
  echo "$(cd "$dir" && pwd)/bin/python"
  exit 0
fi

# A Python that can make a venv: python3 on PATH, else Debian's.
python=""
for candidate in "${PYTHON:-python3}" /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
    "$candidate" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "ocpi-emsp-venv: no Python >= 3.10 with venv and ensurepip (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi

echo "ocpi-emsp-venv: creating $dir with $($python --version 2>&1): $pins" >&2
rm -rf "$dir"
"$python" -m venv "$dir" >&2
# shellcheck disable=SC2086 # the pins are a list
"$dir/bin/python" -m pip install --disable-pip-version-check --no-input --quiet $pins >&2
echo "$pins" >"$dir/.pins"
ready || { echo "ocpi-emsp-venv: $dir does not import py_ocpi and uvicorn after the install" >&2; exit 1; }
echo "$(cd "$dir" && pwd)/bin/python"
