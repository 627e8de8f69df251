"""Each kind of crawl debris goes; every story sentence stays."""

from __future__ import annotations

import pytest

from khaldun.ingest import clean_text

STORY = [
    "Turkish and Russian officials met in Ankara on Tuesday to discuss a ceasefire in Idlib.",
    "The talks ended without a joint statement, a Turkish diplomat told reporters.",
    "“We expect the next round to be held in Moscow,” the diplomat said.",
]


def _article(*debris: str, after: bool = True) -> str:
    """Our story with debris lines placed after (or before) it, blank-line separated."""
    parts = [*STORY, *debris] if after else [*debris, *STORY]
    return "\n\n".join(parts)


def _assert_story_kept(text: str) -> None:
    for sentence in STORY:
        assert sentence in text


@pytest.mark.parametrize(
    ("debris", "kind"),
    [
        (["Leave a comment"], "comment-form"),
        (["Please enter your comment!", "Please enter your name here"], "comment-form"),
        (["You must be logged in to post a comment."], "comment-form"),
        (
            ["Leave a Reply Cancel reply", "Your email address will not be published."],
            "comment-form",
        ),
        (["Subscribe"], "subscribe"),
        (["› Subscribe"], "subscribe"),
        (["Subscribe to our newsletter for daily updates"], "subscribe"),
        (["Share this:", "Facebook | Twitter | WhatsApp | Email"], "share-widget"),
        (["Click to share on Twitter (Opens in new window)"], "share-widget"),
        (["7 − 2 ="], "captcha"),
        (["4 + 9 = ?"], "captcha"),
        (["seven - 3 ="], "captcha"),
        (["[wpResize] |"], "shortcode"),
        (["  • Short link :"], "short-link"),
        (["Short URL: https://example.org/?p=123"], "short-link"),
        (["For more updates on the region, follow us on Twitter :"], "social-follow"),
        (["Like us on Facebook"], "social-follow"),
        (["K/AB 07"], "editor-code"),
        (["MR/HG"], "editor-code"),
        (["Repowering by: Jane Roe"], "credit-line"),
        (["(Reporting by Jane Roe; Editing by John Doe)"], "credit-line"),
        (["Soldiers patrol a checkpoint near Idlib. File photo"], "photo-caption"),
        (["PHOTO: Soldiers at a checkpoint near Idlib"], "photo-caption"),
        (["© 2019 Example Wire. All rights reserved."], "copyright"),
        (["Reuters"], "outlet-line"),
        (["Example Courier - Beirut bureau"], "outlet-line"),
    ],
)
def test_debris_line_is_removed(debris: list[str], kind: str) -> None:
    cleaned = clean_text(_article(*debris))
    for line in debris:
        assert line.strip() not in cleaned.text
    assert kind in cleaned.removed
    _assert_story_kept(cleaned.text)
    assert cleaned.text.endswith(STORY[-1])


def test_php_string_dump_on_one_long_line() -> None:
    records = ",".join(
        f'{{"id":"{n}","pic":"/2019/05/0{n}/img_{n}.jpg","title":"Headline number {n}"}}'
        for n in range(1, 9)
    )
    dump = f"[{records}]"
    raw = _article(f'string({len(dump.encode())}) "{dump}"')
    cleaned = clean_text(raw)
    assert "string(" not in cleaned.text
    assert "Headline number" not in cleaned.text
    assert "php-dump" in cleaned.removed
    _assert_story_kept(cleaned.text)


def test_php_dump_spanning_lines_with_wrong_length_stops_at_closing_quote() -> None:
    dump = (
        'string(9999) "[{"id":"1","title":"Army advances"} ,\n{"id":"2","title":"Talks resume"} ]"'
    )
    cleaned = clean_text(_article(dump) + "\n\nThe ministry did not comment on the report.")
    assert "string(" not in cleaned.text
    assert "Talks resume" not in cleaned.text
    assert cleaned.text.endswith("The ministry did not comment on the report.")


def test_php_dump_with_multibyte_text_uses_byte_length() -> None:
    dump = '[{"title":"Syria’s army – update"}]'
    raw = _article(f'string({len(dump.encode())}) "{dump}"', "The envoy left Damascus on Friday.")
    cleaned = clean_text(raw)
    assert "Syria’s army" not in cleaned.text
    assert cleaned.text.endswith("The envoy left Damascus on Friday.")


def test_php_dump_glued_to_the_end_of_a_story_line() -> None:
    dump = '[{"id":"9","title":"Ceasefire extended"}]'
    last = STORY[-1] + f'string({len(dump)}) "{dump}"'
    cleaned = clean_text("\n\n".join([*STORY[:-1], last]))
    assert cleaned.text.endswith(STORY[-1])
    assert "Ceasefire extended" not in cleaned.text


def test_related_list_after_header_is_removed_until_story_resumes() -> None:
    raw = "\n".join(
        [
            STORY[0],
            "",
            "Related:",
            "Ankara Warns Damascus Over Border Shelling",
            "Moscow Says Idlib Truce Holding",
            "",
            STORY[1],
            STORY[2],
        ]
    )
    cleaned = clean_text(raw)
    assert "Ankara Warns" not in cleaned.text
    assert "Truce Holding" not in cleaned.text
    assert "Related" not in cleaned.text
    _assert_story_kept(cleaned.text)


def test_more_articles_at_the_end_and_see_link_line() -> None:
    raw = _article("More Articles", "Kremlin Denies Troop Build-Up", "Iran Hosts Astana Talks")
    raw = raw.replace(
        STORY[1], "See Syria Weekly, May 3: Rebels Regroup in the North\n\n" + STORY[1]
    )
    cleaned = clean_text(raw)
    for gone in ("More Articles", "Kremlin Denies", "Astana Talks", "Rebels Regroup"):
        assert gone not in cleaned.text
    _assert_story_kept(cleaned.text)


def test_inline_shortcode_removed_but_bracketed_words_in_quotes_kept() -> None:
    raw = _article(
        '[caption id="attachment_12" align="alignleft"]Troops in Idlib[/caption]',
        "“They [the rebels] will not withdraw,” the commander said.",
    )
    cleaned = clean_text(raw)
    assert "[caption" not in cleaned.text and "[/caption]" not in cleaned.text
    assert "Troops in Idlib" in cleaned.text
    assert "“They [the rebels] will not withdraw,” the commander said." in cleaned.text


def test_source_line_sets_outlet_and_bare_outlet_line_goes() -> None:
    raw = "Example Post\n\n" + _article("Source: Example Post")
    cleaned = clean_text(raw)
    assert cleaned.outlet == "Example Post"
    assert "Example Post" not in cleaned.text
    assert {"source-line", "outlet-line"} <= set(cleaned.removed)
    _assert_story_kept(cleaned.text)


def test_source_line_with_agencies_names_the_outlet_only() -> None:
    assert clean_text(_article("Source: Example Observer / agencies")).outlet == "Example Observer"


def test_story_sentences_that_resemble_debris_are_kept() -> None:
    kept = [
        "The minister urged citizens to share information with the police about the attack.",
        "Officials said 7 of the 12 detainees were released on Monday.",
        "By Sunday, the army had recaptured three villages north of Hama.",
        "Photographs taken by residents showed smoke rising over the airbase.",
        "Rebels said they would follow the ceasefire terms if Damascus did the same.",
        "“Follow us,” the commander shouted before his unit stormed the airbase.",
        "Subscribers to the state broadcaster saw the speech live on Sunday evening.",
    ]
    cleaned = clean_text("\n\n".join([*STORY, *kept]))
    for sentence in [*STORY, *kept]:
        assert sentence in cleaned.text
    assert cleaned.removed == []


def test_clean_text_without_debris_changes_nothing_but_layout() -> None:
    raw = "\n".join(STORY)
    cleaned = clean_text(raw)
    assert cleaned.text == "\n\n".join(STORY)
    assert cleaned.outlet is None
