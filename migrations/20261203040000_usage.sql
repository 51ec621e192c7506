-- Measured resource use per container and time bucket (a minute while
-- recent, an hour once rolled up), each container's last counters so
-- measuring resumes exactly after Berth restarts, and the price lists with
-- the moment each took effect.
CREATE TABLE usage (
    container_id       TEXT NOT NULL,
    container_name     TEXT NOT NULL,
    app                TEXT,
    service            TEXT,
    hourly_cost        REAL NOT NULL DEFAULT 0,
    bucket             INTEGER NOT NULL,
    bucket_ms          INTEGER NOT NULL,
    core_seconds       REAL NOT NULL,
    gib_seconds        REAL NOT NULL,
    seconds            REAL NOT NULL,
    limit_core_seconds REAL,
    limit_gib_seconds  REAL,
    PRIMARY KEY (container_id, bucket_ms, bucket)
) STRICT;

CREATE INDEX usage_by_bucket ON usage (bucket);

CREATE TABLE usage_last (
    container_id TEXT PRIMARY KEY NOT NULL,
    at           INTEGER NOT NULL,
    cpu_total_ns INTEGER NOT NULL,
    memory_bytes INTEGER NOT NULL
) STRICT;

CREATE TABLE price_periods (
    effective_from INTEGER PRIMARY KEY NOT NULL,
    prices         TEXT NOT NULL
) STRICT;
