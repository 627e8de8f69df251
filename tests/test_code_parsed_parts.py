"""code_parsed's own parts: sentence records read from the document view, and the fingerprint memo."""

from __future__ import annotations

from khaldun.reuse import fingerprint, fingerprint_to_bytes

TEXT = (
    "Russian warplanes struck rebel positions near Hama on Wednesday.  The defence ministry said "
    "the strikes hit ammunition depots.\n\n"
    "  “We will continue,” a spokesman told reporters in Moscow. \n\n"
    "Turkey condemned the raids."
)


def test_sentences_are_the_parse_sentences_trimmed(code_text, resources):
    result = code_text(TEXT)
    doc = resources.nlp(TEXT)
    expected = [sent.text.strip() for sent in doc.sents]
    assert [s.text for s in result.sentences] == expected
    assert [s.index for s in result.sentences] == list(range(len(expected)))
    for s in result.sentences:
        assert TEXT[s.start:s.end] == s.text  # offsets into the document text
        assert s.text == s.text.strip()
    assert result.sentences[-1].text == "Turkey condemned the raids."


def test_fingerprint_with_the_process_memo_is_the_plain_one(code_text, resources):
    first = code_text(TEXT)
    again = code_text(TEXT.replace("Hama", "Idlib"))
    assert len(resources.words) > 0  # the memo kept the words of the documents coded so far
    for result, text in ((first, TEXT), (again, TEXT.replace("Hama", "Idlib"))):
        assert result.fingerprint == fingerprint_to_bytes(fingerprint(result.document.doc_id, text))
    assert first.fingerprint != again.fingerprint
