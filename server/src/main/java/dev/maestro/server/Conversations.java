package dev.maestro.server;

import dev.maestro.core.DatabaseException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations (table {@code conversations}) as the API sees them: every read and write names the tenant, and
 * another tenant's conversation is indistinguishable from a missing one.
 */
final class Conversations {

    static final int MAX_TITLE_CHARS = 200;

    private final DataSource dataSource;

    Conversations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    record Conversation(String id, String title, String createdAt) {
    }

    /** One message of a conversation's history, rebuilt from its runs. */
    record Message(String role, String content, String runId, String at) {
    }

    Conversation create(Principal who, String title) {
        UUID id = UUID.randomUUID();
        String sql = "insert into conversations (id, tenant_id, user_id, title) values (?, ?, ?, ?) returning created_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            st.setString(2, who.tenant());
            st.setString(3, user(who));
            st.setString(4, title);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Conversation(id.toString(), title, rs.getTimestamp(1).toInstant().toString());
            }
        } catch (SQLException e) {
            throw new DatabaseException("Creating a conversation for tenant " + who.tenant() + " failed: " + e.getMessage(), e);
        }
    }

    List<Conversation> list(Principal who, int limit) {
        String sql = "select id, title, created_at from conversations where tenant_id = ? order by created_at desc, id limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, who.tenant());
            st.setInt(2, limit);
            List<Conversation> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Conversation(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant().toString()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Listing conversations of tenant " + who.tenant() + " failed: " + e.getMessage(), e);
        }
    }

    /** The tenant's conversation with this id; 404 when it is malformed, missing or another tenant's. */
    Conversation require(Principal who, String id) {
        UUID uuid = uuid(id, "Conversation");
        String sql = "select id, title, created_at from conversations where id = ? and tenant_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, uuid);
            st.setString(2, who.tenant());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("Conversation " + id);
                }
                return new Conversation(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant().toString());
            }
        } catch (SQLException e) {
            throw new DatabaseException("Reading conversation " + id + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The tenant's conversation {@code id}, created when no tenant has it (clients of the OpenAI-compatible
     * endpoint name their own); 404 when another tenant has it.
     */
    Conversation claim(Principal who, UUID id, String title) {
        String sql = """
                with ins as (insert into conversations (id, tenant_id, user_id, title) values (?, ?, ?, ?)
                             on conflict (id) do nothing returning tenant_id)
                select tenant_id from ins union all select tenant_id from conversations where id = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            st.setString(2, who.tenant());
            st.setString(3, user(who));
            st.setString(4, title);
            st.setObject(5, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || !who.tenant().equals(rs.getString(1))) {
                    throw ApiException.notFound("Conversation " + id);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("Opening conversation " + id + " failed: " + e.getMessage(), e);
        }
        return require(who, id.toString());
    }

    /** Questions and answers of the conversation's finished runs, oldest first. */
    List<Message> history(Principal who, String id) {
        Conversation conversation = require(who, id);
        String sql = "select id, question, answer, status, created_at, finished_at from api_runs "
                + "where conversation_id = ? and tenant_id = ? and status <> 'running' order by created_at, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, UUID.fromString(conversation.id()));
            st.setString(2, who.tenant());
            List<Message> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String run = rs.getString(1);
                    out.add(new Message("user", rs.getString(2), run, rs.getTimestamp(5).toInstant().toString()));
                    String answer = rs.getString(3);
                    if (answer != null && !answer.isEmpty()) {
                        out.add(new Message("assistant", answer, run, Optional.ofNullable(rs.getTimestamp(6))
                                .map(t -> t.toInstant().toString()).orElse("")));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Reading the history of conversation " + id + " failed: " + e.getMessage(), e);
        }
    }

    static UUID uuid(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(what + " " + id);
        }
    }

    private static String user(Principal who) {
        return who.keyId().isEmpty() ? "api" : "key:" + who.keyId();
    }
}
