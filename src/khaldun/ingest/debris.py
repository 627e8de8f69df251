"""Recognisers for the page furniture crawlers leave in article text.

Each recogniser looks at one normalised line and says which kind of debris
it is (PHP dumps, which can span lines, are in :mod:`khaldun.ingest.phpdump`).
None of them decides what to do with a line; :mod:`khaldun.ingest.clean` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlparse

from khaldun.ingest.paragraphs import ends_sentence

__all__ = [
    "classify_line",
    "is_byline",
    "is_related_header",
    "is_related_link",
    "is_wire_name",
    "looks_like_headline",
    "outlet_name",
    "source_outlet",
]

_BULLETS = "•·›»▪►■◦‣*>|"

# --- whole-line debris ---------------------------------------------------------
_COMMENT_FORM = re.compile(
    r"^(?:leave a (?:comment|reply)(?: cancel reply)?|post a comment|add a comment|"
    r"\d* ?comments?|no comments(?: yet)?|comments are closed\.?|post comment|submit comment|"
    r"please enter your (?:comment|name|email(?: address)?)(?: here)?!?|"
    r"you have entered an incorrect email address!?|"
    r"you must be logged in to post a comment\.?|"
    r"your email address will not be published\.?(?: required fields are marked \*)?|"
    r"required fields are marked \*|(?:name|email|website|comment) ?\*?|"
    r"save my name, email, and website in this browser for the next time i comment\.?|"
    r"notify me of (?:follow-up comments|new posts) by email\.?|"
    r"log in to (?:comment|reply)|cancel reply)$",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"^(?:subscribe\b.{0,80}|sign up (?:for|to) (?:our|the) newsletter.{0,60}|newsletter)$",
    re.IGNORECASE,
)
_SHORT_LINK = re.compile(r"^(?:short ?link|short url|permalink)\s*:?.{0,120}$", re.IGNORECASE)
_SOCIAL = re.compile(
    r"\b(?:follow us (?:on|at|@)\s*(?:twitter|x|facebook|instagram|telegram|youtube|linkedin|"
    r"tiktok|whatsapp|google news)|like us on facebook|join (?:us|our channel) on telegram)\b",
    re.IGNORECASE,
)
_SHARE_WORDS = re.compile(
    r"click to (?:share|email|print)(?: this)?(?: on \w+)?|\(?opens in new window\)?|"
    r"share(?:d)?(?: this)?(?: (?:article|story|post|page))?(?: on \w+)?|"
    r"tweet|facebook|twitter|whatsapp|telegram|e-?mail|print|linkedin|pinterest|reddit|"
    r"tumblr|messenger|pocket|copy link|flipboard|google\+|vk|\d+ shares?|x",
    re.IGNORECASE,
)
_EDITOR_CODE = re.compile(r"^\(?[A-Za-z]{1,4}(?:/[A-Za-z]{1,4})+\)?(?:\s+\d{1,3})?$")
_CREDIT = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|reported|written|writing|editing|edited|"
    r"translated|translation|compiled|prepared|produced|repowering)\s+by\b|"
    r"^[A-Z][a-z]+(?: [a-z]+)? by\s*:\s*\S",
    re.IGNORECASE,
)
_PHOTO = re.compile(
    r"^\(?(?:photo|photos|photograph|image|picture|pic|video|credit|photo credit|"
    r"file photo)\s*:|"
    r"(?:^|[.|/(–—-]\s*)(?:file photo|file picture|archive photo|photo by [^.]{1,60}|"
    r"(?:photo|image|picture)\s*(?:credit)?\s*:\s*[^.]{1,60}|getty images|"
    r"(?:afp|reuters|ap|epa) photo)\)?\.?$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b).{0,120}$|^all rights reserved\.?$", re.IGNORECASE
)
_NUMBER = (
    r"(?:\d{1,3}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
)
_CAPTCHA = re.compile(
    rf"^(?P<a>{_NUMBER})?\s*[+\-−–×x*÷/]\s*(?P<b>{_NUMBER})?\s*=\s*(?P<c>{_NUMBER}|\?)?$",
    re.IGNORECASE,
)
_SHORTCODE = re.compile(
    r"\[/?(?:(?:wp|vc_|et_pb_|td_)\w*|[a-z]+[A-Z_]\w*|caption|gallery|embed|audio|video|"
    r"playlist|contact-form[\w-]*)(?:\s[^\]]*)?\]"
)
_LEFTOVER = re.compile(r"^[\s|•·,;:/\\-]*$")

_RELATED_HEADER = re.compile(
    r"^(?:more articles|more news|more stories|"
    r"related(?: articles| posts| news| stories| content)?|"
    r"read more|read also|also read|see also|you may also like|you might also like|"
    r"recommended(?: for you)?|most read|most popular|latest news|trending(?: now)?|"
    r"what to read next|more from [\w ]{1,30}|related coverage)\s*:?$",
    re.IGNORECASE,
)
_RELATED_LINK = re.compile(
    r"^(?:see|see also|read|read also|read more|also read|also see|related|watch|listen)\b"
    r"[^:]{0,80}:\s*\S",
    re.IGNORECASE,
)

_BYLINE = re.compile(r"^By\s+(?:[A-Z][\w.'’-]*|our|staff|an?)(?:\s|$)")
_AGENCIES_TAIL = re.compile(
    r"\s*(?:/|,|\+|&|and)\s*(?:news\s+)?agencies\W*$", re.IGNORECASE
)
_SOURCE = re.compile(r"^(?:source|sources|via)\s*:\s*(?P<name>\S.{0,80})$", re.IGNORECASE)
_OUTLET_SUFFIX = re.compile(
    r"^(?:[A-Z][\w&'.’-]*\s+){0,3}(?:News|Agency|Press|Times|Post|Daily|Tribune|Herald|Gazette|"
    r"Journal|Online|Network|Media|TV|Radio|Observer|Monitor|Telegraph|Wire|Today)$"
)
# "Gulf Courier - Beirut bureau", "Tehran Desk"
_BUREAU = re.compile(r"^(?:[\w&'.’ ]{2,40}\s[-–—|,]\s)?[A-Z][\w ]{1,30}\s(?:bureau|desk)$", re.I)
_KNOWN_OUTLETS = frozenset(
    name.casefold()
    for name in (
        "Reuters", "AFP", "AP", "Associated Press", "Agence France-Presse", "IRNA", "TASS",
        "Xinhua", "Sputnik", "Press TV", "PressTV", "Al Jazeera", "BBC", "CNN", "SANA", "ISNA",
        "Fars", "Tasnim", "Mehr", "Interfax", "RIA Novosti", "Anadolu Agency", "Yonhap", "Kyodo",
        "ANI", "PTI", "Al-Monitor", "Al Arabiya",
    )
)  # fmt: skip


def _strip_bullets(line: str) -> str:
    return line.lstrip(_BULLETS + " -–—").strip()


def _is_share_widget(line: str) -> bool:
    lowered = line.casefold()
    if not _SHARE_WORDS.search(lowered):
        return False
    rest = _SHARE_WORDS.sub(" ", lowered)
    return not rest.strip(" |•·,;:/\\-–—()›»0123456789")


def _is_captcha(line: str) -> bool:
    match = _CAPTCHA.match(line)
    if match is None:
        return False
    return sum(1 for group in ("a", "b", "c") if match.group(group)) >= 2


def _is_credit(line: str) -> bool:
    if not _CREDIT.match(line) or len(line) > 150:
        return False
    return line.startswith("(") or ";" in line or not ends_sentence(line)


def _is_photo(line: str) -> bool:
    return len(line) <= 200 and bool(_PHOTO.search(line))


def _without_shortcodes(line: str) -> str | None:
    """The line with shortcodes removed, or ``None`` when it held none."""
    if not _SHORTCODE.search(line):
        return None
    return _SHORTCODE.sub("", line)


_LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("comment-form", lambda s: bool(_COMMENT_FORM.match(s))),
    ("subscribe", lambda s: bool(_SUBSCRIBE.match(s))),
    ("short-link", lambda s: bool(_SHORT_LINK.match(s))),
    ("social-follow", lambda s: len(s.split()) <= 30 and bool(_SOCIAL.search(s))),
    ("share-widget", lambda s: len(s) <= 200 and _is_share_widget(s)),
    ("captcha", _is_captcha),
    ("editor-code", lambda s: bool(_EDITOR_CODE.match(s))),
    ("credit-line", _is_credit),
    ("photo-caption", _is_photo),
    ("copyright", lambda s: bool(_COPYRIGHT.match(s))),
)


def classify_line(line: str) -> tuple[str | None, str]:
    """Say what kind of debris ``line`` is.

    Returns ``(kind, line)``: ``kind`` is ``None`` for story text; the second
    item is the line to keep (shortcodes removed), ``""`` when nothing is left.
    """
    bare = _strip_bullets(line)
    if not bare:
        return ("separator", "") if line else (None, line)
    for kind, matches in _LINE_RULES:
        if matches(bare):
            return kind, ""
    stripped = _without_shortcodes(line)
    if stripped is not None:
        kept = "" if _LEFTOVER.match(stripped) else re.sub(r"\s{2,}", " ", stripped).strip()
        return "shortcode", kept
    return None, line


def is_related_header(line: str) -> bool:
    """True for the heading of a related-articles list ("More Articles", "Related:")."""
    return bool(_RELATED_HEADER.match(_strip_bullets(line)))


def is_related_link(line: str) -> bool:
    """True for a single link line such as ``See Syria Daily, March 28: Headline``."""
    bare = _strip_bullets(line)
    return len(bare) <= 250 and not ends_sentence(bare) and bool(_RELATED_LINK.match(bare))


def looks_like_headline(line: str) -> bool:
    """A headline: short, at least two words, no final period, not a fragment."""
    words = line.split()
    if not 2 <= len(words) <= 30 or len(line) > 200:
        return False
    return not line.endswith((".", ",", ";", ":", "-", "–", "—")) or line.endswith("...")


def source_outlet(line: str) -> str | None:
    """The outlet named by a ``Source: NAME`` line, else ``None``."""
    match = _SOURCE.match(_strip_bullets(line))
    if not match:
        return None
    name = _AGENCIES_TAIL.sub("", match.group("name")).strip(" .")
    if name.startswith(("http://", "https://", "www.")):
        host = urlparse(name if "//" in name else f"//{name}").netloc
        return host.removeprefix("www.") or None
    return None if ends_sentence(match.group("name")) and len(name.split()) > 6 else name


def is_wire_name(line: str) -> bool:
    """True when ``line`` is the name of a well-known news agency or broadcaster."""
    return _strip_bullets(line).casefold() in _KNOWN_OUTLETS


def outlet_name(line: str) -> bool:
    """True when the whole ``line`` looks like the name of a news outlet."""
    bare = _strip_bullets(line)
    return is_wire_name(bare) or bool(_OUTLET_SUFFIX.match(bare) or _BUREAU.match(bare))


def is_byline(line: str) -> bool:
    """True for a byline such as ``By Jane Roe`` or ``By Jane Roe | March 3, 2016``."""
    if len(line) > 160 or ends_sentence(line) or not _BYLINE.match(line):
        return False
    return len(line.split()) <= 10 or any(ch.isdigit() for ch in line)
