"""Numbered schema migrations, applied in order when a project is opened."""

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

    -- Append-only: what a reviewer did is never rewritten or deleted.
    CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions
        BEGIN SELECT RAISE(ABORT, 'resolutions are append-only'); END;
    CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions
        BEGIN SELECT RAISE(ABORT, 'resolutions are append-only'); END;
    CREATE TRIGGER notes_no_update BEFORE UPDATE ON notes
        BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;
    CREATE TRIGGER notes_no_delete BEFORE DELETE ON notes
        BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;
    CREATE TRIGGER tags_no_update BEFORE UPDATE ON tags
        BEGIN SELECT RAISE(ABORT, 'tags are append-only'); END;
    CREATE TRIGGER tags_no_delete BEFORE DELETE ON tags
        BEGIN SELECT RAISE(ABORT, 'tags are append-only'); END;
    CREATE TRIGGER retrieval_no_update BEFORE UPDATE ON retrieval
        BEGIN SELECT RAISE(ABORT, 'retrieval are append-only'); END;
    CREATE TRIGGER retrieval_no_delete BEFORE DELETE ON retrieval
        BEGIN SELECT RAISE(ABORT, 'retrieval are append-only'); END;
    CREATE TRIGGER study_designs_no_update BEFORE UPDATE ON study_designs
        BEGIN SELECT RAISE(ABORT, 'study_designs are append-only'); END;
    CREATE TRIGGER study_designs_no_delete BEFORE DELETE ON study_designs
        BEGIN SELECT RAISE(ABORT, 'study_designs are append-only'); END;
    CREATE TRIGGER appraisals_no_update BEFORE UPDATE ON appraisals
        BEGIN SELECT RAISE(ABORT, 'appraisals are append-only'); END;
    CREATE TRIGGER appraisals_no_delete BEFORE DELETE ON appraisals
        BEGIN SELECT RAISE(ABORT, 'appraisals are append-only'); END;
    CREATE TRIGGER appraisal_resolutions_no_update BEFORE UPDATE ON appraisal_resolutions
        BEGIN SELECT RAISE(ABORT, 'appraisal_resolutions are append-only'); END;
    CREATE TRIGGER appraisal_resolutions_no_delete BEFORE DELETE ON appraisal_resolutions
        BEGIN SELECT RAISE(ABORT, 'appraisal_resolutions are append-only'); END;
    CREATE TRIGGER duplicate_links_no_update BEFORE UPDATE ON duplicate_links
        BEGIN SELECT RAISE(ABORT, 'duplicate_links are append-only'); END;
    CREATE TRIGGER duplicate_links_no_delete BEFORE DELETE ON duplicate_links
        BEGIN SELECT RAISE(ABORT, 'duplicate_links are append-only'); END;
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
    CREATE TRIGGER dedup_decisions_no_update BEFORE UPDATE ON dedup_decisions
        BEGIN SELECT RAISE(ABORT, 'dedup_decisions are append-only'); END;
    CREATE TRIGGER dedup_decisions_no_delete BEFORE DELETE ON dedup_decisions
        BEGIN SELECT RAISE(ABORT, 'dedup_decisions are append-only'); END;

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
    CREATE TRIGGER report_links_no_update BEFORE UPDATE ON report_links
        BEGIN SELECT RAISE(ABORT, 'report_links are append-only'); END;
    CREATE TRIGGER report_links_no_delete BEFORE DELETE ON report_links
        BEGIN SELECT RAISE(ABORT, 'report_links are append-only'); END;
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
    # 5: a team's decision to stop screening a stage by a stopping rule (or to take it back):
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
    CREATE TRIGGER stopping_no_update BEFORE UPDATE ON stopping
        BEGIN SELECT RAISE(ABORT, 'stopping is append-only'); END;
    CREATE TRIGGER stopping_no_delete BEFORE DELETE ON stopping
        BEGIN SELECT RAISE(ABORT, 'stopping is append-only'); END;
    """,
    # 6: what an import skipped or repaired (a line of text between records, an empty record,
    # a BibTeX entry that could not be read, the file's encoding), kept with its source.
    """
    CREATE TABLE source_warnings (
        source_id INTEGER NOT NULL REFERENCES sources(source_id),
        seq INTEGER NOT NULL,
        line INTEGER,
        record INTEGER,
        message TEXT NOT NULL,
        PRIMARY KEY (source_id, seq)
    );
    """,
]
