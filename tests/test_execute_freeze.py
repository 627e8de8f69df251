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
