"""Numbered schema migrations, the same for SQLite and PostgreSQL, applied in order on open.

Each migration is its tables and indexes in SQLite's words (schema_postgres rewrites the types
for PostgreSQL) and the tables it makes append-only; each dialect adds its own triggers,
functions and policies (schema_sqlite, schema_postgres).
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE sources (
        source_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        searched TEXT,
        query TEXT,
        file_name TEXT,
        sha256 TEXT,
        format TEXT,
        records_read INTEGER NOT NULL DEFAULT 0,
        reported_count INTEGER,
        note TEXT,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX sources_sha256 ON sources(sha256);

    CREATE TABLE records (
        record_id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(source_id),
        position INTEGER NOT NULL,
        line INTEGER,
        source_record_id TEXT,
        title TEXT,
        abstract TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        year INTEGER,
        journal TEXT,
        volume TEXT,
        issue TEXT,
        pages TEXT,
        doi TEXT,
        pmid TEXT,
        issn TEXT,
        isbn TEXT,
        keywords TEXT NOT NULL DEFAULT '[]',
        url TEXT,
        type TEXT,
        language TEXT,
        publisher TEXT,
        raw TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX records_source ON records(source_id, position);
    CREATE INDEX records_doi ON records(doi) WHERE doi IS NOT NULL;
    CREATE INDEX records_pmid ON records(pmid) WHERE pmid IS NOT NULL;

    CREATE TABLE duplicate_links (
        link_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        canonical_id INTEGER REFERENCES records(record_id),
        method TEXT NOT NULL,
        score REAL,
        decided_by TEXT NOT NULL,
        time TEXT NOT NULL
    );
    CREATE INDEX duplicate_links_record ON duplicate_links(record_id, link_id);

    CREATE TABLE decisions (
        decision_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        stage TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('include', 'exclude', 'unsure') OR decision IS NULL),
        reason TEXT,
        note TEXT,
        action TEXT NOT NULL DEFAULT 'decide',
        time TEXT NOT NULL
    );
    CREATE INDEX decisions_lookup ON decisions(stage, reviewer, record_id, decision_id);

    CREATE TABLE resolutions (
        resolution_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        stage TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude', 'unsure')),
        reason TEXT,
        method TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        note TEXT,
        time TEXT NOT NULL
    );
    CREATE INDEX resolutions_lookup ON resolutions(stage, record_id, resolution_id);

    CREATE TABLE notes (
        note_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        stage TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        note TEXT NOT NULL,
        time TEXT NOT NULL
    );
    CREATE INDEX notes_lookup ON notes(record_id, reviewer);

    CREATE TABLE tags (
        tag_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        reviewer TEXT NOT NULL,
        tag TEXT NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        time TEXT NOT NULL
    );
    CREATE INDEX tags_lookup ON tags(record_id, reviewer);

    CREATE TABLE retrieval (
        retrieval_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        status TEXT NOT NULL CHECK (status IN ('sought', 'retrieved', 'not-retrieved')),
        location TEXT,
        reason TEXT,
        decided_by TEXT NOT NULL,
        time TEXT NOT NULL
    );
    CREATE INDEX retrieval_lookup ON retrieval(record_id, retrieval_id);

    CREATE TABLE study_designs (
        design_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        reviewer TEXT NOT NULL,
        design TEXT NOT NULL,
        time TEXT NOT NULL
    );

    CREATE TABLE appraisals (
        appraisal_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        checklist TEXT NOT NULL,
        item TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        answer TEXT,
        justification TEXT,
        quote TEXT,
        value REAL,
        time TEXT NOT NULL
    );
    CREATE INDEX appraisals_lookup ON appraisals(record_id, checklist, item, reviewer);

    CREATE TABLE appraisal_resolutions (
        resolution_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        checklist TEXT NOT NULL,
        item TEXT NOT NULL,
        answer TEXT NOT NULL,
        method TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        note TEXT,
        time TEXT NOT NULL
    );

    """,
    # 2: duplicate decisions by hand and the queue of possible pairs; reports linked to studies.
    """
    CREATE TABLE dedup_decisions (
        decision_id INTEGER PRIMARY KEY,
        record_a INTEGER NOT NULL REFERENCES records(record_id),
        record_b INTEGER NOT NULL REFERENCES records(record_id),
        duplicate INTEGER NOT NULL,
        decided_by TEXT NOT NULL,
        time TEXT NOT NULL
    );
    CREATE INDEX dedup_decisions_pair ON dedup_decisions(record_a, record_b);

    -- The pairs found by the latest dedup run: a cache, rebuilt by every run.
    CREATE TABLE dedup_queue (
        record_a INTEGER NOT NULL REFERENCES records(record_id),
        record_b INTEGER NOT NULL REFERENCES records(record_id),
        verdict TEXT NOT NULL,
        score REAL,
        method TEXT,
        reason TEXT,
        found TEXT NOT NULL,
        PRIMARY KEY (record_a, record_b)
    );

    CREATE TABLE report_links (
        link_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        study_id INTEGER REFERENCES records(record_id),
        decided_by TEXT NOT NULL,
        time TEXT NOT NULL
    );
    CREATE INDEX report_links_record ON report_links(record_id, link_id);
    """,
    # 3: a record's own text from the file (line-based formats), so its tag dictionary is not
    # stored again as JSON. When the abstract appears in it verbatim, the abstract is cut out
    # (it is in the abstract column) and abstract_at says where it goes back.
    # Also: decisions by record, for the blinding check on one record.
    """
    ALTER TABLE records ADD COLUMN original TEXT;
    ALTER TABLE records ADD COLUMN abstract_at INTEGER;
    CREATE INDEX decisions_record ON decisions(record_id, stage, decision_id);
    """,
    # 4: the agreed number of an appraisal item with a numeric field (a response rate the
    # reviewers extracted differently).
    """
    ALTER TABLE appraisal_resolutions ADD COLUMN value REAL;
    """,
    # 5: the project's settings (its owner, whether screening is blind, the protocol's text) and
    # its team (each reviewer's name tied to a database role, on PostgreSQL); the database
    # stamped as a review project; records, sources and every history table guarded against
    # REPLACE and rewriting (the dialects' own parts).
    """
    CREATE TABLE project_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE team (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL UNIQUE,
        added_by TEXT NOT NULL,
        time TEXT NOT NULL
    );
    """,
    # 6: a team's decision to stop screening a stage by a stopping rule (or to take it back):
    # records nobody has decided are then excluded by the rule.
    """
    CREATE TABLE stopping (
        stop_id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('stop', 'undo')),
        rule TEXT,
        figures TEXT,
        decided_by TEXT NOT NULL,
        time TEXT NOT NULL
    );
    """,
    # 7: the app's additions: each reviewer's overall judgement of a study (the agreed one is
    # an appraisal_resolutions row of the checklist '(overall)'), and resolutions taken back
    # (undo in the reconciliation view: the resolution before it counts again).
    """
    CREATE TABLE overall_judgements (
        judgement_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(record_id),
        reviewer TEXT NOT NULL,
        judgement TEXT,
        justification TEXT,
        time TEXT NOT NULL
    );
    CREATE INDEX overall_judgements_record ON overall_judgements(record_id, judgement_id);
    CREATE TABLE resolution_withdrawals (
        withdrawal_id INTEGER PRIMARY KEY,
        resolution_id INTEGER NOT NULL REFERENCES resolutions(resolution_id),
        withdrawn_by TEXT NOT NULL,
        time TEXT NOT NULL
    );
    """,
    # 8: what an import skipped or repaired (a line of text between records, an empty record,
    # a BibTeX entry that could not be read, the file's encoding), kept with its source.
    """
    CREATE TABLE source_warnings (
        warning_id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(source_id),
        line INTEGER,
        record INTEGER,
        message TEXT NOT NULL
    );
    CREATE INDEX source_warnings_source ON source_warnings(source_id, warning_id);
    """,
    # 9: on PostgreSQL, every guard function's search_path pinned to the project's schema with
    # pg_temp last, so that a reviewer's temporary tables (a project_settings naming it the
    # owner, a team naming it another reviewer) cannot stand in for the project's (see
    # schema_postgres.PIN, which every PostgreSQL migration ends with). Nothing on SQLite.
    """
    -- no tables
    """,
]

# The tables each migration makes append-only: the database refuses UPDATE and DELETE.
APPEND_ONLY: list[tuple[str, ...]] = [
    ("decisions", "resolutions", "notes", "tags", "retrieval", "study_designs", "appraisals",
     "appraisal_resolutions", "duplicate_links"),
    ("dedup_decisions", "report_links"),
    (),
    (),
    (),
    ("stopping",),
    ("overall_judgements", "resolution_withdrawals"),
    ("source_warnings",),
    (),
]  # fmt: skip
HISTORY = tuple(table for tables in APPEND_ONLY for table in tables)

# Every table, parents first (the order a copy writes them in), with its key (None: none).
TABLES: dict[str, str | None] = {
    "sources": "source_id",
    "records": "record_id",
    "duplicate_links": "link_id",
    "decisions": "decision_id",
    "resolutions": "resolution_id",
    "notes": "note_id",
    "tags": "tag_id",
    "retrieval": "retrieval_id",
    "study_designs": "design_id",
    "appraisals": "appraisal_id",
    "appraisal_resolutions": "resolution_id",
    "dedup_decisions": "decision_id",
    "dedup_queue": None,
    "report_links": "link_id",
    "project_settings": None,
    "team": None,
    "stopping": "stop_id",
    "overall_judgements": "judgement_id",
    "resolution_withdrawals": "withdrawal_id",
    "source_warnings": "warning_id",
}

# The column of each history table that names who did it; True: the tool's own names
# ('auto', 'cli') may stand there too (a merge made by `dedup --auto`).
NAMED_BY: dict[str, tuple[str, bool]] = {
    "decisions": ("reviewer", False),
    "resolutions": ("decided_by", False),
    "notes": ("reviewer", False),
    "tags": ("reviewer", False),
    "retrieval": ("decided_by", False),
    "study_designs": ("reviewer", False),
    "appraisals": ("reviewer", False),
    "appraisal_resolutions": ("decided_by", False),
    "duplicate_links": ("decided_by", True),
    "dedup_decisions": ("decided_by", True),
    "report_links": ("decided_by", True),
    "stopping": ("decided_by", False),
    "overall_judgements": ("reviewer", False),
    "resolution_withdrawals": ("withdrawn_by", False),
}
