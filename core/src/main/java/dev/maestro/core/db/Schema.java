package dev.maestro.core.db;

import java.util.List;

/**
 * Facts about Maestro's schema. The schema itself is one ordered list of versioned SQL files,
 * {@code V<n>__<what>.sql} in {@value #MIGRATIONS_LOCATION}, applied by Flyway; the app and the tests run the same files.
 *
 * @since 0.1
 */
public final class Schema {

    /** Where the migrations live on the classpath. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    /** The extension {@link Database#ensureVectorExtension()} creates before migrations run. */
    public static final String VECTOR_EXTENSION = "vector";

    /** Tables whose row counts {@link Database#status()} reports, in display order. Add new tables here with their migration. */
    public static final List<String> MAIN_TABLES = List.of(
            "conversations", "messages", "runs",                  // V1
            "rag_collections", "rag_documents", "rag_chunks",     // V2
            "memory_summaries", "memory_items", "memory_jobs",    // V3
            "graph_checkpoints",                                  // V4
            "api_keys", "api_runs",                               // V5
            "graph_tool_calls");                                  // V9

    private Schema() {
    }
}
