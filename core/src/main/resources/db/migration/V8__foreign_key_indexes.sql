-- V8: an index behind every foreign key that deletes follow. Without them, forgetting a user scanned memory_items once
-- per deleted item (superseded_by) and memory_jobs once per deleted message: quadratic in the size of a user's memory.
create index memory_items_superseded_by_idx on memory_items (superseded_by) where superseded_by is not null;
create index memory_jobs_message_idx on memory_jobs (message_id) where message_id is not null;
create index memory_jobs_conversation_idx on memory_jobs (conversation_id);
create index runs_conversation_idx on runs (conversation_id) where conversation_id is not null;
create index rag_policies_collection_idx on rag_policies (collection_id);
