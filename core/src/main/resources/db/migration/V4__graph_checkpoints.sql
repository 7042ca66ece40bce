-- V4: LangGraph4j checkpoints, one thread per conversation. State is JSON (never Java serialization).
-- seq orders checkpoints within a thread; the saver keeps only the newest N per thread.

create table graph_checkpoints (
    seq           bigserial primary key,
    id            text        not null unique,
    thread_id     text        not null,
    node_id       text,
    next_node_id  text,
    state         jsonb       not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create index graph_checkpoints_thread_idx on graph_checkpoints (thread_id, seq desc);
