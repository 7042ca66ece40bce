package dev.maestro.graph.checkpoint;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.maestro.agents.ToolJournal;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.graph.ToolJournals;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool journals in PostgreSQL ({@code graph_tool_calls}, migration V9). Each record is its own committed insert, so a
 * call's result is durable before the loop moves on; a process killed mid-loop resumes with every completed call.
 * Messages are stored as LangChain4j's message JSON.
 *
 * @since 0.1
 */
public final class PostgresToolJournals implements ToolJournals {

    private static final String SELECT = "select message::text from graph_tool_calls where conversation_id = ? and turn = ? and task = ? order by seq";
    private static final String INSERT = "insert into graph_tool_calls (conversation_id, turn, task, seq, message) values (?, ?, ?, "
            + "(select coalesce(max(seq), 0) + 1 from graph_tool_calls where conversation_id = ? and turn = ? and task = ?), ?::jsonb)";
    private static final String DELETE = "delete from graph_tool_calls where conversation_id = ? and turn = ?";

    private final DataSource dataSource;

    public PostgresToolJournals(DataSource dataSource) {
        this.dataSource = Ensure.notNull(dataSource, "dataSource");
    }

    @Override
    public ToolJournal open(String conversationId, String turn, String task) {
        return new ToolJournal() {
            @Override
            public List<ChatMessage> replay() {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
                    ps.setString(1, conversationId);
                    ps.setString(2, turn);
                    ps.setString(3, task);
                    List<ChatMessage> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(ChatMessageDeserializer.messageFromJson(rs.getString(1)));
                        }
                    }
                    return out;
                } catch (SQLException e) {
                    throw new DatabaseException("Cannot read the tool journal of conversation " + conversationId + ", task " + task + ": " + e.getMessage(), e);
                }
            }

            @Override
            public synchronized void record(ChatMessage message) {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
                    c.setAutoCommit(true);
                    ps.setString(1, conversationId);
                    ps.setString(2, turn);
                    ps.setString(3, task);
                    ps.setString(4, conversationId);
                    ps.setString(5, turn);
                    ps.setString(6, task);
                    ps.setString(7, ChatMessageSerializer.messageToJson(message));
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw new DatabaseException("Cannot record a tool call of conversation " + conversationId + ", task " + task + ": " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void finish(String conversationId, String turn) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DELETE)) {
            c.setAutoCommit(true);
            ps.setString(1, conversationId);
            ps.setString(2, turn);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("Cannot clear the tool journals of conversation " + conversationId + ": " + e.getMessage(), e);
        }
    }
}
