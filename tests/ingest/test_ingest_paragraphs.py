"""Whitespace normalisation and paragraph layout of cleaned text."""

from __future__ import annotations

import textwrap

from khaldun.ingest import clean_text
from khaldun.ingest.paragraphs import build_paragraphs, normalise_line

PARAGRAPH_ONE = (
    "Iraqi Prime Minister Mustafa al-Kadhimi met Iranian Foreign Minister Hossein "
    "Amir-Abdollahian in Baghdad on Sunday to discuss border security and trade, his office said. "
    "The two sides agreed to set up a joint committee on water sharing."
)
PARAGRAPH_TWO = (
    "Kadhimi also urged Tehran to halt drone strikes on Kurdish opposition groups in northern "
    "Iraq, according to a statement released after the meeting."
)


def test_whitespace_inside_lines_is_normalised_but_characters_kept() -> None:
    raw = "\u00a0“Talks\tare over,”\u00a0 the  envoy said — again.\u200b  "
    assert normalise_line(raw) == "“Talks are over,” the envoy said — again."


def test_one_paragraph_per_line_in_scraped_text() -> None:
    lines = [
        "Kadhimi met Amir-Abdollahian in Baghdad on Sunday to discuss border security and trade.",
        "The two sides agreed to set up a joint committee on water sharing, his office said.",
        "“We will not allow our territory to be used against our neighbours,” Kadhimi said.",
    ]
    cleaned = clean_text("\n".join(lines))
    assert cleaned.text == "\n\n".join(lines)


def test_paragraphs_separated_by_exactly_one_blank_line() -> None:
    raw = (
        "\r\n\r\n\n  First paragraph of the report.  \r\n\r\n\r\n\r\nSecond one, after gaps.\n\n\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "First paragraph of the report.\n\nSecond one, after gaps."


def test_hard_wrapped_text_is_joined_back_into_paragraphs() -> None:
    raw = textwrap.fill(PARAGRAPH_ONE, width=72) + "\n\n" + textwrap.fill(PARAGRAPH_TWO, width=72)
    assert len(raw.splitlines()) > 4  # really wrapped
    cleaned = clean_text(raw)
    assert cleaned.text == f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}"


def test_hard_wrapped_paragraphs_without_blank_lines_split_at_short_lines() -> None:
    first = textwrap.wrap(PARAGRAPH_ONE, width=66)
    assert len(first[-1]) < 50  # the paragraph visibly ends before the width
    lines = first + textwrap.wrap(PARAGRAPH_TWO, width=66)
    assert build_paragraphs(lines) == [PARAGRAPH_ONE, PARAGRAPH_TWO]


def test_headline_above_wrapped_body_stays_its_own_paragraph() -> None:
    headline = "Iraq and Iran Agree on Water Committee"
    raw = headline + "\n" + textwrap.fill(PARAGRAPH_ONE, width=70)
    cleaned = clean_text(raw)
    assert cleaned.title == headline
    assert cleaned.text == f"{headline}\n\n{PARAGRAPH_ONE}"


def test_word_broken_at_hyphen_is_rejoined() -> None:
    sentence = (
        "The delegation said the agreement would strengthen the pro-government militias and "
        "the Iran-backed factions in the border provinces, officials said on Monday."
    )
    lines = textwrap.wrap(sentence, width=62)
    assert any(line.endswith("pro-") for line in lines)
    assert build_paragraphs(lines) == [sentence]


def test_short_list_lines_are_not_joined() -> None:
    lines = ["Iran", "Iraq", "Syria"]
    assert build_paragraphs(lines) == lines
