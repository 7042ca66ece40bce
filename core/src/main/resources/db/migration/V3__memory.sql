-- V3: three-tier conversational memory (issue 4). V2 is reserved for RAG.
-- Short-term: the V1 messages table (extended below). Mid-term: memory_summaries. Long-term: memory_items
-- (facts and episodes with embeddings). Background work: memory_jobs, a durable queue claimed with
-- FOR UPDATE SKIP LOCKED. The embedding dimension (384, e.g. bge-small-en-v1.5) is checked against the
-- embedding model when PostgresMemory is built; a different model needs a new migration.

alter table messages
    add column payload   text,                             -- the LangChain4j message as JSON, for ChatMemoryStore
    add column metadata  jsonb not null default '{}',      -- e.g. the speaker's name, an external turn id
    add column hidden_at timestamptz;                      -- evicted by a ChatMemoryStore caller; kept for the tiers

-- The rolling summary: each row folds messages [from_message_id, to_message_id] of one conversation into the
-- summary; content is the whole rolling summary up to to_message_id. Ranges never overlap (see the unique index
-- and the check in the worker), so nothing is summarised twice.
create table memory_summaries (
    id              bigserial primary key,
    conversation_id uuid        not null references conversations on delete cascade,
    from_message_id bigint      not null,
    to_message_id   bigint      not null,
    message_count   int         not null,
    content         text        not null,
    token_count     int         not null,
    created_at      timestamptz not null default now(),
    check (from_message_id <= to_message_id),
    unique (conversation_id, from_message_id)
);

create index memory_summaries_conversation_idx on memory_summaries (conversation_id, to_message_id desc);

-- Long-term items. A superseded fact keeps its row with valid_to and superseded_by set; nothing is deleted
-- except by an explicit forget.
create table memory_items (
    id                 bigserial primary key,
    tenant_id          text        not null,
    user_id            text        not null,
    conversation_id    uuid        references conversations on delete set null,
    kind               text        not null check (kind in ('fact', 'episode')),
    content            text        not null,
    embedding          vector(384) not null,
    source_message_ids bigint[]    not null default '{}',
    metadata           jsonb       not null default '{}',
    importance         real        not null default 0.5 check (importance >= 0 and importance <= 1),
    created_at         timestamptz not null default now(),
    valid_from         timestamptz not null,
    valid_to           timestamptz,
    superseded_by      bigint      references memory_items on delete set null
);

create index memory_items_embedding_idx on memory_items using hnsw (embedding vector_cosine_ops);
create index memory_items_scope_idx on memory_items (tenant_id, user_id, kind, valid_from desc);
create index memory_items_conversation_idx on memory_items (conversation_id);

-- The durable queue. A claimed job is 'running' until locked_until; a worker that dies leaves it to be
-- claimed again once the lease has expired. Done jobs are deleted; jobs that keep failing end as 'failed'.
create table memory_jobs (
    id              bigserial primary key,
    kind            text        not null check (kind in ('episode', 'summarize', 'extract')),
    conversation_id uuid        not null references conversations on delete cascade,
    message_id      bigint      references messages on delete cascade,
    status          text        not null default 'pending' check (status in ('pending', 'running', 'failed')),
    attempts        int         not null default 0,
    run_after       timestamptz not null default now(),
    locked_by       text,
    locked_until    timestamptz,
    last_error      text,
    created_at      timestamptz not null default now()
);

create index memory_jobs_ready_idx on memory_jobs (status, run_after, id);
-- at most one pending summarize job per conversation
create unique index memory_jobs_one_summarize_idx on memory_jobs (conversation_id) where kind = 'summarize' and status = 'pending';
-- one episode per message, so a job that is run twice (after a lease expired) stores it once
create unique index memory_items_episode_source_idx on memory_items ((source_message_ids[1])) where kind = 'episode';
