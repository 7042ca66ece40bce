-- V1: conversations, their messages, and one row per model call (run).
-- The vector extension is not created here: it may need a superuser, so Database.ensureVectorExtension()
-- creates it before migrations run. Later migrations add more tables; list the main ones in Schema.MAIN_TABLES.

create table conversations (
    id         uuid primary key,
    tenant_id  text        not null default 'default',
    user_id    text        not null default 'local',
    title      text,
    created_at timestamptz not null default now()
);

create table messages (
    id              bigserial primary key,
    conversation_id uuid        not null references conversations on delete cascade,
    role            text        not null check (role in ('system', 'user', 'assistant', 'tool')),
    content         text        not null,
    token_count     int,
    created_at      timestamptz not null default now()
);

create index messages_conversation_id_idx on messages (conversation_id, id);

create table runs (
    id              uuid primary key,
    conversation_id uuid references conversations on delete set null,
    provider        text        not null,
    model           text        not null,
    status          text        not null,
    input_tokens    int,
    output_tokens   int,
    latency_ms      bigint,
    error           text,
    created_at      timestamptz not null default now()
);
