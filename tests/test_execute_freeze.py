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
