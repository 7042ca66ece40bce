package dev.maestro.core;

/**
 * Progress of long work (ingest, evaluation, index builds). Library code reports; the CLI draws a bar.
 *
 * <pre>{@code
 * try (Progress.Task task = progress.start("Embedding chunks", chunks.size(), "chunks")) {
 *     for (...) { ...; task.step(1); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface Progress {

    /** Reports nothing: the default for library callers that pass no progress. */
    Progress NONE = (name, total, unit) -> new Task() {
        @Override
        public void step(long n) {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Starts a task.
     *
     * @param total the number of units expected, or -1 when unknown
     * @param unit  what is counted, e.g. "docs", "chunks", "queries"
     */
    Task start(String name, long total, String unit);

    /** One running task; closing it ends the bar. */
    interface Task extends AutoCloseable {

        void step(long n);

        /** A short status shown beside the bar, e.g. the current file. */
        void message(String text);

        @Override
        void close();
    }
}
