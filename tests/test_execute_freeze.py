"""The main process of a run keeps what was loaded before it out of the garbage collector's walks."""

from __future__ import annotations

import gc

from khaldun.execute import freeze_loaded, thaw


def test_freeze_keeps_loaded_objects_out_of_collections_until_thawed():
    assert gc.get_freeze_count() == 0
    loaded = [{"lemma": f"word{n}"} for n in range(1000)]  # stands in for a loaded model
    frozen = freeze_loaded()
    try:
        assert frozen and gc.get_freeze_count() >= len(loaded)
        count = gc.get_freeze_count()
        made_during_the_run = [[n] for n in range(1000)]
        assert made_during_the_run and gc.get_freeze_count() == count  # only what was alive before
    finally:
        thaw(frozen)
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_by_the_caller_is_left_alone():
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        frozen = freeze_loaded()
        assert frozen is False
        thaw(frozen)
        assert gc.get_freeze_count() == before
    finally:
        gc.unfreeze()


def test_the_cross_document_steps_leave_khaldun_caches_empty(tmp_path) -> None:
    from khaldun.actors import canonical
    from khaldun.knowledge.normalize import normalize_name
    from khaldun.pipeline import cross_document
    from khaldun.store import Store

    normalize_name("Hassan Rouhani")
    called: list[str] = []
    with Store(tmp_path / "db.duckdb") as store:
        steps = ("link_documents", "merge_actors", "merge_events", "group_quotes", "build_stories")
        for name in steps:
            real = getattr(store, name)

            def step(*args, _name=name, _real=real, **kwargs):
                # each step starts with the caches the one before it filled emptied
                if called:
                    assert normalize_name.cache_info().currsize == 0
                called.append(_name)
                normalize_name(f"Mohammad Javad Zarif {_name}")  # as a step's name keys do
                return _real(*args, **kwargs)

            setattr(store, name, step)
        cross_document(store)
    assert called == list(steps)
    assert normalize_name.cache_info().currsize == 0
    assert all(getattr(canonical, f).cache_info().currsize == 0
               for f in dir(canonical) if hasattr(getattr(canonical, f), "cache_info"))


def _loaded_by_spec(monkeypatch) -> list:
    """Weak references to each Resources a ResourceSpec loads from now on."""
    import weakref

    from khaldun.execute import ResourceSpec

    refs: list = []
    load = ResourceSpec.load

    def tracked(self):
        res = load(self)
        refs.append(weakref.ref(res.nlp))  # the model: what is worth letting go of
        return res

    monkeypatch.setattr(ResourceSpec, "load", tracked)
    return refs


def test_a_run_given_a_spec_lets_go_of_the_model_before_the_cross_document_steps(tmp_path, monkeypatch):
    from khaldun.cli import sample_articles
    from khaldun.execute import ResourceSpec
    from khaldun.pipeline import run
    from khaldun.store import Store

    refs = _loaded_by_spec(monkeypatch)
    alive_when_linking: list[bool] = []
    with Store(tmp_path / "k.duckdb") as store:
        link = store.link_documents

        def linking(*args, **kwargs):
            alive_when_linking.append(refs[0]() is not None)
            return link(*args, **kwargs)

        monkeypatch.setattr(store, "link_documents", linking)
        summary = run(sample_articles()[:4], store, ResourceSpec(), workers=2, batch_size=1)
    assert summary.documents == 4 and summary.events > 0
    assert len(refs) == 1 and alive_when_linking == [False]
    assert gc.get_freeze_count() == 0


def test_loaded_resources_the_caller_passes_stay_the_callers(tmp_path, resources):
    from khaldun.cli import sample_articles
    from khaldun.pipeline import run
    from khaldun.store import Store

    with Store(tmp_path / "k.duckdb") as store:
        summary = run(sample_articles()[:1], store, resources, workers=1)
    assert summary.documents == 1
    assert resources.nlp("Turkish jets struck Kurdish militants.").ents  # still usable: the caller's to keep
