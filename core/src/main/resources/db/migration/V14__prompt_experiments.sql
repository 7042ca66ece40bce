-- V14: prompt experiments. Every instance reads the same arms, so traffic, stickiness and the winner agree.
-- Turns answered per arm (its traffic).
create table prompt_experiment_arms (
    experiment_id text   not null,
    version       int    not null,
    turns         bigint not null default 0,
    primary key (experiment_id, version)
);

-- The arm a conversation was first given: it keeps it (sticky) until a winner is declared.
create table prompt_experiment_assignments (
    experiment_id   text        not null,
    conversation_id text        not null,
    version         int         not null,
    created_at      timestamptz not null default now(),
    primary key (experiment_id, conversation_id)
);

-- One vote per answer (vote_key names it, e.g. the run id), so a changed vote replaces the earlier one.
create table prompt_experiment_votes (
    experiment_id text        not null,
    vote_key      text        not null,
    version       int         not null,
    up            boolean     not null,
    created_at    timestamptz not null default now(),
    primary key (experiment_id, vote_key)
);

create table prompt_experiment_winners (
    experiment_id text primary key,
    version       int              not null,
    probability   double precision not null,
    decided_at    timestamptz      not null default now()
);

-- Which system prompt version answered an API run (id@vN, comma-joined when several agents answered).
alter table api_runs add column prompt text;
