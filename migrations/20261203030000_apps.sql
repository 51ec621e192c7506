-- Applications: the normalised model and the source it came from, kept
-- verbatim for re-export.
CREATE TABLE apps (
    name        TEXT PRIMARY KEY NOT NULL,
    spec        TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_text TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
