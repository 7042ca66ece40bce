-- V6: full-text index for memory's keyword recall (fused with vector recall), so it no longer scans a user's items.
create index memory_items_fts_idx on memory_items using gin (to_tsvector('english', content));
