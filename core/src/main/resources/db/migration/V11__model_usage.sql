-- V11: tokens and cost of every model call of every turn (chat, ask, serve alike), for usage reports and per-tenant
-- daily budgets. cost_usd is null when the price table has no price for the model: unknown, never 0.
create table model_usage (
    id              bigserial primary key,
    tenant_id       text        not null,
    conversation_id uuid,
    agent           text        not null,
    model           text        not null,
    input_tokens    int         not null,
    output_tokens   int         not null,
    cost_usd        numeric(18, 8),
    created_at      timestamptz not null default now()
);

create index model_usage_tenant_time_idx on model_usage (tenant_id, created_at);
