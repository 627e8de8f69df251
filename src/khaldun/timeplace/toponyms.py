"""Keys under which spellings of one place name meet.

* :func:`name_key`: the name itself, ASCII and lower case, without punctuation
  ("Jisr ash-Shughūr" = "jisr ash shughur", "Sana'a" = "sanaa");
* :func:`skeleton`: a transliteration-aware key ("Deir Ezzor" = "Deir ez-Zor" =
  "Dayr az Zawr", "Qamishly" = "Al Qāmishlī", "Idlip" = "Idlib", "Ḩamāh" = "Hama"):
  Arabic articles dropped (al-, el-, ar-, ash-, ad-, ... also assimilated and
  glued, as in "Ezzor"), q/k, c/k, p/b, kh/h, gh/g, ch/sh, dh/d, th/t merged,
  every run of vowels (with a w or y after a vowel: "Dayr", "Zawr") one vowel,
  doubled letters single, a final "h" after a vowel dropped ("Raqqah").

The skeleton is deliberately loose; the gazetteer ranks a place found through
it below one found by name.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ARTICLES", "fold", "name_key", "skeleton", "without_articles"]


def fold(text: str) -> str:
    """Lowercase ASCII fold for name comparison ("Qāmishlī" -> "qamishli")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("-", " ").lower()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


_DROP = str.maketrans("", "", "'’‘`´ʿʾʼʻ\"")  # apostrophes and ayn/hamza marks: "Sana'a" = "Sanaa"
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ð": "d"})
_PUNCT = re.compile(r"[^a-z0-9]+")


def _ascii(text: str) -> str:
    """Diacritics stripped and the letters decomposition keeps (ł, ø, ß) spelt out; others dropped."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode()


def name_key(text: str) -> str:
    """Exact key of a name: ASCII, lowercase, no punctuation, no leading "the".

    >>> name_key("Jisr ash-Shughūr") == name_key("jisr ash shughur")
    True
    """
    text = _PUNCT.sub(" ", _ascii(text.translate(_DROP)).lower()).strip()
    return text[4:] if text.startswith("the ") else text


# Arabic article forms, written apart ("Deir ez-Zor") or assimilated and glued ("Deir Ezzor").
ARTICLES = frozenset("al el il ul ar er as es ash esh ad ed an en at et az ez ath adh ud".split())
_GLUED_ARTICLE = re.compile(r"^[ae](sh|th|dh|[lrsdntz])(?=\1)")
# Spelling variants met in transliterations, applied in order.
_DIGRAPHS = (("sch", "sh"), ("tch", "ch"), ("ch", "sh"), ("kh", "h"), ("gh", "g"), ("dh", "d"),
             ("th", "t"), ("ph", "f"), ("dj", "j"), ("zh", "j"), ("ck", "k"), ("q", "k"), ("x", "ks"))
_SOFT_C = re.compile(r"c(?=[eiy])")
_VOWELISH = re.compile(r"(?<=[aeiou])w|(?<!^)y")  # "Zawr"; "Dayr", "Kamishly", "Kyiv"
_VOWELS = re.compile(r"[aeiou]+")
_FINAL_H = re.compile(r"(?<=a)h$")  # "Hamah", "Raqqah"
_DOUBLE = re.compile(r"(.)\1+")


def without_articles(key: str) -> str:
    """A name key without its Arabic articles: "al qamishli" -> "qamishli"."""
    if " " not in key:
        return key
    words = [w for w in key.split() if w not in ARTICLES]
    return " ".join(words) if words else key


def token_skeleton(token: str) -> str:
    """:func:`skeleton` of one lower-case ASCII word."""
    for old, new in _DIGRAPHS:
        if old in token:
            token = token.replace(old, new)
    token = _SOFT_C.sub("s", token).replace("c", "k").replace("p", "b")
    token = _VOWELISH.sub("a", token)
    token = _VOWELS.sub("a", token)
    token = _FINAL_H.sub("", token)
    return _DOUBLE.sub(r"\1", token)


def key_tokens(key: str) -> list[str]:
    """The words of a name key that count for its skeleton: no articles, no glued article."""
    tokens = key.split()
    if len(tokens) < 2:
        return tokens
    out = []
    for n, token in enumerate(tokens):
        if token in ARTICLES:
            continue
        out.append(_GLUED_ARTICLE.sub("", token) if n else token)
    return out


def skeleton(text: str) -> str:
    """Transliteration-aware key: spelling variants of one name meet on it.

    >>> skeleton("Deir Ezzor") == skeleton("Deir ez-Zor") == skeleton("Dayr az Zawr")
    True
    >>> skeleton("Qamishly") == skeleton("Al Qāmishlī")
    True
    """
    return "".join(token_skeleton(t) for t in key_tokens(name_key(text)))
