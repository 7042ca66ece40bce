package dev.maestro;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The graph's memory port on {@link PostgresMemory}: recall assembles the three tiers under a token budget. */
final class MemoryTurns implements TurnMemory {

    private static final int SCOPE_CACHE_SIZE = 10_000;
    /** Prefetches only: bounded, and a full queue just means recall embeds the question itself. */
    private static final java.util.concurrent.ExecutorService PREFETCH = new java.util.concurrent.ThreadPoolExecutor(
            0, 2, 30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "maestro-memory-prefetch");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());

    private final PostgresMemory memory;
    private final Scope defaultScope;
    private final int budgetTokens;
    /** A conversation's tenant and user never change, so each is read once (bounded, least recently used out). */
    private final Map<UUID, Scope> scopes = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Scope> eldest) {
            return size() > SCOPE_CACHE_SIZE;
        }
    });

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

    /** Embeds the question on a background thread, so recall (and the router) find it ready or in flight. */
    @Override
    public void prefetch(String conversationId, String question) {
        if (question == null || question.isBlank()) {
            return;
        }
        try {
            PREFETCH.execute(() -> {
                try {
                    memory.embedQuery(question);
                } catch (RuntimeException e) {
                    // recall embeds again and reports the failure where it matters
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // recall embeds it itself
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
        Scope known = scopes.get(conversationId);
        if (known != null) {
            return known;
        }
        try (Connection c = memory.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select tenant_id, user_id from conversations where id = ?")) {
            st.setObject(1, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return defaultScope; // not cached: the server may register the conversation later
                }
                Scope scope = Scope.of(rs.getString(1), rs.getString(2));
                scopes.put(conversationId, scope);
                return scope;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read the scope of conversation " + conversationId + ": " + e.getMessage(), e);
        }
    }

    /** Long-term items of the conversation's tenant and user most similar to {@code query}, best first. */
    public java.util.List<dev.maestro.memory.RecallHit> search(String conversationId, String query, int k) {
        return memory.recall(scopeOf(conversationUuid(conversationId)), query, k);
    }

    /** Inspection, search, hard deletion and export of stored memory. */
    public dev.maestro.memory.MemoryAdmin admin() {
        return memory.admin();
    }

    /** Every stored message of the conversation, oldest first. */
    public java.util.List<StoredMessage> history(String conversationId) {
        UUID id = conversationUuid(conversationId);
        return memory.messages(scopeOf(id), id);
    }

    @Override
    public void remember(String conversationId, String question, String answer) {
        store(conversationId, question, answer, true);
    }

    @Override
    public void rememberBeforeCheckpoint(String conversationId, String question, String answer, javax.sql.DataSource checkpoints) {
        store(conversationId, question, answer, checkpoints != memory.dataSource());
    }

    private void store(String conversationId, String question, String answer, boolean waitForDisk) {
        UUID id = conversationUuid(conversationId);
        memory.appendAll(scopeOf(id), id, answer.isBlank() ? List.of(UserMessage.from(question))
                : List.of(UserMessage.from(question), AiMessage.from(answer)), waitForDisk);
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
