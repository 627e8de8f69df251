"""Read knowledge YAML files (bundled and user-supplied) into typed objects.

A knowledge file is a YAML mapping with any of these top-level keys::

    states:          # kind "state"; key defaults to the ISO3 code, lower-cased
      - name: Syria
        country: SYR
        aliases: [Syrian Arab Republic]
        demonyms: [Syrian]          # regular plurals ("Syrians") are added
        capital: Damascus
        metonyms:                   # text -> sector, or a list of
          Damascus: GOV             #   {text, sector, label} (label: GPE|ORG)
    organizations:   # kind "organization"; key defaults to a slug of the name
      - name: Islamic Revolutionary Guard Corps
        country: IRN
        sectors: [MIL]
        aliases: [IRGC, Revolutionary Guards]
    groups:          # kind "group": non-state armed groups
      - {name: Hezbollah, country: LBN, sectors: [REB], aliases: [Hizbollah]}
    persons:         # kind "person"; sectors default to those of the roles
      - name: Hassan Rouhani
        country: IRN
        aliases: [Rowhani]
        roles:
          - {title: President, sector: GOV, from: 2013-08-03, to: 2021-08-03}
    sectors:         # PLOVER sector code -> description and role phrases
      GOV: {description: Government, phrases: [minister, government]}
    uncountable: [police]   # role words that take no plural
    places:          # names that contain a country name but are not it
      - {name: Latin America, label: LOC}

User files may also be PETRARCH/Phoenix actor or agent dictionaries
(``.txt``, ``.actors``, ``.agents``; the content decides for ``.txt``): see
:mod:`khaldun.knowledge.phoenix` for how they are read and merged.

Other entry fields: ``key`` (stable id), ``lookup_only`` (forms that
:meth:`Knowledge.lookup` accepts but that make no spaCy pattern),
``transnational`` (bool), ``note``, and, in user files, ``replace: true``
(replace the bundled entry instead of extending it) and ``remove: true``.

A user entry with the key or the name of a known entry changes that entry:
scalar fields and ``sectors`` are replaced, aliases, demonyms, metonyms,
lookup-only forms and roles are extended.  Inside the bundled files two
entries with one key are an error.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from khaldun.knowledge import phoenix
from khaldun.knowledge.model import (
    KINDS,
    DatedRole,
    Entry,
    KnowledgeError,
    Metonym,
    Place,
    Sector,
)
from khaldun.knowledge.normalize import normalize_name, slugify

_log = logging.getLogger(__name__)

#: Bundled files, in load order.  (verbs.yaml, beside them, is not actor knowledge.)
BUNDLED_FILES: tuple[str, ...] = ("sectors.yaml", "countries.yaml", "organizations.yaml", "persons.yaml")

_SECTIONS: dict[str, str] = {
    "states": "state",
    "countries": "state",
    "organizations": "organization",
    "organisations": "organization",
    "groups": "group",
    "persons": "person",
    "people": "person",
}
_OTHER_KEYS = frozenset({"sectors", "uncountable", "places"})
_ENTRY_FIELDS = frozenset(
    {
        "key",
        "name",
        "kind",
        "country",
        "sectors",
        "aliases",
        "demonyms",
        "metonyms",
        "capital",
        "roles",
        "lookup_only",
        "transnational",
        "note",
        "replace",
        "remove",
    }
)
_ROLE_FIELDS = frozenset({"title", "sector", "country", "from", "to", "start", "end", "org"})
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

try:  # the C loader is several times faster; fall back when libyaml is absent
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class LoadedKnowledge:
    """Everything read from the knowledge files, merged, before indexing."""

    entries: dict[str, Entry] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    uncountable: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # normalised name -> entry key


def load_files(extra: Iterable[str | Path] = ()) -> LoadedKnowledge:
    """Read the bundled knowledge files, then each user file in *extra*, in order."""
    loaded = LoadedKnowledge()
    data_dir = resources.files("khaldun.knowledge") / "data"
    for name in BUNDLED_FILES:
        resource = data_dir / name
        _merge_document(loaded, _parse(resource.read_text(encoding="utf-8"), str(resource)), str(resource), True)
    for path in extra:
        path = Path(path)
        if phoenix.detect_format(path) != "yaml":  # a PETRARCH/Phoenix actor or agents dictionary
            dictionary = phoenix.read_dictionary(path)
            _report(dictionary.problems)
            phoenix.merge_dictionary(loaded, dictionary)
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise KnowledgeError(f"{path}: cannot read knowledge file ({exc.strerror})") from exc
        _merge_document(loaded, _parse(text, str(path)), str(path), False)
    _finish(loaded)
    return loaded


def _report(problems: list[phoenix.Problem], shown: int = 20) -> None:
    """Log what a dictionary reader skipped, naming file and line."""
    for problem in problems[:shown]:
        _log.warning("%s", problem)
    if len(problems) > shown:
        _log.warning("%s: %d more problems not shown", problems[0].source, len(problems) - shown)


def _parse(text: str, source: str) -> Mapping[str, Any]:
    try:
        document = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{source}: invalid YAML: {exc}") from exc
    if document is None:
        return {}
    if not isinstance(document, Mapping):
        raise KnowledgeError(f"{source}: a knowledge file must be a mapping of sections")
    unknown = set(document) - set(_SECTIONS) - _OTHER_KEYS
    if unknown:
        raise KnowledgeError(f"{source}: unknown section(s) {sorted(unknown)}")
    return document


def _merge_document(loaded: LoadedKnowledge, document: Mapping[str, Any], source: str, bundled: bool) -> None:
    for section, kind in _SECTIONS.items():
        for index, raw in enumerate(_as_list(document.get(section), f"{source}: {section}")):
            where = f"{source}: {section}[{index}]"
            if not isinstance(raw, Mapping):
                raise KnowledgeError(f"{where}: an entry must be a mapping")
            _merge_entry(loaded, raw, kind, source, where, bundled)
    _merge_sectors(loaded.sectors, document.get("sectors"), source)
    loaded.uncountable.extend(w.lower() for w in _strings(document.get("uncountable"), f"{source}: uncountable"))
    for index, raw in enumerate(_as_list(document.get("places"), f"{source}: places")):
        if isinstance(raw, str):
            raw = {"name": raw}
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            raise KnowledgeError(f"{source}: places[{index}]: needs a name")
        loaded.places.append(Place(name=raw["name"], label=str(raw.get("label", "LOC"))))


def _merge_entry(
    loaded: LoadedKnowledge, raw: Mapping[str, Any], kind: str, source: str, where: str, bundled: bool
) -> None:
    entries = loaded.entries
    unknown = set(raw) - _ENTRY_FIELDS
    if unknown:
        raise KnowledgeError(f"{where}: unknown field(s) {sorted(unknown)}")
    kind = str(raw.get("kind", kind))
    if kind not in KINDS:
        raise KnowledgeError(f"{where}: kind must be one of {sorted(KINDS)}, not {kind!r}")
    country = _code(raw.get("country"), where)
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        raise KnowledgeError(f"{where}: name must be a string")
    key = _entry_key(raw, kind, name, country, where)
    existing = entries.get(key)
    if existing is None and name:
        existing = entries.get(loaded.names.get(normalize_name(name), ""))
    if existing is not None and bundled:
        raise KnowledgeError(f"{where}: duplicate entry {existing.key!r} in bundled knowledge")
    if raw.get("remove"):
        if existing is not None:
            del entries[existing.key]
            loaded.names.pop(normalize_name(existing.name), None)
        return
    if existing is None or raw.get("replace"):
        if name is None:
            if existing is None:
                raise KnowledgeError(f"{where}: a new entry needs a name")
            name = existing.name
        target = Entry(key=existing.key if existing else key, name=name, kind=kind, country=country)
        entries[target.key] = target
        if existing is not None:
            loaded.names.pop(normalize_name(existing.name), None)
    else:
        target = existing
        if name is not None and name != target.name:
            target.aliases.append(target.name)
            target.name = name
        if "kind" in raw:
            target.kind = kind
        if "country" in raw:
            target.country = country
    _apply_fields(target, raw, where)
    target.source = source
    loaded.names[normalize_name(target.name)] = target.key


def _entry_key(raw: Mapping[str, Any], kind: str, name: str | None, country: str | None, where: str) -> str:
    if raw.get("key") is not None:
        return str(raw["key"])
    if kind == "state" and country:
        return country.lower()
    if name:
        return slugify(name)
    raise KnowledgeError(f"{where}: an entry needs a key, a name or (for states) a country")


def _apply_fields(entry: Entry, raw: Mapping[str, Any], where: str) -> None:
    if "sectors" in raw:
        entry.sectors = [s.upper() for s in _strings(raw["sectors"], f"{where}: sectors")]
    _extend(entry.aliases, [entry.name, *_strings(raw.get("aliases"), f"{where}: aliases")])
    _extend(entry.demonyms, _strings(raw.get("demonyms"), f"{where}: demonyms"))
    _extend(entry.lookup_only, _strings(raw.get("lookup_only"), f"{where}: lookup_only"))
    for metonym in _metonyms(raw.get("metonyms"), where):
        entry.metonyms = [m for m in entry.metonyms if normalize_name(m.text) != normalize_name(metonym.text)]
        entry.metonyms.append(metonym)
    if "capital" in raw:
        entry.capital = None if raw["capital"] is None else str(raw["capital"])
    if "transnational" in raw:
        if not isinstance(raw["transnational"], bool):
            raise KnowledgeError(f"{where}: transnational must be true or false")
        entry.transnational = raw["transnational"]
    if "note" in raw:
        entry.note = None if raw["note"] is None else str(raw["note"])
    for index, role in enumerate(_as_list(raw.get("roles"), f"{where}: roles")):
        entry.roles.append(_role(role, entry.country, f"{where}: roles[{index}]"))


def _role(raw: Any, default_country: str | None, where: str) -> DatedRole:
    if not isinstance(raw, Mapping):
        raise KnowledgeError(f"{where}: a role must be a mapping")
    unknown = set(raw) - _ROLE_FIELDS
    if unknown:
        raise KnowledgeError(f"{where}: unknown field(s) {sorted(unknown)}")
    if not isinstance(raw.get("title"), str):
        raise KnowledgeError(f"{where}: a role needs a title")
    start = _date(raw.get("from", raw.get("start")), where)
    end = _date(raw.get("to", raw.get("end")), where)
    if start and end and start > end:
        raise KnowledgeError(f"{where}: role starts ({start}) after it ends ({end})")
    sector = raw.get("sector")
    return DatedRole(
        title=raw["title"],
        sector=None if sector is None else str(sector).upper(),
        country=_code(raw["country"], where) if "country" in raw else default_country,
        start=start,
        end=end,
        org=None if raw.get("org") is None else str(raw["org"]),
    )


def _metonyms(raw: Any, where: str) -> list[Metonym]:
    if raw is None:
        return []
    if isinstance(raw, Mapping):
        return [Metonym(text=str(text), sector=str(sector).upper()) for text, sector in raw.items()]
    result = []
    for index, item in enumerate(_as_list(raw, f"{where}: metonyms")):
        if not isinstance(item, Mapping) or not {"text", "sector"} <= set(item):
            raise KnowledgeError(f"{where}: metonyms[{index}] needs text and sector")
        result.append(
            Metonym(text=str(item["text"]), sector=str(item["sector"]).upper(), label=str(item.get("label", "GPE")))
        )
    return result


def _merge_sectors(sectors: dict[str, Sector], raw: Any, source: str) -> None:
    if raw is None:
        return
    if not isinstance(raw, Mapping):
        raise KnowledgeError(f"{source}: sectors must map codes to {{description, phrases}}")
    for code, body in raw.items():
        code = str(code).upper()
        where = f"{source}: sectors.{code}"
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise KnowledgeError(f"{where}: a sector code is three letters")
        body = body or {}
        if not isinstance(body, Mapping):
            raise KnowledgeError(f"{where}: expected {{description, phrases}}")
        sector = sectors.setdefault(code, Sector(code=code, description=""))
        if body.get("description"):
            sector.description = str(body["description"])
        _extend(sector.phrases, _strings(body.get("phrases"), f"{where}: phrases"))


def _finish(loaded: LoadedKnowledge) -> None:
    """Check cross-references once every file is merged; derive person sectors."""
    known = set(loaded.sectors)
    for entry in loaded.entries.values():
        where = f"{entry.source}: {entry.key}"
        if entry.kind == "state" and not entry.country:
            raise KnowledgeError(f"{where}: a state needs a country code")
        if entry.kind == "person" and not entry.sectors:
            entry.sectors = list(dict.fromkeys(r.sector for r in entry.roles if r.sector))
        used = set(entry.sectors) | {m.sector for m in entry.metonyms} | {r.sector for r in entry.roles if r.sector}
        if used - known:
            raise KnowledgeError(f"{where}: unknown sector code(s) {sorted(used - known)}")


def _code(value: Any, where: str) -> str | None:
    if value is None:
        return None
    code = str(value).upper()
    if not _CODE.match(code):
        raise KnowledgeError(f"{where}: country must be an ISO3 or PLOVER code, not {value!r}")
    return code


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value)
    if not _DATE.match(text):
        raise KnowledgeError(f"{where}: dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}")
    return text


def _as_list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise KnowledgeError(f"{where}: expected a list")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    items = _as_list(value, where)
    if not all(isinstance(item, str) for item in items):
        raise KnowledgeError(f"{where}: expected a list of strings")
    return items


def _extend(target: list[str], items: Iterable[str]) -> None:
    seen = set(target)
    for item in items:
        if item not in seen:
            seen.add(item)
            target.append(item)
