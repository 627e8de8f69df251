"""The ``khaldun`` command line: run, events, actors, show, stories, quotes, links, eval."""

from __future__ import annotations

import json
import sys
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    help="khaldun: political event data from raw news (PLOVER/CAMEO events with evidence).",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)

DEFAULT_DB = "khaldun.duckdb"
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]


class EventFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ActorFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def sample_corpus() -> Path:
    """The bundled sample corpus (articles written by the khaldun authors)."""
    return Path(str(resources.files("khaldun") / "examples"))


def sample_articles() -> list[Path]:
    """The article files of the sample corpus (its README is not an article)."""
    from khaldun.ingest import FORMATS

    return sorted(p for p in sample_corpus().iterdir() if p.suffix.lower() in FORMATS)


@app.command()
def run(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or directories (.txt, .html, .jsonl). Default: the bundled sample corpus.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    actors: Annotated[Optional[list[Path]], typer.Option(
        "--actors",
        help="Extra actor dictionary (YAML, or PETRARCH/Phoenix .txt/.actors/.agents), repeatable.")] = None,
    verbs: Annotated[Optional[list[Path]], typer.Option(
        "--verbs", help="Extra verb lexicon (YAML, or a PETRARCH/CAMEO verb dictionary), repeatable.")] = None,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Documents parsed and stored per transaction (1: one per document).")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    fallback: Annotated[bool, typer.Option(
        "--fallback/--no-fallback",
        help="Code uncoded lead sentences with the learned embedding fallback (needs khaldun[embed]).")] = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", "-w", min=1,
        help="Processes coding in parallel (default: all cores; 1: in this process). With --dask local: "
             "the number of Dask workers.")] = None,
    dask: Annotated[Optional[str], typer.Option(
        "--dask", metavar="SCHEDULER",
        help="Code on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster "
             "(needs khaldun[dask]).")] = None,
    parts: Annotated[Optional[Path], typer.Option(
        "--parts",
        help="With --dask: directory for the workers' Parquet parts, the same path on every machine "
             "(default: DB.parts next to the database).")] = None,
    memory_limit: Annotated[Optional[str], typer.Option(
        "--memory-limit", metavar="SIZE",
        help="Most memory the database may hold (cache, indexes, queries; beyond it DuckDB evicts and "
             "spills to DB.tmp): e.g. 512MB, 2GB, 80% of RAM. Default: 256MB.")] = None,
) -> None:
    """Ingest and code articles into the database (re-running adds nothing new)."""
    import os
    from contextlib import nullcontext

    from rich.markup import escape

    from khaldun.events.embedding import EmbeddingUnavailable, require_embedding
    from khaldun.execute import ResourceSpec
    from khaldun.execute.cluster import ClusterError
    from khaldun.pipeline import run as run_pipeline
    from khaldun.records import IngestProblem
    from khaldun.store import Store, StoreError

    targets = list(paths) if paths else sample_articles()
    n_workers = workers or os.cpu_count() or 1
    spec = ResourceSpec.of(actors or (), verbs or (), fallback=fallback)
    if fallback and not dask:  # (said before a database is made; a cluster's workers load their own)
        try:
            require_embedding()
        except EmbeddingUnavailable as exc:
            err.print(f"[red]error[/]: {escape(str(exc))}")
            raise typer.Exit(2) from None
    executor = nullcontext(None)
    if dask:
        from khaldun.execute.cluster import DaskCluster, DaskUnavailable

        try:
            DaskCluster.check()
        except DaskUnavailable as exc:
            err.print(f"[red]error[/]: {escape(str(exc))}")
            raise typer.Exit(2) from None
        executor = DaskCluster(dask, spec, parts or db.with_name(db.name + ".parts"), workers=n_workers)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                        console=err, disable=quiet, transient=False)

    def report(item) -> None:
        if isinstance(item, IngestProblem):
            progress.console.print(f"[yellow]skipped[/] {item}", highlight=False, markup=True)
        else:
            progress.update(task, description="coding", advance=1)

    try:
        with Store(db, memory_limit=memory_limit) as store, progress, executor as cluster:
            # the run loads the model and lexicons itself (unless the cluster's workers do), and
            # lets go of them before the cross-document steps
            task = progress.add_task("coding" if dask else "loading models and lexicons…", total=None)
            summary = run_pipeline(targets, store, spec, batch_size=batch_size, on_document=report,
                                   workers=n_workers, executor=cluster)
            counts = store.counts()
            cross = store.cross_document_counts()
    except KeyboardInterrupt:
        err.print("[red]interrupted[/]: every document stored so far is complete; run again to resume.")
        raise typer.Exit(130) from None
    except (ClusterError, StoreError, EmbeddingUnavailable) as exc:  # (khaldun[embed] not installed)
        err.print(f"[red]error[/]: {escape(str(exc))}")
        raise typer.Exit(2) from None

    table = Table(title="khaldun run", show_header=False)
    table.add_row("inputs", str(sample_corpus()) if not paths else ", ".join(str(t) for t in targets))
    table.add_row("documents coded", str(summary.documents))
    table.add_row("already in database", str(summary.skipped))
    table.add_row("duplicate texts", str(summary.duplicates))
    table.add_row("problems", str(len(summary.problems)))
    table.add_row("events coded", str(summary.events))
    words_s = summary.words / summary.seconds if summary.seconds else 0.0
    table.add_row("time", f"{summary.seconds:.1f} s ({words_s:,.0f} words/s)")
    table.add_row("database", f"{db.resolve()}  ({counts['documents']} documents, "
                  f"{counts['events']} events, {counts['actors']} actors)")
    table.add_row("across documents", f"{cross['merged_events']} distinct events, {cross['stories']} stories, "
                  f"{cross['quotes']} quotes, {cross['links']} reuse links")
    err.print(table)
    err.print(f"Next: khaldun events --db {db}  |  khaldun actors --db {db}  |  khaldun stories --db {db}  |  "
              f"khaldun quotes --db {db}  |  khaldun show EVENT_ID --db {db}  |  khaldun serve --db {db}")
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.jsonl,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    dyadic: Annotated[bool, typer.Option("--dyadic", help="One row per (source, target) pair.")] = False,
) -> None:
    """Export coded events."""
    from khaldun.store import export_events

    if format is EventFormat.parquet and out is None:
        err.print("[red]error[/]: --format parquet needs --out FILE")
        raise typer.Exit(2)
    with _open(db) as store:
        n = export_events(store, format.value, out if out else sys.stdout, dyadic=dyadic)
    if out:
        err.print(f"{n} rows written to {out}")


@app.command()
def actors(
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[ActorFormat, typer.Option("--format", "-f")] = ActorFormat.jsonl,
    out: Annotated[Optional[Path], typer.Option("--out", "-o")] = None,
) -> None:
    """The actors found, with variants and mention counts."""
    from khaldun.store import export_actors

    with _open(db) as store:
        n = export_actors(store, format.value, out if out else sys.stdout)
    if out:
        err.print(f"{n} actors written to {out}")


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event_id from `khaldun events`.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print the full record as JSON.")] = False,
) -> None:
    """One event: its evidence sentences and why it was coded."""
    with _open(db) as store:
        event = store.get_event(event_id)
        docs = {e["doc_id"]: store.get_document(e["doc_id"]) for e in event["evidence"]} if event else {}
    if event is None:
        err.print(f"[red]error[/]: no event {event_id!r} in {db}")
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(event, ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False)
    parties = lambda ps: "; ".join(f"{p['name']} ({p['country'] or '?'}"  # noqa: E731
                                   f"{' ' + '/'.join(p['sectors']) if p['sectors'] else ''})"
                                   f" ← “{p['text']}”" for p in ps) or "—"
    out.print(f"[bold]{event['event_type']}[/]"
              f"{' / ' + event['mode'] if event['mode'] else ''}  CAMEO {event['cameo']}  "
              f"quad {event['quad']}  confidence {event['confidence']}", markup=True)
    out.print(f"actor:     {parties(event['actor'])}", markup=False)
    out.print(f"recipient: {parties(event['recipient'])}", markup=False)
    out.print(f"date:      {event['date'] or '—'} ({event['date_precision'] or 'no date'}; "
              f"{event.get('date_source') or ''})", markup=False)
    loc = event.get("location")
    place = (f"{loc['name']} ({loc.get('country') or '?'}, {loc.get('precision') or '?'}; "
             f"{loc.get('lat')}, {loc.get('lon')})") if loc else "—"
    out.print(f"place:     {place}", markup=False)
    flags = [k for k in ("negated", "future", "hypothetical", "historical") if event.get(k)]
    out.print(f"flags:     {', '.join(flags) or 'none'}", markup=False)
    out.print(f"reports:   {event['reports']} sentence(s) in {event['documents']} document(s), "
              f"{event['independent_sources']} independent source(s)", markup=False)
    merged = event.get("merged") or {}
    if len(merged.get("event_ids", [])) > 1:
        out.print(f"merged:    {', '.join(merged['event_ids'])} ({merged.get('rule')})", markup=False)
    out.print("[bold]evidence[/]", markup=True)
    for ev in event["evidence"]:
        info = docs.get(ev["doc_id"]) or {}
        out.print(f"  {ev['doc_path']} [{ev['start']}:{ev['end']}]"
                  f"{' — ' + ev['outlet'] if ev.get('outlet') else ''}"
                  f"{' — published ' + info['published'] if info.get('published') else ''}", markup=False)
        if info.get("published_warning"):
            out.print(f"    ⚠ page date: {info['published_warning']}", markup=False)
        sentence, ts, te = ev["sentence"], ev.get("trigger_start"), ev.get("trigger_end")
        if ts is not None and te is not None and ev["start"] <= ts < te <= ev["end"]:
            a, b = ts - ev["start"], te - ev["start"]
            out.print("    " + sentence[:a], end="", markup=False)
            out.print(sentence[a:b], style="bold underline", end="", markup=False)
            out.print(sentence[b:], markup=False)
        else:
            out.print("    " + sentence, markup=False)
    prov = event.get("provenance") or {}
    out.print("[bold]why coded[/]", markup=True)
    out.print(f"  rule {prov.get('rule')}: trigger {prov.get('trigger')!r} (lemma {prov.get('lemma')!r}) "
              f"matched {prov.get('lexicon')}", markup=False)
    for note in prov.get("notes", []):
        out.print(f"  - {note}", markup=False)


class ListFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


@app.command()
def stories(
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Documents grouped into stories (the same happenings), largest first."""
    with _open(db) as store:
        records = list(store.iter_stories())
    if format is ListFormat.jsonl:
        _write_jsonl(records, out)
        return
    table = _table(f"khaldun stories ({len(records)})", ("story", "docs", "events", "documents"))
    for r in records:
        titles = "\n".join(f"{d['published'] or '????-??-??'} {d['title'] or d['path']}" for d in r["docs"][:5])
        more = f"\n… {len(r['docs']) - 5} more" if len(r["docs"]) > 5 else ""
        table.add_row(r["label"], str(r["documents"]), str(r["events"]), titles + more)
    _print_table(table, out)


@app.command()
def quotes(
    db: DbOption = Path(DEFAULT_DB),
    speaker: Annotated[Optional[str], typer.Option(
        "--speaker", "-s", help="Only quotes of this speaker (a name, surname or variant).")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Who said what: direct, partial and indirect quotes with their speakers, most reported first."""
    with _open(db) as store:
        records = list(store.iter_quotes(speaker))
    if format is ListFormat.jsonl:
        _write_jsonl(records, out)
        return
    table = _table(f"khaldun quotes ({len(records)})", ("speaker", "quote", "cue", "reports", "where"))
    for r in records:
        who = r["speaker"]
        text = r["text"] if r["direct"] and r["kind"] == "direct" else f"({r['kind']}) {r['text']}"
        where = "\n".join(f"{Path(e['doc_path']).name} [{e['start']}:{e['end']}]" for e in r["evidence"][:3])
        table.add_row(f"{who['name']} ({who['country'] or '?'})" if who else "?", text, r["cue"] or "",
                      str(r["reports"]), where)
    _print_table(table, out)


@app.command()
def links(
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Text shared between documents: exact copies, near duplicates and copied passages."""
    with _open(db) as store:
        records = list(store.iter_links(with_paths=True))
    if format is ListFormat.jsonl:
        _write_jsonl(records, out)
        return
    table = _table(f"khaldun links ({len(records)})", ("kind", "score", "document a", "document b"))

    def side(path: str, title: str | None, start: int | None, end: int | None) -> str:
        where = f" [{start}:{end}]" if start is not None else ""
        return f"{title or Path(path).name}{where}"

    for r in records:
        table.add_row(r["kind"], f"{r['score']:.2f}", side(r["a_path"], r["a_title"], r["a_start"], r["a_end"]),
                      side(r["b_path"], r["b_title"], r["b_start"], r["b_end"]))
    _print_table(table, out)


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def _print_table(table: Table, out: Path | None) -> None:
    if out is None:
        Console(highlight=False).print(table)
        return
    with out.open("w", encoding="utf-8") as stream:
        Console(file=stream, highlight=False, width=160).print(table)


def _write_jsonl(records, out: Path | None) -> None:
    stream = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out:
            stream.close()
            err.print(f"{len(records)} records written to {out}")


class GoldFormat(str, Enum):
    auto = "auto"
    petrarch = "petrarch"
    plover = "plover"
    conflibert = "conflibert"
    roles = "roles"
    geo = "geo"


@app.command("eval")
def evaluate(
    goldset: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A gold file (see below).")],
    format: Annotated[GoldFormat, typer.Option("--format", "-f", help="Gold format (auto: from the file).")] =
        GoldFormat.auto,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write the results as JSON.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Score only the first N items.")] = None,
) -> None:
    """Score the coder on a gold set and print a table.

    Formats: PETRARCH2 validation records (PETR.UnitTest.records.xml, with the PETR.Validate.* dictionaries
    beside it), PLOVER gold-standard records (JSON list), ConfliBERT quad-class sentences (TSV) and
    source/target spans (token-per-line BIO), GeoWebNews toponyms (XML).
    """
    from khaldun.eval.run import detect_format, run_eval

    kind = format.value if format is not GoldFormat.auto else detect_format(goldset)
    if kind is None:
        err.print(f"[red]error[/]: cannot tell the format of {goldset}; pass --format")
        raise typer.Exit(2)
    with err.status(f"scoring {goldset.name} ({kind})…"):
        result = run_eval(kind, goldset, limit=limit)
    table = Table(title=f"khaldun eval: {goldset.name} ({kind})", show_header=True)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in _flatten(result):
        table.add_row(key, str(value))
    console = Console()
    console.print(table)
    for key in ("per_type", "per_class"):
        if key in result:
            detail = Table(title=key.replace("_", " "))
            for col in ("label", "precision", "recall", "f1", "support"):
                detail.add_column(col, justify="left" if col == "label" else "right")
            for label, row in result[key].items():
                detail.add_row(label, *(str(row[c]) for c in ("precision", "recall", "f1", "support")))
            console.print(detail)
    if out:
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        err.print(f"results written to {out}")


def _flatten(result: dict, prefix: str = "", depth: int = 0):
    """Scalar metrics, one level of nesting spelled out (per-class tables left to --out)."""
    for key, value in result.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if depth == 0 and all(not isinstance(v, dict) for v in value.values()):
                yield from _flatten(value, f"{name}.", depth + 1)
            continue
        yield name, value


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option("--host", help="Address to listen on (local only by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Browse the database in a web browser: events, timeline, network, map, actors, quotes, stories.

    Opens the database read-only; works offline. The JSON API is under /api.
    """
    import uvicorn

    from khaldun.web import create_app

    if not db.is_file():
        err.print(f"[red]error[/]: database {db} does not exist; run `khaldun run --db {db}` first")
        raise typer.Exit(1)
    err.print(f"khaldun: serving {db} (read-only) at http://{host}:{port}/")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


def _open(db: Path):
    from khaldun.store import Store

    if not db.exists():
        err.print(f"[red]error[/]: database {db} does not exist; run `khaldun run` first")
        raise typer.Exit(1)
    return Store(db, read_only=True)


def main() -> None:  # pragma: no cover
    app()
