-- V5: the HTTP server (issue 6). Tenants and their API keys, runs made through the API with their events,
-- feedback on answers, and uploaded documents. Conversations stay in the V1 table, whose tenant_id scopes them.

create table api_tenants (
    id         text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    created_at timestamptz not null default now()
);

-- The tenant of requests without a key, on a server that does not require keys (loopback only).
insert into api_tenants (id) values ('default');

-- A key is "mk_<id>_<secret>"; only sha-256(salt || secret) is stored, so a database dump reveals no key.
create table api_keys (
    id           text primary key,
    tenant_id    text        not null references api_tenants,
    name         text        not null default '',
    salt         bytea       not null,
    hash         bytea       not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create index api_keys_tenant_idx on api_keys (tenant_id);

-- One row per turn run through the API (a message or an approval), with its outcome.
create table api_runs (
    id              uuid primary key,
    tenant_id       text        not null,
    conversation_id uuid        not null references conversations on delete cascade,
    kind            text        not null check (kind in ('message', 'approval')),
    question        text        not null,
    status          text        not null check (status in ('running', 'ok', 'interrupted', 'failed', 'cancelled')),
    answer          text,
    agent           text,
    model           text,
    route           text,
    pending_agent   text,
    input_tokens    int,
    output_tokens   int,
    latency_ms      bigint,
    first_token_ms  bigint,
    error           text,
    created_at      timestamptz not null default now(),
    finished_at     timestamptz
);

create index api_runs_conversation_idx on api_runs (conversation_id, created_at);
create index api_runs_tenant_idx on api_runs (tenant_id, created_at desc);

-- A run's graph events in order. Bounded: consecutive tokens of one agent are merged into one row, at most
-- server.events-per-run rows are kept per run, and rows older than server.events-retention are deleted.
create table api_run_events (
    run_id uuid        not null references api_runs on delete cascade,
    seq    int         not null,
    type   text        not null,
    node   text        not null default '',
    at     timestamptz not null,
    data   jsonb       not null default '{}',
    primary key (run_id, seq)
);

create index api_run_events_at_idx on api_run_events (at);

-- Thumbs up (1) or down (-1) on a run's answer; the latest rating of a run wins. Adaptive retrieval reads it.
create table api_feedback (
    run_id     uuid primary key references api_runs on delete cascade,
    tenant_id  text        not null,
    rating     smallint    not null check (rating in (-1, 1)),
    comment    text        not null default '',
    created_at timestamptz not null default now()
);

-- Uploaded documents, kept under server.data-dir and ingested into the tenant's collection.
create table api_documents (
    id         uuid primary key,
    tenant_id  text        not null,
    collection text        not null,
    filename   text        not null,
    bytes      bigint      not null,
    sha256     text        not null,
    path       text        not null,
    status     text        not null check (status in ('accepted', 'ingesting', 'ingested', 'failed')),
    detail     text        not null default '',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create index api_documents_tenant_idx on api_documents (tenant_id, created_at desc);
