-- V9: the durable record of agents' tool loops, so a turn resumed after a crash (or an approval) replays completed
-- calls instead of running them again. One row per model message that asked for calls and per completed call's
-- result, in order within (conversation, turn, task); a finished turn's rows are deleted.

create table graph_tool_calls (
    conversation_id text        not null,
    turn            text        not null,
    task            text        not null,
    seq             integer     not null,
    message         jsonb       not null,
    created_at      timestamptz not null default now(),
    primary key (conversation_id, turn, task, seq)
);
