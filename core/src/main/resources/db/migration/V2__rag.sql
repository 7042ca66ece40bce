-- V2: retrieval (module rag). Collections of documents cut into chunks, with embeddings, full-text data,
-- BM25 term statistics, relevance feedback and learned policies.
--
-- Embedding dimension: chunks.embedding is an untyped `vector`, so one table serves collections of any
-- dimension. Each collection gets its own partial HNSW index over `embedding::vector(<dim>)` restricted to its
-- rows, created by RagStore when the collection is created (the DDL holds only the collection's numeric id and
-- dimension, never a user string). The dimension is checked against the embedding model on every open.
--
-- BM25 is computed in SQL from rag_postings (term frequency per chunk), rag_terms (document frequency per
-- term) and rag_collections.chunk_count / total_length; ingest keeps all three current in the same
-- transaction as the chunks. Terms are PostgreSQL lexemes (to_tsvector with the collection's text config).

create table rag_collections (
    id              bigserial primary key,
    name            text        not null unique,
    embedding_model text        not null,
    dimension       int         not null check (dimension between 1 and 2000),
    text_config     regconfig   not null default 'english',
    chunk_count     bigint      not null default 0,  -- searchable (leaf) chunks
    total_length    bigint      not null default 0,  -- sum of their lengths in lexemes, for avgdl
    created_at      timestamptz not null default now()
);

create table rag_documents (
    id            bigserial primary key,
    collection_id bigint      not null references rag_collections on delete cascade,
    source        text        not null,  -- absolute path, or path#record-id for .jsonl records
    title         text        not null default '',
    content_hash  text        not null,  -- sha-256 of the parsed text and metadata
    metadata      jsonb       not null default '{}',
    ingested_at   timestamptz not null default now(),
    unique (collection_id, source)
);

-- kind 'section': a parent (heading section or page) kept for context expansion, never searched.
-- kind 'chunk': a token-sized leaf, searched by vector and BM25; parent_id points at its section.
create table rag_chunks (
    id            bigserial primary key,
    collection_id bigint  not null references rag_collections on delete cascade,
    document_id   bigint  not null references rag_documents on delete cascade,
    parent_id     bigint references rag_chunks on delete cascade,
    kind          text    not null check (kind in ('section', 'chunk')),
    ordinal       int     not null,  -- position of the leaf (or section) within its document
    text          text    not null,
    metadata      jsonb   not null default '{}',
    length        int     not null default 0,  -- BM25 document length: lexemes in tsv, repeats counted
    tsv           tsvector,
    embedding     vector
);

create index rag_chunks_document_idx on rag_chunks (document_id, kind, ordinal);
create index rag_chunks_parent_idx on rag_chunks (parent_id);
create index rag_chunks_tsv_idx on rag_chunks using gin (tsv);
create index rag_chunks_metadata_idx on rag_chunks using gin (metadata jsonb_path_ops);

create table rag_terms (
    collection_id bigint not null references rag_collections on delete cascade,
    term          text   not null,
    df            int    not null check (df >= 0),
    primary key (collection_id, term)
);

create table rag_postings (
    collection_id bigint not null,  -- denormalised so a query reads only its own collection's postings
    term          text   not null,
    chunk_id      bigint not null references rag_chunks on delete cascade,
    tf            int    not null,
    len           int    not null,  -- the chunk's length, copied so scoring reads postings only
    primary key (collection_id, term, chunk_id)
);

create index rag_postings_chunk_idx on rag_postings (chunk_id);

-- One row per answer shown to a user (or simulated by the evaluation): which strategy, what was shown and
-- cited, and the reward. Feeds the adaptive bandit and the learned reranker.
create table rag_feedback (
    id            bigserial primary key,
    collection_id bigint      not null references rag_collections on delete cascade,
    query         text        not null,
    features      float8[]    not null,  -- QueryFeatures at answer time, so replay needs no re-computation
    strategy      text        not null,
    shown         bigint[]    not null default '{}',
    cited         bigint[]    not null default '{}',
    reward        float8      not null check (reward between 0 and 1),
    created_at    timestamptz not null default now()
);

create index rag_feedback_collection_idx on rag_feedback (collection_id, id);

-- Learned policies: the adaptive bandit's posterior and the learned reranker's weights, as JSON, versioned.
-- Only the row with active = true is served; a candidate becomes active after its replay check passes.
create table rag_policies (
    id            bigserial primary key,
    collection_id bigint      not null references rag_collections on delete cascade,
    kind          text        not null check (kind in ('bandit', 'ltr')),
    state         jsonb       not null,
    active        boolean     not null default false,
    replay_reward float8,
    replay_events int,
    created_at    timestamptz not null default now()
);

create unique index rag_policies_active_idx on rag_policies (collection_id, kind) where active;
