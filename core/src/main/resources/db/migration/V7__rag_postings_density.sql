-- Keyword search scores, per query term, only the postings with the highest term density (tf / length), read in
-- that order from this covering index, instead of every chunk that contains a common term.
create index if not exists rag_postings_density_idx
    on rag_postings (collection_id, term, (tf::float8 / greatest(len, 1)) desc) include (chunk_id, tf, len);
