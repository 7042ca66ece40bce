-- Embeddings of texts that rarely change (the agents' example requests), by embedding model and text, so a start
-- embeds only the examples it has not seen. real[] rather than vector: models differ in dimension.
create table embedding_cache (
    model      text        not null,
    text_hash  bytea       not null,
    embedding  real[]      not null,
    created_at timestamptz not null default now(),
    primary key (model, text_hash)
);
