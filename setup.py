"""Optional compiled build of the per-document hot modules (everything else is in pyproject.toml).

``KHALDUN_COMPILE=1`` compiles the modules below with mypyc (the compiler black and mypy are
shipped with): the same Python source, type-checked and turned into C extensions, which code a document
about a third faster (docs/scaling.md).  Without it, or when mypyc is not installed, khaldun
installs as plain Python with the same results.  ``scripts/setup.sh`` sets this up; by hand::

    pip install "mypy==2.4.1" "setuptools>=68"
    KHALDUN_COMPILE=1 pip install --no-build-isolation .

``khaldun.compiled_modules()`` says which modules a process runs compiled; ``KHALDUN_PLAIN=1``
runs the Python source of a compiled install, and a source checkout whose compiled modules are
older than their ``.py`` runs the source by itself (src/khaldun/_compiled.py).
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

from setuptools import setup

#: The modules that run per token of every document: src/khaldun/_compiled.py's MODULES (read
#: without importing khaldun, which needs its dependencies installed first).
_MODULES = runpy.run_path(str(Path(__file__).parent / "src" / "khaldun" / "_compiled.py"))["MODULES"]
COMPILED = [f"src/{name.replace('.', '/')}.py" for name in _MODULES]


def _extensions() -> list:
    if os.environ.get("KHALDUN_COMPILE", "0") != "1":
        return []
    from mypyc.build import mypycify  # only needed for the compiled build

    # one extension per module, built in parallel; gcc -O1 compiles several times faster than -O3
    # and the code runs about as fast (the gain is in not interpreting, not in gcc's optimiser)
    return mypycify(["--config-file", "pyproject.toml", *COMPILED], opt_level="2", debug_level="0",
                    multi_file=True)


setup(ext_modules=_extensions(), options={"build_ext": {"parallel": os.cpu_count() or 1}})
