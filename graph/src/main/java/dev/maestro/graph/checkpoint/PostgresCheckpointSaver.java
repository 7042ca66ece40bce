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
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * LangGraph4j checkpoints in PostgreSQL (table {@code graph_checkpoints}, migration V4).
 * <ul>
 *   <li>State is stored as JSON: values must be JSON-native (strings, numbers, booleans, lists, maps).</li>
 *   <li>One thread per conversation; each put is one statement, so several processes can share a database.</li>
 *   <li>Retention: after each insert only the newest {@code keepPerThread} checkpoints of the thread remain.</li>
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

    private final DataSource dataSource;
    private final int keepPerThread;
    private final ObjectMapper json = new ObjectMapper();

    private PostgresCheckpointSaver(Builder builder) {
        this.dataSource = Ensure.notNull(builder.dataSource, "dataSource");
        this.keepPerThread = builder.keepPerThread == null ? DEFAULT_KEEP_PER_THREAD : Ensure.positive(builder.keepPerThread, "keepPerThread");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Collection<Checkpoint> list(RunnableConfig config) {
        String thread = threadId(config);
        return query("listing checkpoints of thread " + thread,
                "select " + COLUMNS + " from graph_checkpoints where thread_id = ? order by seq desc", thread);
    }

    @Override
    public Optional<Checkpoint> get(RunnableConfig config) {
        String thread = threadId(config);
        if (config.checkPointId().isPresent()) {
            String id = config.checkPointId().get();
            return query("reading checkpoint " + id + " of thread " + thread,
                    "select " + COLUMNS + " from graph_checkpoints where thread_id = ? and id = ?", thread, id).stream().findFirst();
        }
        return query("reading the last checkpoint of thread " + thread,
                "select " + COLUMNS + " from graph_checkpoints where thread_id = ? order by seq desc limit 1", thread).stream().findFirst();
    }

    @Override
    public RunnableConfig put(RunnableConfig config, Checkpoint checkpoint) {
        String thread = threadId(config);
        String state = toJson(checkpoint, thread);
        try (Connection c = dataSource.getConnection()) {
            if (config.checkPointId().isPresent()) {
                String id = config.checkPointId().get();
                try (PreparedStatement st = c.prepareStatement("update graph_checkpoints set id = ?, node_id = ?, next_node_id = ?,"
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
                }
                return config;
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into graph_checkpoints (id, thread_id, node_id, next_node_id, state)"
                    + " values (?, ?, ?, ?, ?::jsonb)");
                 PreparedStatement prune = c.prepareStatement("delete from graph_checkpoints where thread_id = ? and seq <= ("
                         + "select seq from graph_checkpoints where thread_id = ? order by seq desc offset ? limit 1)")) {
                insert.setString(1, checkpoint.getId());
                insert.setString(2, thread);
                insert.setString(3, checkpoint.getNodeId());
                insert.setString(4, checkpoint.getNextNodeId());
                insert.setString(5, state);
                insert.executeUpdate();
                prune.setString(1, thread);
                prune.setString(2, thread);
                prune.setInt(3, keepPerThread);
                prune.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return RunnableConfig.builder(config).checkPointId(checkpoint.getId()).build();
        } catch (SQLException e) {
            throw new DatabaseException("Cannot save checkpoint " + checkpoint.getId() + " of thread " + thread + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Tag release(RunnableConfig config) {
        String thread = threadId(config);
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
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            List<Checkpoint> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(Checkpoint.builder()
                            .id(rs.getString(1))
                            .nodeId(rs.getString(2))
                            .nextNodeId(rs.getString(3))
                            .state(fromJson(rs.getString(4), what))
                            .build());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Failed " + what + ": " + e.getMessage(), e);
        }
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
