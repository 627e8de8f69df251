"""CAMEO event code -> PLOVER type and mode, from the bundled table ``data/cameo_plover.yaml``.

The longest listed prefix of a code decides, so a table entry for a root
("19": ASSAULT) covers its codes unless a longer one says otherwise
("191": COERCE, a blockade). Example::

    table = CameoPlover.load()
    table.lookup("0871")   # ("RETREAT", "ceasefire")
    table.lookup("010")    # None: PLOVER does not code plain statements
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import yaml

from khaldun.knowledge.verbs import PLOVER_MODES, LexiconError, cameo_quad

__all__ = ["CameoPlover", "cameo_plover"]

TABLE_NAME = "cameo_plover.yaml"


@dataclass(frozen=True, slots=True)
class CameoPlover:
    """Prefix table of CAMEO codes to (PLOVER type, mode); None marks codes PLOVER does not code."""

    prefixes: Mapping[str, tuple[str, str | None] | None]

    @classmethod
    def load(cls) -> CameoPlover:
        """Read and validate the bundled table."""
        text = resources.files("khaldun.knowledge").joinpath("data", TABLE_NAME).read_text(encoding="utf-8")
        return cls.parse(text, TABLE_NAME)

    @classmethod
    def parse(cls, text: str, name: str) -> CameoPlover:
        """Validate the text of a table file; raises :class:`LexiconError` naming the bad key."""
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise LexiconError(f"{name}: expected a mapping of CAMEO code prefixes")
        table: dict[str, tuple[str, str | None] | None] = {}
        for key, value in data.items():
            code = str(key)
            try:
                cameo_quad(code if len(code) > 2 else code + "0")
            except ValueError as exc:
                raise LexiconError(f"{name}: {code!r}: {exc}") from None
            if value is None:
                table[code] = None
                continue
            if not isinstance(value, list) or not 1 <= len(value) <= 2 or value[0] not in PLOVER_MODES:
                raise LexiconError(f"{name}: {code!r}: expected [TYPE] or [TYPE, mode], got {value!r}")
            mode = value[1] if len(value) == 2 else None
            if mode is not None and mode not in PLOVER_MODES[value[0]]:
                raise LexiconError(f"{name}: {code!r}: {mode!r} is not a mode of {value[0]}")
            table[code] = (value[0], mode)
        return cls(MappingProxyType(table))

    def lookup(self, code: str) -> tuple[str, str | None] | None:
        """The PLOVER (type, mode) of a CAMEO code, or None when PLOVER does not code it or it is unknown."""
        for end in range(len(code), 1, -1):
            prefix = code[:end]
            if prefix in self.prefixes:
                return self.prefixes[prefix]
        return None


@lru_cache(maxsize=1)
def cameo_plover() -> CameoPlover:
    """The bundled table, read once (it is immutable)."""
    return CameoPlover.load()
