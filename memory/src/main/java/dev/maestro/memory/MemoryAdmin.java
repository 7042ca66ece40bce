package dev.maestro.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Operator access to memory: show a conversation, search a user's memory, forget (hard delete) and export. Used by
 * {@code maestro memory}. Forgetting is final: rows are deleted, not hidden.
 *
 * @since 0.1
 */
public final class MemoryAdmin {

    /** Everything stored for one conversation. */
    public record ConversationView(UUID id, Scope scope, List<StoredMessage> messages, List<Summary> summaries,
                                   List<MemoryItem> items, int openJobs) {
    }

    /** What {@link #forgetUser} deleted. */
    public record ForgetReport(int conversations, int messages, int items) {
    }

    private final PostgresMemory memory;

    MemoryAdmin(PostgresMemory memory) {
        this.memory = memory;
    }

    public Optional<ConversationView> show(UUID conversationId) {
        return memory.jdbc.read("reading conversation " + conversationId, c -> {
            Optional<Scope> scope = ConversationDao.scopeOf(c, conversationId);
            if (scope.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ConversationView(conversationId, scope.get(),
                    ConversationDao.messages(c, conversationId, 0, true),
                    ConversationDao.summaries(c, conversationId, false),
                    ItemDao.list(c, scope.get(), conversationId),
                    JobQueue.open(c, conversationId)));
        });
    }

    /** The user's items nearest to {@code text}, superseded facts included when asked. */
    public List<RecallHit> search(Scope scope, String text, int k, boolean includeSuperseded) {
        return memory.recall(scope, text, RecallOptions.defaults().withK(k).withSuperseded(includeSuperseded));
    }

    /** All long-term items of a user, oldest first (history included). */
    public List<MemoryItem> items(Scope scope) {
        return memory.jdbc.read("listing the memories of " + scope, c -> ItemDao.list(c, scope, null));
    }

    /**
     * Deletes one long-term item of {@code scope}. Facts it superseded keep their end of validity.
     *
     * @return false when the user has no such item
     */
    public boolean forgetItem(Scope scope, long itemId) {
        return memory.jdbc.tx("forgetting memory item " + itemId, c -> ItemDao.delete(c, itemId, scope)) == 1;
    }

    /** Deletes everything of a user: long-term items, conversations, their messages, summaries and pending jobs. */
    public ForgetReport forgetUser(Scope scope) {
        return memory.jdbc.tx("forgetting everything of " + scope, c -> {
            int items = ItemDao.deleteAll(c, scope);
            int messages = 0;
            List<UUID> conversations = ConversationDao.conversationsOf(c, scope);
            for (UUID id : conversations) {
                messages += ConversationDao.deleteMessages(c, id);
            }
            try (PreparedStatement st = c.prepareStatement("delete from conversations where tenant_id = ? and user_id = ?")) {
                st.setString(1, scope.tenantId());
                st.setString(2, scope.userId());
                st.executeUpdate();
            }
            return new ForgetReport(conversations.size(), messages, items);
        });
    }

    /** A user's memory as pretty JSON: conversations with messages and summaries, and long-term items (no embeddings). */
    public String exportJson(Scope scope) {
        ObjectNode root = Jdbc.JSON.createObjectNode();
        root.put("tenant", scope.tenantId());
        root.put("user", scope.userId());
        ArrayNode conversations = root.putArray("conversations");
        List<UUID> ids = memory.jdbc.read("listing conversations of " + scope, c -> ConversationDao.conversationsOf(c, scope));
        for (UUID id : ids) {
            ConversationView view = show(id).orElse(null);
            if (view == null) {
                continue;
            }
            ObjectNode conv = conversations.addObject();
            conv.put("id", id.toString());
            ArrayNode messages = conv.putArray("messages");
            for (StoredMessage m : view.messages()) {
                ObjectNode n = messages.addObject();
                n.put("id", m.id());
                n.put("role", m.role());
                n.put("content", m.content());
                n.put("created_at", m.createdAt().toString());
                n.put("hidden", m.hidden());
                n.set("metadata", Jdbc.JSON.valueToTree(m.metadata()));
            }
            ArrayNode summaries = conv.putArray("summaries");
            for (Summary s : view.summaries()) {
                ObjectNode n = summaries.addObject();
                n.put("from_message_id", s.fromMessageId());
                n.put("to_message_id", s.toMessageId());
                n.put("content", s.content());
                n.put("created_at", s.createdAt().toString());
            }
        }
        ArrayNode items = root.putArray("items");
        for (MemoryItem item : items(scope)) {
            ObjectNode n = items.addObject();
            n.put("id", item.id());
            n.put("kind", item.kind().sql());
            n.put("content", item.content());
            n.put("conversation_id", item.conversationId() == null ? null : item.conversationId().toString());
            n.set("source_message_ids", Jdbc.JSON.valueToTree(item.sourceMessageIds()));
            n.set("metadata", Jdbc.JSON.valueToTree(item.metadata()));
            n.put("importance", item.importance());
            n.put("valid_from", item.validFrom().toString());
            n.put("valid_to", item.validTo() == null ? null : item.validTo().toString());
            if (item.supersededBy() == null) {
                n.putNull("superseded_by");
            } else {
                n.put("superseded_by", item.supersededBy());
            }
        }
        try {
            return Jdbc.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new MemoryException("Cannot write the memory of " + scope + " as JSON", e);
        }
    }
}
