package dev.maestro.app;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.graph.TurnMemory;
import dev.maestro.memory.MemoryContext;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.Scope;
import dev.maestro.memory.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The graph's memory port on {@link PostgresMemory}: recall assembles the three tiers under a token budget. */
public final class MemoryTurns implements TurnMemory {

    private final PostgresMemory memory;
    private final Scope defaultScope;
    private final int budgetTokens;

    /**
     * @param defaultScope the scope of conversations not registered with a tenant (the CLI's); a conversation the
     *                     server created carries its tenant and user, and its memory stays within them
     */
    public MemoryTurns(PostgresMemory memory, Scope defaultScope, int budgetTokens) {
        this.memory = Ensure.notNull(memory, "memory");
        this.defaultScope = Ensure.notNull(defaultScope, "defaultScope");
        this.budgetTokens = Ensure.notNegative(budgetTokens, "budgetTokens");
    }

    /** Conversation ids are UUIDs in the database; any other id maps to a stable UUID of its own. */
    public static UUID conversationUuid(String conversationId) {
        try {
            return UUID.fromString(conversationId);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(conversationId.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public String recall(String conversationId, String question) {
        return render(context(conversationId, question));
    }

    public MemoryContext context(String conversationId, String question) {
        UUID id = conversationUuid(conversationId);
        return memory.context(scopeOf(id), id, question, budgetTokens);
    }

    /** The tenant and user a conversation belongs to, so one tenant's memory is never recalled for another. */
    Scope scopeOf(UUID conversationId) {
        try (Connection c = memory.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select tenant_id, user_id from conversations where id = ?")) {
            st.setObject(1, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Scope.of(rs.getString(1), rs.getString(2)) : defaultScope;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read the scope of conversation " + conversationId + ": " + e.getMessage(), e);
        }
    }

    /** Every stored message of the conversation, oldest first. */
    public java.util.List<StoredMessage> history(String conversationId) {
        UUID id = conversationUuid(conversationId);
        return memory.messages(scopeOf(id), id);
    }

    @Override
    public void remember(String conversationId, String question, String answer) {
        UUID id = conversationUuid(conversationId);
        Scope scope = scopeOf(id);
        memory.append(scope, id, UserMessage.from(question));
        if (!answer.isBlank()) {
            memory.append(scope, id, AiMessage.from(answer));
        }
    }

    /** Summary and recalled memories, then the recent turns, as one block for the agents. */
    public static String render(MemoryContext context) {
        StringBuilder text = new StringBuilder(context.memoryText());
        if (!context.window().isEmpty()) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append("Recent conversation:\n");
            for (StoredMessage m : context.window()) {
                text.append(m.role()).append(": ").append(m.content()).append('\n');
            }
        }
        return text.toString().strip();
    }
}
