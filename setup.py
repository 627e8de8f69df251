"""Optional compiled build of the hot modules (everything else is in pyproject.toml).

``KHALDUN_COMPILE=1`` compiles the modules listed in src/khaldun/_compiled.py with mypyc (the
compiler black and mypy are shipped with): the same Python source, type-checked and turned into C
extensions, which code a document about a third faster and run the cross-document steps faster
(docs/scaling.md).  Without it, or when mypyc is not installed, khaldun
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

#: The groups of modules to compile: src/khaldun/_compiled.py's GROUPS (read without importing
#: khaldun, which needs its dependencies installed first).
_GROUPS = runpy.run_path(str(Path(__file__).parent / "src" / "khaldun" / "_compiled.py"))["GROUPS"]
GROUPS = {group: [f"src/{name.replace('.', '/')}.py" for name in modules] for group, modules in _GROUPS.items()}


def _extensions() -> list:
    if os.environ.get("KHALDUN_COMPILE", "0") != "1":
        return []
    from mypyc.build import mypycify  # only needed for the compiled build

    # one extension per group (built in parallel), its C split into several files; calls between
    # groups go through Python, within a group they are native
    files = [path for paths in GROUPS.values() for path in paths]
    return mypycify(["--config-file", "pyproject.toml", *files], opt_level="2", debug_level="0",
                    multi_file=True, separate=[(paths, None) for paths in GROUPS.values()])


setup(ext_modules=_extensions(), options={"build_ext": {"parallel": os.cpu_count() or 1}})
