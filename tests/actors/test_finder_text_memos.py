"""The finder's memos per text (place names, office titles, cleaned words) answer as the readings they
remember, whatever was read before."""

from __future__ import annotations

from khaldun.actors import build_actors
from khaldun.actors.mentions import MentionFinder
from khaldun.actors.variants import CleanWords, clean_words

SYRIA = ("Syrian government forces shelled rebel positions near Idlib on Monday, and police in Idlib "
         "arrested two men. Syria's foreign minister said the army would stay.")
TOWN_ONLY = "Police near Idlib arrested two men on Monday, the local governor said."


def test_place_country_reads_a_town_only_in_a_country_the_text_names(resources):
    finder = MentionFinder(resources.knowledge, resources.places)
    syria, town = resources.nlp(SYRIA), resources.nlp(TOWN_ONLY)
    for _ in range(2):  # the second round reads every place name from the memo
        found = finder.find(syria, "2019-05-07")
        assert finder._place_country(found.view, found.mentions) == "SYR"
        alone = finder.find(town, "2019-05-07")
        # "Idlib" is remembered as a Syrian town, but this text names no Syria: no place country
        assert finder._place_country(alone.view, alone.mentions) is None
    assert finder._places.get("Idlib") == (None, "SYR")


def test_office_title_memo_is_the_reading(resources):
    finder = MentionFinder(resources.knowledge, resources.places)
    for text in ("Iran's defence chief", "the president of Syria", "Syrian Foreign Minister",
                 "Iran's defence chief"):
        assert finder._office_title(text) == finder._read_title(text)
    assert finder._office_title("Iran's defence chief") == "defence chief"
    assert finder._office_title("the president of Syria") == "president"
    assert len(finder._titles) == 3


def test_clean_words_memo_is_clean_words_and_bounded(resources):
    cleaner = CleanWords(size=3)
    docs = [resources.nlp(SYRIA), resources.nlp('No "Russian" ground troops and his long-range bombers left.')]
    spans = 0
    for doc in docs * 2:
        found = resources.finder.find(doc, "2019-05-07")
        view = found.view
        for m in found.mentions:
            for start in range(m.start, m.end):
                assert cleaner(view, start, m.end) == clean_words(view, start, m.end)
                assert len(cleaner) <= 3  # emptied when full
                spans += 1
        assert cleaner(view, 0, view.n) == clean_words(view, 0, view.n)
    assert spans > 8
    bombers = docs[1]
    view = resources.finder.find(bombers, None).view
    assert cleaner(view, 0, 6) == "Russian ground troops"  # quote marks and "No" go


def test_build_actors_with_and_without_the_finders_cleaner_agree(resources):
    doc = resources.nlp(SYRIA)
    found = resources.finder.find(doc, "2019-05-07")
    assert found.cleaner is resources.finder.cleaner
    mentions, actors = build_actors("d1", doc, found, resources.knowledge, "2019-05-07")
    found.cleaner = None  # made by hand: the stage cleans its own words
    again, again_actors = build_actors("d1", doc, found, resources.knowledge, "2019-05-07")
    assert mentions == again
    assert [(a.actor_id, a.variants, a.roles) for a in actors] == \
        [(a.actor_id, a.variants, a.roles) for a in again_actors]
    assert any(a.variants for a in actors) and any(a.roles for a in actors)
