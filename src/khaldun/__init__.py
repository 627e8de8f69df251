"""khaldun: political event data from raw news."""

__version__ = "0.1.0"

from khaldun._compiled import compiled_modules, guard_stale_build

guard_stale_build()  # a source checkout whose compiled modules are older than their .py runs the .py

__all__ = ["__version__", "compiled_modules"]
