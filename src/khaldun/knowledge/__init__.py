"""Actor knowledge: countries, organisations, armed groups, persons and sector role words.

The knowledge is data (YAML files under ``knowledge/data``) loaded by
:func:`load_knowledge`, which also reads users' YAML files in the same format::

    from khaldun.knowledge import load_knowledge

    kb = load_knowledge(["my_actors.yaml"])
    kb.lookup("Daesh").name           # 'Islamic State'
    kb.demonym("Iranians").country    # 'IRN'
    kb.metonym("the Kremlin")         # (<Russia entry>, 'GOV')
    kb.sector_of("defence minister")  # ['GOV', 'MIL']
    nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}).add_patterns(
        kb.entity_patterns()
    )
"""

from khaldun.knowledge.lexicon import Knowledge, load_knowledge
from khaldun.knowledge.model import (
    INTERNATIONAL_CODES,
    DatedRole,
    Entry,
    KnowledgeError,
    Metonym,
    Place,
    Resolution,
    Sector,
)
from khaldun.knowledge.normalize import normalize_name

__all__ = [
    "INTERNATIONAL_CODES",
    "DatedRole",
    "Entry",
    "Knowledge",
    "KnowledgeError",
    "Metonym",
    "Place",
    "Resolution",
    "Sector",
    "load_knowledge",
    "normalize_name",
]
