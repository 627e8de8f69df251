"""Pairing quotation marks into spans."""

from khaldun.quotes.marks import find_quote_spans, paragraph_spans


def _texts(text):
    return [text[s.start:s.end] for s in find_quote_spans(text)]


def test_curly_and_straight_marks_pair_within_a_paragraph():
    text = 'He said: “We will not retreat.” Then he added "not one step," and left.'
    assert _texts(text) == ["We will not retreat.", "not one step"]


def test_a_doubled_opening_mark_counts_once_and_a_stray_closing_mark_is_ignored():
    text = 'The minister wrote that ““the border stays closed” and that volunteers” would go home.'
    assert _texts(text) == ["the border stays closed"]


def test_apostrophes_are_not_quote_marks():
    text = "Iran’s envoy said the rebels’ offer was ‘a trick’ and left."
    assert _texts(text) == ["a trick"]


def test_a_quote_continued_in_the_next_paragraph_is_one_chain():
    text = ("The general spoke for an hour. “Our troops hold the ridge.\n\n"
            "“They will hold it through the winter,” he said.\n\n“A new quote,” she said.")
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == [
        "Our troops hold the ridge.", "They will hold it through the winter", "A new quote"]
    assert spans[0].runs_on and spans[1].continues and spans[0].chain == spans[1].chain
    assert spans[2].chain != spans[1].chain and not spans[2].continues


def test_an_unclosed_quote_stops_at_its_paragraph():
    text = "He shouted “enough of this\n\nThe crowd left."
    spans = find_quote_spans(text)
    assert len(spans) == 1 and spans[0].close is None and not spans[0].runs_on
    assert text[spans[0].start:spans[0].end] == "enough of this"


def test_paragraphs_are_blocks_between_blank_lines():
    text = "One.\n\nTwo\nlines.\n \nThree."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["One.", "Two\nlines.", "Three."]
