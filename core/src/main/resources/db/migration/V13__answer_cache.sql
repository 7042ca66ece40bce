-- The semantic answer cache (module cache). An entry is found by its key (scope: tenant, agent, model, prompt
-- version and, for answers that used retrieval, the collection's content version) and then by exact question or
-- by embedding. `embedding` is an untyped vector so models of any dimension fit; each dimension in use gets its
-- own partial HNSW index (answer_cache_hnsw_<dim>, created by the store; 384, the default model's, here).
create table answer_cache (
    id           bigserial primary key,
    tenant_id    text        not null,
    agent        text        not null,
    scope        text        not null,
    question     text        not null,  -- normalised: lower case, single spaces, no trailing punctuation
    answer       text        not null,
    dimension    int,
    embedding    vector,
    hits         bigint      not null default 0,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz not null default now(),
    expires_at   timestamptz not null
);
create index answer_cache_exact_idx on answer_cache (scope, md5(question));
create index answer_cache_used_idx on answer_cache (last_used_at);
create index answer_cache_tenant_idx on answer_cache (tenant_id);
create index answer_cache_hnsw_384 on answer_cache using hnsw ((embedding::vector(384)) vector_cosine_ops) where dimension = 384;

-- What reuses taught each entry: explorations (a fresh answer compared with the entry's) and people's feedback on
-- reused answers. The newest of a scope are the prior of the scope's young entries.
create table answer_cache_observations (
    id         bigserial primary key,
    entry_id   bigint      not null references answer_cache on delete cascade,
    scope      text        not null,
    similarity real        not null,
    correct    boolean     not null,
    source     text        not null check (source in ('exploration', 'feedback')),
    at         timestamptz not null default now()
);
create index answer_cache_observations_entry_idx on answer_cache_observations (entry_id);
create index answer_cache_observations_scope_idx on answer_cache_observations (scope, id desc);

-- A collection's content version rises with every statement that adds, replaces or removes documents, so cached
-- answers that used the collection (their key names the version) stop matching after an ingest that changed it.
alter table rag_collections add column content_version bigint not null default 0;

create function rag_bump_content_version() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        update rag_collections set content_version = content_version + 1 where id in (select distinct collection_id from changed_old);
    else
        update rag_collections set content_version = content_version + 1 where id in (select distinct collection_id from changed_new);
    end if;
    return null;
end $$;

create trigger rag_documents_inserted after insert on rag_documents
    referencing new table as changed_new for each statement execute function rag_bump_content_version();
create trigger rag_documents_deleted after delete on rag_documents
    referencing old table as changed_old for each statement execute function rag_bump_content_version();
