"""The optional compiled build (setup.py, src/khaldun/_compiled.py): what it compiles, that a stale
build falls back to the Python source, and that compiled and plain Python code a document the same."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from khaldun import compiled_modules
from khaldun._compiled import MODULES, _SourceWhenStale

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def test_the_listed_modules_exist_and_setup_sh_reads_the_same_list():
    paths = [f"src/{name.replace('.', '/')}.py" for name in MODULES]
    assert all((ROOT / p).is_file() for p in paths)
    # scripts/setup.sh hashes these files to know when to compile again: its reading of the list must agree
    line = next(x for x in (ROOT / "scripts" / "setup.sh").read_text().splitlines() if x.startswith("MODULES="))
    done = subprocess.run(["bash", "-c", f"{line}; echo \"$MODULES\""], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == paths
    assert set(compiled_modules()) <= set(MODULES)


def _fake_checkout(tmp_path: Path, *, newer_source: str | None) -> Path:
    """A tree with every module's .py and an 'extension' beside it; ``newer_source`` edited after the build."""
    for name in MODULES:
        source = tmp_path.joinpath(*name.split(".")).with_suffix(".py")
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("x = 1\n")
        built = source.with_suffix(SUFFIX)
        built.write_bytes(b"")
        os.utime(source, (1_000_000, 1_000_000))
        os.utime(built, (2_000_000, 2_000_000))
    if newer_source:
        os.utime(tmp_path.joinpath(*newer_source.split(".")).with_suffix(".py"), (3_000_000, 3_000_000))
    return tmp_path


def test_a_fresh_build_is_used_as_built(tmp_path):
    finder = _SourceWhenStale(_fake_checkout(tmp_path, newer_source=None), check_times=True, plain=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert all(finder.find_spec(name, None) is None for name in MODULES)


def test_one_edited_source_sends_every_compiled_module_back_to_python(tmp_path):
    root = _fake_checkout(tmp_path, newer_source="khaldun.events.coder")
    finder = _SourceWhenStale(root, check_times=True, plain=False)
    with pytest.warns(RuntimeWarning, match="khaldun.events.coder older than the source"):
        spec = finder.find_spec("khaldun.nlp.view", None)
    assert spec is not None and spec.origin == str(root / "khaldun" / "nlp" / "view.py")
    # all of them, not just the edited one (compiled modules call each other natively)
    assert all(finder.find_spec(name, None).origin.endswith(".py") for name in MODULES)
    assert finder.find_spec("khaldun.records", None) is None  # never compiled: left to the usual finders


def test_khaldun_plain_asks_for_the_source_without_looking_at_times(tmp_path):
    root = _fake_checkout(tmp_path, newer_source=None)
    assert _SourceWhenStale(root, check_times=False, plain=True).find_spec("khaldun.events.coder", None).origin \
        == str(root / "khaldun" / "events" / "coder.py")
    assert _SourceWhenStale(root, check_times=False, plain=False).find_spec("khaldun.events.coder", None) is None


_DUMP = """
import dataclasses, json, sys, tempfile
from pathlib import Path
from khaldun import compiled_modules
from khaldun.cli import sample_articles
from khaldun.ingest import iter_documents
from khaldun.pipeline import Resources, code_parsed, cross_document
from khaldun.records import Document
from khaldun.store import Store
docs = [d for d in iter_documents(sample_articles()) if isinstance(d, Document)]
res = Resources.load()
results = [code_parsed(d, p, res) for d, p in zip(docs, res.nlp.pipe([d.text for d in docs]))]
out = {r.document.doc_id: dataclasses.asdict(r) for r in results}
with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "k.duckdb") as store:
    store.write_many(results)
    cross_document(store)  # reuse links, merged events, quote groups, stories: the compiled cross modules
    across = {"events": list(store.iter_events()), "quotes": list(store.iter_quotes()),
              "links": list(store.iter_links()), "stories": list(store.iter_stories())}
print(json.dumps({"compiled": compiled_modules(), "results": out, "across": across}, sort_keys=True, default=str))
"""


@pytest.mark.skipif(not compiled_modules(), reason="plain Python build: nothing compiled to compare")
def test_compiled_and_plain_python_code_and_merge_the_sample_corpus_identically():
    runs = {}
    for plain in ("0", "1"):
        env = {**os.environ, "KHALDUN_PLAIN": plain}
        done = subprocess.run([sys.executable, "-c", _DUMP], env=env, capture_output=True, text=True, check=True)
        runs[plain] = json.loads(done.stdout)
    assert runs["0"]["compiled"] == list(MODULES)
    assert runs["1"]["compiled"] == []
    assert len(runs["0"]["results"]) >= 10
    assert runs["0"]["results"] == runs["1"]["results"]
    assert sum(len(r["events"]) for r in runs["0"]["results"].values()) > 50
    across = runs["0"]["across"]
    assert across == runs["1"]["across"]
    # the cross-document steps had something to do: events merged, a quote reported twice, a reuse link
    assert any(e["reports"] > 1 for e in across["events"])
    assert any(q["reports"] > 1 for q in across["quotes"]) and across["links"] and across["stories"]
