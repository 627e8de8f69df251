"""The DuckDB schema of a khaldun store.

Every statement is idempotent (``CREATE TABLE IF NOT EXISTS``) so opening an
existing database for writing is safe.  Offsets are character offsets into
``documents.text``; ``start``/``end`` are quoted because ``END`` is a reserved
word in SQL.  Timestamps are naive UTC.  ``actor_links`` maps actors merged
across documents to their canonical actor (see :meth:`Store.merge_actors`);
an actor without a row there is its own canonical actor.

The cross-document steps are incremental (see :mod:`khaldun.store._actor_merge`,
:mod:`khaldun.store._merge`, :mod:`khaldun.store._quotes`,
:mod:`khaldun.store._stories`).  What they need to find the part a new batch
touches is kept in ``actor_merge_seen`` (each actor as last merged),
``event_blocks`` (each event's merge block as last merged, whether its
document's reuse links were known then, and the days its date may mean),
``merge_actor_links`` and ``merge_doc_copies`` (the actor links and copy
counts the last event merge saw), ``story_pending`` (documents whose story
must be recomputed), ``quote_speakers``, ``quote_keys``, ``quote_key_counts`` and
``quote_prefixes`` (the speaker each quote was last grouped under, the hashed
words it is looked up by, how many grouped quotes hold each of those, and the
rarest of each grouped quote's keys, which another quote saying the same words
must share one of).  A database from
before them has these tables empty, which makes the next run recompute
everything once.  The day spans of ``event_blocks`` came later: a database
from before them gets the columns (``MIGRATIONS``) and its next event merge
records them; so did the key counts and prefixes, which its next quote grouping records.
The tables that grow with the articles stored, but ``documents``, have no primary
key (``UNINDEXED``): a database from before is rebuilt without them when it is
opened for writing.
"""

from __future__ import annotations

import functools
from types import MappingProxyType

import duckdb

TABLES: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS documents (
        doc_id VARCHAR PRIMARY KEY,
        path VARCHAR NOT NULL,
        title VARCHAR,
        title_source VARCHAR,
        published VARCHAR,
        published_source VARCHAR,
        published_warning VARCHAR,
        url VARCHAR,
        outlet VARCHAR,
        source_format VARCHAR,
        line INTEGER,
        external_id VARCHAR,
        text VARCHAR NOT NULL,
        n_chars INTEGER NOT NULL,
        ingested_at TIMESTAMP NOT NULL,
        removed VARCHAR[]
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS sentences (
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS mentions (
        doc_id VARCHAR NOT NULL,
        sentence_index INTEGER,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        label VARCHAR,
        actor_id VARCHAR,
        rule VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS actors (
        actor_id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        kind VARCHAR,
        country VARCHAR,
        sectors VARCHAR[],
        variants VARCHAR[],
        roles JSON,
        mentions INTEGER NOT NULL DEFAULT 0,
        source VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS doc_actors (
        doc_id VARCHAR NOT NULL,
        actor_id VARCHAR NOT NULL,
        mentions INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS actor_links (
        actor_id VARCHAR PRIMARY KEY,
        canonical_id VARCHAR NOT NULL,
        rule VARCHAR NOT NULL,
        score DOUBLE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        mode VARCHAR,
        contexts VARCHAR[],
        cameo VARCHAR,
        quad INTEGER,
        date VARCHAR,
        date_precision VARCHAR,
        date_source VARCHAR,
        location JSON,
        negated BOOLEAN NOT NULL,
        future BOOLEAN NOT NULL,
        hypothetical BOOLEAN NOT NULL,
        historical BOOLEAN NOT NULL,
        confidence DOUBLE,
        provenance JSON
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS event_parties (
        event_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL CHECK (role IN ('actor', 'recipient')),
        position INTEGER NOT NULL,
        text VARCHAR,
        name VARCHAR,
        country VARCHAR,
        sectors VARCHAR[],
        actor_id VARCHAR,
        "start" INTEGER,
        "end" INTEGER
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS evidence (
        event_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        doc_id VARCHAR NOT NULL,
        doc_path VARCHAR,
        outlet VARCHAR,
        sentence VARCHAR NOT NULL,
        "start" INTEGER,
        "end" INTEGER,
        trigger_start INTEGER,
        trigger_end INTEGER
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quotes (
        quote_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind VARCHAR NOT NULL,
        speaker_text VARCHAR,
        speaker_name VARCHAR,
        speaker_country VARCHAR,
        speaker_sectors VARCHAR[],
        speaker_actor_id VARCHAR,
        speaker_start INTEGER,
        speaker_end INTEGER,
        cue VARCHAR,
        cue_start INTEGER,
        cue_end INTEGER,
        sentence_index INTEGER,
        rule VARCHAR,
        confidence DOUBLE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS document_copies (
        doc_id VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        line INTEGER,
        url VARCHAR,
        outlet VARCHAR,
        published VARCHAR,
        seen_at TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS doc_fingerprints (
        doc_id VARCHAR NOT NULL,
        fingerprint BLOB NOT NULL,
        linked BOOLEAN NOT NULL DEFAULT false,
        keyed BOOLEAN DEFAULT false  -- its lookup keys are in doc_reach_keys
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS doc_reach_keys (
        doc_id VARCHAR NOT NULL,
        kind TINYINT NOT NULL,
        "key" BIGINT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS doc_links (
        doc_a VARCHAR NOT NULL,
        doc_b VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        score DOUBLE,
        a_start INTEGER,
        a_end INTEGER,
        b_start INTEGER,
        b_end INTEGER
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS event_links (
        event_id VARCHAR NOT NULL,
        merged_id VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS merged_events (
        merged_id VARCHAR NOT NULL,
        reports INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        independent_sources INTEGER NOT NULL,
        date VARCHAR,
        date_precision VARCHAR,
        date_source VARCHAR,
        location JSON,
        rule VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quote_groups (
        group_id VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        kind VARCHAR,
        cue VARCHAR,
        speaker_name VARCHAR,
        speaker_country VARCHAR,
        speaker_actor_id VARCHAR,
        reports INTEGER NOT NULL,
        documents INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quote_links (
        quote_id VARCHAR NOT NULL,
        group_id VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS stories (
        story_id VARCHAR PRIMARY KEY,
        label VARCHAR NOT NULL,
        documents INTEGER NOT NULL,
        events INTEGER NOT NULL,
        first_date VARCHAR,
        last_date VARCHAR,
        actors JSON,
        event_types JSON,
        places JSON
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS story_documents (
        doc_id VARCHAR NOT NULL,
        story_id VARCHAR NOT NULL
    )
    """,
    # -- what the incremental cross-document steps remember between runs --
    """
    CREATE TABLE IF NOT EXISTS actor_merge_seen (
        actor_id VARCHAR PRIMARY KEY,
        signature VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS event_blocks (
        event_id VARCHAR NOT NULL,
        block VARCHAR NOT NULL,
        linked BOOLEAN NOT NULL,
        first_day INTEGER,  -- the days its date may mean, as day numbers (date.toordinal);
        last_day INTEGER    -- an undated event spans every day; NULL: not recorded yet
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS merge_actor_links (
        actor_id VARCHAR PRIMARY KEY,
        canonical_id VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS merge_doc_copies (
        doc_id VARCHAR PRIMARY KEY,
        copies INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS story_pending (
        doc_id VARCHAR PRIMARY KEY
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quote_speakers (
        quote_id VARCHAR NOT NULL,
        canonical_id VARCHAR,
        n_keys INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quote_keys (
        quote_id VARCHAR NOT NULL,
        "key" BIGINT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quote_key_counts (
        "key" BIGINT NOT NULL,
        holders INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quote_prefixes (
        quote_id VARCHAR NOT NULL,
        "key" BIGINT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS problems (
        run_id VARCHAR,
        path VARCHAR NOT NULL,
        line INTEGER,
        reason VARCHAR NOT NULL,
        seen_at TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        args JSON,
        summary JSON
    )
    """,
)

#: Columns added after a table was first released: older databases gain them on opening.
MIGRATIONS: tuple[str, ...] = (
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS published_warning VARCHAR",
    "ALTER TABLE doc_fingerprints ADD COLUMN IF NOT EXISTS keyed BOOLEAN DEFAULT false",
    "ALTER TABLE event_blocks ADD COLUMN IF NOT EXISTS first_day INTEGER",
    "ALTER TABLE event_blocks ADD COLUMN IF NOT EXISTS last_day INTEGER",
)


#: Tables that grow with the articles stored (sentences, events and their parts, quotes, and what
#: the cross-document steps keep of them), declared without a primary key.  DuckDB keeps a key's
#: index (an ART) in memory: inserting ids that are hashes touches all of it, and it cannot be
#: evicted, so a database's writes fail once its indexes outgrow the memory limit.  Coding
#: 20,000 full articles left 123 MB of these indexes in DuckDB's 256 MB; a later run into that
#: database within 128 MB failed.  Their ids are unique by construction (hashes of the
#: document's id, which the store checks before writing a document) or by the step writing them.
#: ``documents`` keeps its key: it is how a run asks whether a document is stored.
UNINDEXED: tuple[str, ...] = (
    "sentences", "doc_actors", "events", "event_parties", "evidence", "quotes", "event_links",
    "merged_events", "quote_groups", "quote_links", "event_blocks", "quote_speakers", "quote_key_counts",
    "quote_prefixes", "doc_fingerprints", "story_documents",
)


#: The tables the cross-document steps write (besides ``doc_links``), with the columns that say
#: what they hold: their ids are deterministic, so two databases coded alike compare equal on these.
CROSS_DOCUMENT_COLUMNS: dict[str, str] = {
    "actor_links": "actor_id, canonical_id, rule, score",
    "event_links": "event_id, merged_id",
    "merged_events": "merged_id, reports, documents, independent_sources, date, date_precision, "
                     "date_source, location::VARCHAR, rule",
    "quote_groups": "group_id, text, kind, cue, speaker_name, speaker_country, speaker_actor_id, "
                    "reports, documents",
    "quote_links": "quote_id, group_id",
    "stories": "story_id, label, documents, events, first_date, last_date, actors::VARCHAR, "
               "event_types::VARCHAR, places::VARCHAR",
    "story_documents": "doc_id, story_id",
}  # fmt: skip


def create_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet, in one transaction."""
    conn.execute("BEGIN TRANSACTION")
    try:
        for statement in TABLES:
            conn.execute(statement)
        for statement in MIGRATIONS:
            conn.execute(statement)
        keyed = {row[0] for row in conn.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
        for table in UNINDEXED:
            if table in keyed:
                _drop_primary_key(conn, table)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _drop_primary_key(conn: duckdb.DuckDBPyConnection, table: str) -> None:
    """Rebuild ``table`` without the primary key an older database declared for it (DuckDB
    cannot drop a constraint): the same rows, by column name, in a table made by :data:`TABLES`."""
    (create,) = [t for t in TABLES if f"CREATE TABLE IF NOT EXISTS {table} (" in t]
    conn.execute(f"ALTER TABLE {table} RENAME TO _khaldun_keyed_{table}")
    conn.execute(create)
    conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _khaldun_keyed_{table}")
    conn.execute(f"DROP TABLE _khaldun_keyed_{table}")


@functools.cache
def schema_column_types() -> MappingProxyType[str, MappingProxyType[str, str]]:
    """The SQL type of every column of every table of the schema (worked out once, in memory).

    A constant of the schema: what :func:`khaldun.store._sql.insert_rows` casts
    to, without asking a database's catalogue before every insert.
    """
    conn = duckdb.connect(":memory:")
    try:
        create_schema(conn)
        rows = conn.execute("SELECT table_name, column_name, data_type FROM duckdb_columns()").fetchall()
    finally:
        conn.close()
    types: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        types.setdefault(table, {})[column] = data_type
    return MappingProxyType({table: MappingProxyType(cols) for table, cols in types.items()})


def has_table(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the database has the table (one of ours)."""
    found = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])
