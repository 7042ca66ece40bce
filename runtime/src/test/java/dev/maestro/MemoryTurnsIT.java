package dev.maestro;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.Scope;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The graph's memory port keeps each conversation's memory within the tenant and user that own it. */
class MemoryTurnsIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void should_scope_memory_by_the_conversations_tenant_and_user() throws Exception {
        // given: a conversation the server registered for tenant acme, and one the CLI never registered
        PostgresMemory memory = PostgresMemory.builder().dataSource(db.dataSource()).embeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel()).build();
        MemoryTurns turns = new MemoryTurns(memory, Scope.of("default", "local"), 1500);
        UUID acme = UUID.randomUUID();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("insert into conversations (id, tenant_id, user_id) values (?, 'acme', 'key-1')")) {
            st.setObject(1, acme);
            st.executeUpdate();
        }
        String cli = UUID.randomUUID().toString();

        // when
        turns.remember(acme.toString(), "my locker code is 4711", "noted");
        turns.remember(cli, "hello", "hi");

        // then
        assertThat(turns.scopeOf(acme)).isEqualTo(Scope.of("acme", "key-1"));
        assertThat(turns.scopeOf(UUID.fromString(cli))).isEqualTo(Scope.of("default", "local"));
        assertThat(turns.history(acme.toString())).extracting(m -> m.content()).containsExactly("my locker code is 4711", "noted");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> memory.messages(Scope.of("default", "local"), acme))
                .hasMessageContaining("belongs to another user");
        assertThat(turns.recall(cli, "what is my locker code?")).doesNotContain("4711");
        assertThat(MemoryTurns.conversationUuid("not-a-uuid")).isEqualTo(MemoryTurns.conversationUuid("not-a-uuid"));
    }
}
