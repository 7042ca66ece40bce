package dev.maestro.rag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.rag.internal.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Learned policies (table {@code rag_policies}): the adaptive bandit's posterior and the learned reranker's
 * weights, as versioned JSON. One version per kind and collection is active; activating another is atomic.
 *
 * @since 0.1
 */
public final class PolicyStore {

    /** What a policy is. */
    public enum Kind {
        BANDIT("bandit"), LTR("ltr");

        private final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    /** A stored policy version. */
    public record Policy(long id, Kind kind, JsonNode state, boolean active, Double replayReward, Integer replayEvents) {
    }

    private final RagStore store;

    public PolicyStore(RagStore store) {
        this.store = Ensure.notNull(store, "store");
    }

    /**
     * Saves a new version, with the replay result that justified it; when {@code activate}, it replaces the
     * active version in the same transaction.
     */
    public Policy save(RagCollection collection, Kind kind, JsonNode state, boolean activate, Double replayReward, Integer replayEvents) {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (activate) {
                    try (PreparedStatement st = c.prepareStatement(
                            "update rag_policies set active = false where collection_id = ? and kind = ? and active")) {
                        st.setLong(1, collection.id());
                        st.setString(2, kind.column);
                        st.executeUpdate();
                    }
                }
                long id;
                try (PreparedStatement st = c.prepareStatement("""
                        insert into rag_policies (collection_id, kind, state, active, replay_reward, replay_events)
                        values (?, ?, cast(? as jsonb), ?, ?, ?) returning id""")) {
                    st.setLong(1, collection.id());
                    st.setString(2, kind.column);
                    st.setString(3, Json.write(state));
                    st.setBoolean(4, activate);
                    st.setObject(5, replayReward);
                    st.setObject(6, replayEvents);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                c.commit();
                return new Policy(id, kind, state, activate, replayReward, replayEvents);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Saving the " + kind.column + " policy of collection '" + collection.name() + "' failed: "
                    + e.getMessage(), e);
        }
    }

    /** Stops serving the active version of this kind (kept for audit); true when there was one. */
    public boolean deactivate(RagCollection collection, Kind kind) {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("update rag_policies set active = false where collection_id = ? and kind = ? and active")) {
            st.setLong(1, collection.id());
            st.setString(2, kind.column);
            return st.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DatabaseException("Deactivating the " + kind.column + " policy of collection '" + collection.name() + "' failed: "
                    + e.getMessage(), e);
        }
    }

    /** The active version, if any. */
    public Optional<Policy> active(RagCollection collection, Kind kind) {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("""
                     select id, state::text, replay_reward, replay_events from rag_policies
                     where collection_id = ? and kind = ? and active""")) {
            st.setLong(1, collection.id());
            st.setString(2, kind.column);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Double reward = rs.getObject(3) == null ? null : rs.getDouble(3);
                Integer events = rs.getObject(4) == null ? null : rs.getInt(4);
                return Optional.of(new Policy(rs.getLong(1), kind, Json.MAPPER.readTree(rs.getString(2)), true, reward, events));
            }
        } catch (SQLException e) {
            throw new DatabaseException("Reading the " + kind.column + " policy of collection '" + collection.name() + "' failed: "
                    + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DatabaseException("The stored " + kind.column + " policy of collection '" + collection.name()
                    + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
