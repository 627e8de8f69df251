"""The cue lexicon is data: bundled YAML plus users' files."""

import pytest

from khaldun.quotes.cues import CueError, load_cues


def test_bundled_cues_know_speech_verbs_and_their_uses():
    cues = load_cues()
    assert cues.allows("say", "indirect") and cues.allows("say", "direct")
    assert cues.allows("call", "partial") and not cues.allows("call", "indirect")
    assert not cues.is_verb("eat")
    assert "according to" in cues.phrases
    assert "so-called" in cues.scare_markers
    assert "general" in cues.person_titles


def test_a_user_file_adds_cues(tmp_path):
    extra = tmp_path / "cues.yaml"
    extra.write_text("verbs:\n  grumble: [direct, indirect]\nnouns: [memo]\n", encoding="utf-8")
    cues = load_cues([extra])
    assert cues.allows("grumble", "indirect") and "memo" in cues.nouns
    assert cues.allows("say", "indirect")  # bundled entries stay


def test_a_malformed_cue_file_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("verbs:\n  mutter: [loudly]\n", encoding="utf-8")
    with pytest.raises(CueError, match="mutter"):
        load_cues([bad])
