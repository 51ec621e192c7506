-- The service registry: instances, their health checks, check transitions
-- and the spans during which each instance was registered (for costs).
CREATE TABLE instances (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    port          INTEGER NOT NULL,
    url           TEXT,
    tags          TEXT NOT NULL DEFAULT '[]',
    meta          TEXT NOT NULL DEFAULT '{}',
    hourly_cost   REAL NOT NULL DEFAULT 0,
    source        TEXT NOT NULL,
    container_id  TEXT,
    registered_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX instances_by_name ON instances (name);
CREATE INDEX instances_by_container ON instances (container_id) WHERE container_id IS NOT NULL;

CREATE TABLE checks (
    id                  TEXT PRIMARY KEY NOT NULL,
    instance_id         TEXT NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    target              TEXT NOT NULL,
    interval_ms         INTEGER NOT NULL,
    timeout_ms          INTEGER NOT NULL,
    ttl_ms              INTEGER,
    deregister_after_ms INTEGER,
    status              TEXT NOT NULL,
    output              TEXT NOT NULL DEFAULT '',
    changed_at          INTEGER NOT NULL,
    heartbeat_at        INTEGER
) STRICT;

CREATE INDEX checks_by_instance ON checks (instance_id);

CREATE TABLE check_transitions (
    id       INTEGER PRIMARY KEY,
    check_id TEXT NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    status   TEXT NOT NULL,
    output   TEXT NOT NULL
) STRICT;

CREATE INDEX check_transitions_by_check ON check_transitions (check_id, id);

CREATE TABLE registration_spans (
    id          INTEGER PRIMARY KEY,
    instance_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    hourly_cost REAL NOT NULL,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER
) STRICT;

CREATE INDEX registration_spans_open ON registration_spans (instance_id) WHERE ended_at IS NULL;
