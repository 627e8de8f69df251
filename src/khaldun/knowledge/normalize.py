"""Normalisation of surface forms so that spelling variants meet on one key.

Three levels, each built on the previous one:

* :func:`clean_surface` keeps the case but unifies typography: diacritics
  stripped, curly quotes and dash variants replaced, whitespace collapsed, a
  leading "the" and a trailing possessive dropped ("the Kremlin's" ->
  "Kremlin").  Used for case-sensitive keys such as acronyms ("US" is not "us").
* :func:`phrase_key` lowercases a cleaned phrase and turns hyphens into spaces
  ("Vice-President" -> "vice president"); role-word keys use it.
* :func:`normalize_name` also drops apostrophes and full stops and the Arabic
  article "al"/"el", so "Bashar al-Assad", "Bashar Al Assad" and "Bashar Assad"
  share one key.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans(
    {
        "\u0131": "i",  # dotless i
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
    }
)
# Apostrophe-like and quote-like characters, and dash-like characters.
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u201b\u2032\u02bc\u02bb\u00b4`"})
_QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})

_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=[\w.])'s$|(?<=s)'$", re.IGNORECASE)
_EDGE_JUNK = " \t\n\"',;:!?()[]{}<>"
_ARTICLE = re.compile(r"\b(?:al|el) (?=\w)")


def strip_diacritics(text: str) -> str:
    """Return *text* with accents removed: "Élysée" -> "Elysee", "Erdoğan" -> "Erdogan"."""
    if text.isascii():  # nothing to remove; much faster for the large user dictionaries
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65_536)  # pure; every lexicon lookup starts here
def clean_surface(text: str) -> str:
    """Unify typography of a surface form, keeping its case.

    >>> clean_surface("  the Kremlin\u2019s ")
    'Kremlin'
    """
    text = strip_diacritics(text)
    text = text.translate(_APOSTROPHES).translate(_QUOTES).translate(_DASHES)
    text = _SPACE.sub(" ", text).strip(_EDGE_JUNK)
    text = _POSSESSIVE.sub("", text).strip(_EDGE_JUNK)
    text = _LEADING_THE.sub("", text)
    return text


@functools.lru_cache(maxsize=65_536)
def phrase_key(text: str) -> str:
    """Lowercased key for a role phrase: "Defence-Minister" -> "defence minister"."""
    text = clean_surface(text).lower().replace("-", " ")
    return _SPACE.sub(" ", text).strip()


@functools.lru_cache(maxsize=65_536)  # pure, and called for every mention lookup
def normalize_name(text: str) -> str:
    """Key under which name variants meet (lowercase, no punctuation variants).

    >>> normalize_name("Bashar al-Assad") == normalize_name("Bashar Assad")
    True
    >>> normalize_name("Hay\u2019at Tahrir al-Sham")
    'hayat tahrir sham'
    """
    text = phrase_key(text).replace("'", "").replace(".", "")
    text = _SPACE.sub(" ", text).strip()
    return _ARTICLE.sub("", text)


def is_acronym(text: str) -> bool:
    """True for forms written entirely in capitals ("US", "U.N.", "IRGC", "MI6").

    Such forms are matched case-sensitively: "US" names a country, "us" does not.
    """
    return " " not in text and any(c.isupper() for c in text) and not any(c.islower() for c in text)


def plural(phrase: str) -> str:
    """Regular English plural of a noun phrase's head.

    The head is the last word, or the word before "of" ("chief of staff" ->
    "chiefs of staff").  Irregular and uncountable nouns are the caller's
    business.
    """
    words = phrase.split(" ")
    head = _head_index(words)
    words[head] = _plural_word(words[head])
    return " ".join(words)


def head_word(phrase: str) -> str:
    """The word of a noun phrase that takes the plural (see :func:`plural`)."""
    words = phrase.split(" ")
    return words[_head_index(words)]


def _head_index(words: list[str]) -> int:
    return words.index("of", 1) - 1 if "of" in words[1:] else len(words) - 1


_NOT_MEN = ("human", "german", "roman", "ottoman", "shaman", "talisman", "caiman")


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower.endswith("man") and not lower.endswith(_NOT_MEN):
        return word[:-3] + ("MEN" if word.isupper() else "men")
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def slugify(text: str) -> str:
    """Stable id slug: "Bashar al-Assad" -> "bashar-al-assad"."""
    text = strip_diacritics(text).translate(_APOSTROPHES).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
