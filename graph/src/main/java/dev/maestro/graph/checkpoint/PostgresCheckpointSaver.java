package dev.maestro.graph.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.checkpoint.BaseCheckpointSaver;
import org.bsc.langgraph4j.checkpoint.Checkpoint;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * LangGraph4j checkpoints in PostgreSQL (table {@code graph_checkpoints}, migration V4).
 * <ul>
 *   <li>State is stored as JSON: values must be JSON-native (strings, numbers, booleans, lists, maps).</li>
 *   <li>Write-behind: {@link #put} hands a new checkpoint to one writer thread and returns; the writer stores whatever
 *   has queued up in one transaction. Reads of a thread, and {@link #flush(String)}, wait for its queued checkpoints
 *   first, so a reader always sees its own writes. The writer waits {@value #GATHER_MS} ms for more checkpoints
 *   before it writes, unless someone flushes. {@link dev.maestro.graph.MaestroGraph} flushes before it releases a
 *   conversation, so another process taking the conversation next sees the whole turn. A crash loses at most the
 *   checkpoints of the last few tens of milliseconds: the turn then resumes from an earlier node.</li>
 *   <li>Only a batch holding a turn's last checkpoint waits for the disk on commit; see {@code endsTurn}.</li>
 *   <li>Retention: after each write only the newest {@code keepPerThread} checkpoints of the thread remain.</li>
 * </ul>
 *
 * @since 0.1
 */
public final class PostgresCheckpointSaver implements BaseCheckpointSaver {

    /** Default number of checkpoints kept per thread. */
    public static final int DEFAULT_KEEP_PER_THREAD = 20;

    private static final TypeReference<Map<String, Object>> STATE = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, node_id, next_node_id, state::text";
    /** See {@link #insert}. */
    private static final String STORE = """
            with input as (select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                  with ordinality as t(id, thread_id, node_id, next_node_id, state, ord)),
                 ranked as (select *, row_number() over (partition by thread_id order by ord desc) as newest from input),
                 inserted as (insert into graph_checkpoints (id, thread_id, node_id, next_node_id, state)
                              select id, thread_id, node_id, next_node_id, state::jsonb from ranked where newest <= ? order by ord),
                 counts as (select thread_id, count(*) as n from input group by thread_id),
                 pruned as (delete from graph_checkpoints g using counts
                            where g.thread_id = counts.thread_id
                              and g.seq <= (select x.seq from graph_checkpoints x where x.thread_id = counts.thread_id
                                            order by x.seq desc offset greatest(? - counts.n, 0) limit 1)),
                 durability as (select set_config('synchronous_commit', ?, true))
            select 1 from durability""";

    private final DataSource dataSource;
    private final int keepPerThread;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "maestro-checkpoint-writer");
        t.setDaemon(true);
        return t;
    });
    /** Checkpoints waiting for the writer, oldest first; guarded by itself. */
    private final List<Pending> queue = new ArrayList<>();
    /** Per thread, the write of its newest queued checkpoint; guarded by {@link #queue}. */
    private final Map<String, CompletableFuture<Void>> newestWrite = new HashMap<>();
    /**
     * The writer's run at the end of the gathering time, while checkpoints are queued; guarded by {@link #queue}. A
     * flush that empties the queue cancels it, so it cannot fire early into the next turn's gathering time.
     */
    private ScheduledFuture<?> gathering;

    private record Pending(String thread, Checkpoint checkpoint, String state, CompletableFuture<Void> written) {
    }

    /** A stored checkpoint with its state still as JSON, so each reader gets its own copy. */
    private record Row(String id, String nodeId, String nextNodeId, String state) {
    }

    private static final Row UNREAD = new Row("", "", "", "");
    private static final Row NO_CHECKPOINT = new Row("", "", "", "");

    /** The newest checkpoint of each pinned thread, known without asking the database; {@link #UNREAD} until read. */
    private final Map<String, Row> pinned = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How long the writer lets checkpoints gather before it stores them: the nodes of a fast turn go in one
     * transaction (at the latest when the turn flushes), those of a slow one are stored about this long after each node.
     */
    public static final long GATHER_MS = 20;

    private PostgresCheckpointSaver(Builder builder) {
        this.dataSource = Ensure.notNull(builder.dataSource, "dataSource");
        this.keepPerThread = builder.keepPerThread == null ? DEFAULT_KEEP_PER_THREAD : Ensure.positive(builder.keepPerThread, "keepPerThread");
        writer.setKeepAliveTime(30, TimeUnit.SECONDS);
        writer.allowCoreThreadTimeOut(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The database the checkpoints go to. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Collection<Checkpoint> list(RunnableConfig config) {
        String thread = threadId(config);
        flush(thread);
        return query("listing checkpoints of thread " + thread,
                "select " + COLUMNS + " from graph_checkpoints where thread_id = ? order by seq desc", thread);
    }

    @Override
    public Optional<Checkpoint> get(RunnableConfig config) {
        String thread = threadId(config);
        flush(thread);
        if (config.checkPointId().isPresent()) {
            String id = config.checkPointId().get();
            return query("reading checkpoint " + id + " of thread " + thread,
                    "select " + COLUMNS + " from graph_checkpoints where thread_id = ? and id = ?", thread, id).stream().findFirst();
        }
        Row known = pinned.get(thread);
        if (known != null && known != UNREAD) {
            return known == NO_CHECKPOINT ? Optional.empty() : Optional.of(checkpoint(known, "reading the last checkpoint of thread " + thread));
        }
        Optional<Row> last = rows("reading the last checkpoint of thread " + thread,
                "select " + COLUMNS + " from graph_checkpoints where thread_id = ? order by seq desc limit 1", thread).stream().findFirst();
        if (known != null) {
            pinned.replace(thread, UNREAD, last.orElse(NO_CHECKPOINT));
        }
        return last.map(r -> checkpoint(r, "reading the last checkpoint of thread " + thread));
    }

    /**
     * Declares that this process alone writes {@code thread} until {@link #unpin}: its newest checkpoint is then read
     * from the database once and otherwise known from this saver's own writes. Call it while holding the conversation.
     */
    public void pin(String thread) {
        pinned.put(Ensure.notBlank(thread, "thread"), UNREAD);
    }

    public void unpin(String thread) {
        pinned.remove(thread);
    }

    @Override
    public RunnableConfig put(RunnableConfig config, Checkpoint checkpoint) {
        String thread = threadId(config);
        String state = toJson(checkpoint, thread);
        if (config.checkPointId().isPresent()) {
            flush(thread);
            pinned.computeIfPresent(thread, (t, old) -> UNREAD); // it may not have been the newest
            replace(thread, config.checkPointId().get(), checkpoint, state);
            return config;
        }
        pinned.computeIfPresent(thread, (t, old) -> new Row(checkpoint.getId(), checkpoint.getNodeId(), checkpoint.getNextNodeId(), state));
        Pending pending = new Pending(thread, checkpoint, state, new CompletableFuture<>());
        synchronized (queue) {
            queue.add(pending);
            newestWrite.put(thread, pending.written());
            if (gathering == null) {
                gathering = writer.schedule(this::drain, GATHER_MS, TimeUnit.MILLISECONDS);
            }
        }
        return RunnableConfig.builder(config).checkPointId(checkpoint.getId()).build();
    }

    /**
     * Waits until every checkpoint of {@code thread} handed to {@link #put} is stored.
     *
     * @throws DatabaseException when storing one of them failed
     */
    public void flush(String thread) {
        CompletableFuture<Void> newest;
        synchronized (queue) {
            newest = newestWrite.get(thread);
        }
        if (newest == null) {
            return;
        }
        if (!newest.isDone()) {
            writer.execute(this::drain); // now, not when the gathering time is up; drains run one at a time
        }
        try {
            newest.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof DatabaseException d ? d
                    : new DatabaseException("Cannot save checkpoints of thread " + thread + ": " + e.getCause(), e.getCause());
        } finally {
            synchronized (queue) {
                newestWrite.remove(thread, newest);
            }
        }
    }

    /**
     * Stores everything queued, batch by batch, until the queue is empty (on the writer thread). A flush may run it
     * before the scheduled run: emptying the queue cancels that run, so the next checkpoints gather afresh.
     */
    private void drain() {
        while (true) {
            List<Pending> batch;
            synchronized (queue) {
                if (queue.isEmpty()) {
                    if (gathering != null) {
                        gathering.cancel(false);
                        gathering = null;
                    }
                    return;
                }
                batch = List.copyOf(queue);
                queue.clear();
            }
            try {
                insert(batch);
                batch.forEach(p -> p.written().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(p -> p.written().completeExceptionally(e));
            }
        }
    }

    /**
     * Stores a batch in one statement, so one round trip and no explicit transaction: the checkpoints (at most the
     * newest {@code keepPerThread} of a thread, as older ones would be pruned at once), and the pruning of each
     * thread's older checkpoints beyond {@code keepPerThread}, counting the new ones.
     */
    private void insert(List<Pending> batch) {
        Set<String> threads = new LinkedHashSet<>();
        batch.forEach(p -> threads.add(p.thread()));
        int n = batch.size();
        String[] ids = new String[n];
        String[] threadIds = new String[n];
        String[] nodeIds = new String[n];
        String[] nextNodeIds = new String[n];
        String[] states = new String[n];
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            ids[i] = p.checkpoint().getId();
            threadIds[i] = p.thread();
            nodeIds[i] = p.checkpoint().getNodeId();
            nextNodeIds[i] = p.checkpoint().getNextNodeId();
            states[i] = p.state();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(STORE)) {
            st.setArray(1, c.createArrayOf("text", ids));
            st.setArray(2, c.createArrayOf("text", threadIds));
            st.setArray(3, c.createArrayOf("text", nodeIds));
            st.setArray(4, c.createArrayOf("text", nextNodeIds));
            st.setArray(5, c.createArrayOf("text", states));
            st.setInt(6, keepPerThread);
            st.setInt(7, keepPerThread);
            st.setString(8, endsTurn(batch) ? "on" : "off");
            st.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseException("Cannot save " + batch.size() + " checkpoints of threads " + threads + ": " + e.getMessage(), e);
        }
    }

    /**
     * Only the checkpoint that ends a turn waits for the disk; its commit also makes every earlier one durable. The
     * checkpoints between nodes are committed without waiting (PostgreSQL's {@code synchronous_commit = off}): visible
     * at once, and if the database server crashes within a fraction of a second, the turn resumes from an earlier node.
     */
    private static boolean endsTurn(List<Pending> batch) {
        for (Pending p : batch) {
            if (org.bsc.langgraph4j.StateGraph.END.equals(p.checkpoint().getNextNodeId())) {
                return true;
            }
        }
        return false;
    }

    private void replace(String thread, String id, Checkpoint checkpoint, String state) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("update graph_checkpoints set id = ?, node_id = ?, next_node_id = ?,"
                     + " state = ?::jsonb, updated_at = now() where thread_id = ? and id = ?")) {
            st.setString(1, checkpoint.getId());
            st.setString(2, checkpoint.getNodeId());
            st.setString(3, checkpoint.getNextNodeId());
            st.setString(4, state);
            st.setString(5, thread);
            st.setString(6, id);
            if (st.executeUpdate() == 0) {
                throw new NoSuchElementException("Checkpoint with id " + id + " not found in thread " + thread);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot save checkpoint " + checkpoint.getId() + " of thread " + thread + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Tag release(RunnableConfig config) {
        String thread = threadId(config);
        flush(thread);
        pinned.computeIfPresent(thread, (t, old) -> UNREAD);
        Collection<Checkpoint> released = list(config);
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("delete from graph_checkpoints where thread_id = ?")) {
            st.setString(1, thread);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("Cannot release checkpoints of thread " + thread + ": " + e.getMessage(), e);
        }
        return new Tag(thread, released);
    }

    private List<Checkpoint> query(String what, String sql, String... params) {
        return rows(what, sql, params).stream().map(r -> checkpoint(r, what)).toList();
    }

    private List<Row> rows(String what, String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Failed " + what + ": " + e.getMessage(), e);
        }
    }

    private Checkpoint checkpoint(Row row, String what) {
        return Checkpoint.builder().id(row.id()).nodeId(row.nodeId()).nextNodeId(row.nextNodeId()).state(fromJson(row.state(), what)).build();
    }

    private String toJson(Checkpoint checkpoint, String thread) {
        try {
            return json.writeValueAsString(checkpoint.getState());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Checkpoint state of thread " + thread + " is not JSON-serialisable (keys "
                    + checkpoint.getState().keySet() + "): keep state values to strings, numbers, booleans, lists and maps", e);
        }
    }

    private Map<String, Object> fromJson(String text, String what) {
        try {
            return json.readValue(text, STATE);
        } catch (JsonProcessingException e) {
            throw new DatabaseException("Corrupt checkpoint state while " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    public static final class Builder {
        private DataSource dataSource;
        private Integer keepPerThread;

        private Builder() {
        }

        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** How many checkpoints to keep per thread; defaults to {@value PostgresCheckpointSaver#DEFAULT_KEEP_PER_THREAD}. */
        public Builder keepPerThread(int keepPerThread) {
            this.keepPerThread = keepPerThread;
            return this;
        }

        public PostgresCheckpointSaver build() {
            return new PostgresCheckpointSaver(this);
        }
    }
}
