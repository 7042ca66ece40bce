package dev.maestro;

import dev.maestro.agents.AgentSpec;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer cache through the whole runtime: an OpenAI-compatible WireMock server, real PostgreSQL with pgvector,
 * the in-process embedding model. What is reused, what is not, and what the cache learns.
 */
class AnswerCacheIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    @TempDir
    Path docs;

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("delete from answer_cache");
        }
    }

    private Maestro maestro(String tenant, String... settings) {
        Maestro.Builder b = Maestro.builder().set("provider", "openai").set("openai.base-url", openAi.baseUrl()).set("openai.api-key", "sk-test")
                .set("provider.max-attempts", "1").set("memory.facts", "false").set("cache.enabled", "true")
                .agent(new AgentSpec("helper", AgentSpec.Role.ANSWER, "Helps.", "general.system", "", "", false,
                        List.of(), List.of(), false, List.of(), null))
                .memoryScope(tenant, "ana").dataSource(db.dataSource()).backgroundMemory(false).setupLog(null);
        for (int i = 0; i < settings.length; i += 2) {
            b.set(settings[i], settings[i + 1]);
        }
        return b.build();
    }

    private record Turn(RunResult result, List<RunEvent> events) {
        String streamed() {
            return events.stream().filter(e -> e.type() == RunEvent.Type.TOKEN).map(e -> e.text("text")).collect(Collectors.joining());
        }

        RunEvent cache() {
            List<RunEvent> of = events.stream().filter(e -> e.type() == RunEvent.Type.CACHE).toList();
            assertThat(of).hasSize(1);
            return of.get(0);
        }
    }

    private static Turn turn(Maestro m, String conversation, String question) {
        ChatRun run = m.chat(ChatRequest.builder().conversationId(conversation).message(question).build());
        List<RunEvent> events = run.events().toList();
        return new Turn(run.await(), events);
    }

    private static String newConversation() {
        return java.util.UUID.randomUUID().toString();
    }

    @Test
    void the_same_question_in_a_new_conversation_is_answered_from_the_cache_without_a_model_call() {
        openAi.streamTokens(List.of("Paris is the capital ", "of France."), 30, 8);
        try (Maestro m = maestro("acme")) {
            Turn first = turn(m, newConversation(), "What is the capital of France?");
            assertThat(first.cache().data()).containsEntry("outcome", "miss");
            int calls = openAi.requests().size();

            Turn second = turn(m, newConversation(), "what is the capital of france");

            assertThat(openAi.requests()).hasSize(calls);
            assertThat(second.result().answer()).isEqualTo("Paris is the capital of France.");
            assertThat(second.streamed()).isEqualTo("Paris is the capital of France.");
            assertThat(second.cache().data()).containsEntry("outcome", "hit").containsEntry("kind", "exact").containsEntry("similarity", 1.0)
                    .containsKeys("entry", "age_seconds");
            assertThat(second.result().inputTokens()).isZero();
            assertThat(m.cacheStats("acme").hits()).isEqualTo(1);
        }
    }

    @Test
    void a_paraphrase_reuses_the_entry_above_the_fallback_threshold_and_an_unrelated_question_does_not() {
        openAi.streamTokens(List.of("Paris."), 30, 2);
        try (Maestro m = maestro("acme", "cache.fallback-threshold", "0.85")) {
            turn(m, newConversation(), "What is the capital city of France?");
            int calls = openAi.requests().size();

            Turn paraphrase = turn(m, newConversation(), "Which city is the capital of France?");
            Turn unrelated = turn(m, newConversation(), "How do I bake sourdough bread at home?");

            assertThat(paraphrase.cache().data()).containsEntry("outcome", "hit").containsEntry("kind", "semantic");
            assertThat(((Number) paraphrase.cache().data().get("similarity")).doubleValue()).isGreaterThanOrEqualTo(0.85);
            assertThat(unrelated.cache().data()).containsEntry("outcome", "miss");
            assertThat(((Number) unrelated.cache().data().get("similarity")).doubleValue()).isLessThan(0.85);
            assertThat(openAi.requests()).hasSize(calls + 1);
        }
    }

    @Test
    void a_miss_near_an_entry_explores_and_the_entry_learns_and_feedback_on_a_hit_is_evidence_too() throws Exception {
        openAi.streamTokens(List.of("Paris."), 30, 2);
        try (Maestro m = maestro("acme", "cache.fallback-threshold", "0.85")) {
            turn(m, newConversation(), "What is the capital city of France?");
            // a neighbour below the threshold: answered afresh, and the same answer means the entry would have been right
            Turn explored = turn(m, newConversation(), "What is the capital of Belgium?");
            assertThat(explored.cache().data()).containsEntry("outcome", "miss").containsEntry("kind", "semantic");
            Turn hit = turn(m, newConversation(), "Which city is the capital of France?");
            long entry = ((Number) hit.cache().data().get("entry")).longValue();
            double similarity = ((Number) hit.cache().data().get("similarity")).doubleValue();

            m.cacheFeedback(entry, similarity, false);

            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select source, correct from answer_cache_observations where entry_id = " + entry + " order by id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("exploration");
                assertThat(rs.getBoolean(2)).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("feedback");
                assertThat(rs.getBoolean(2)).isFalse();
            }
            assertThat(m.cacheStats("acme").wrong()).isEqualTo(1);
        }
    }

    @Test
    void tenants_never_share_answers_and_a_follow_up_with_memory_bypasses_the_cache() {
        openAi.streamTokens(List.of("Paris."), 30, 2);
        String conversation = newConversation();
        try (Maestro acme = maestro("acme")) {
            turn(acme, conversation, "What is the capital of France?");
            Turn followUp = turn(acme, conversation, "What is the capital of France?");
            assertThat(followUp.cache().data()).containsEntry("outcome", "bypass").containsEntry("reason", "the request came with recalled memory");
        }
        try (Maestro globex = maestro("globex")) {
            Turn other = turn(globex, newConversation(), "What is the capital of France?");
            assertThat(other.cache().data()).containsEntry("outcome", "miss").doesNotContainKey("entry");
            assertThat(globex.cacheStats("globex").entries()).isEqualTo(1);
            assertThat(globex.cacheStats(null).entries()).isEqualTo(2);
            assertThat(globex.clearCache("globex")).isEqualTo(1);
            assertThat(globex.cacheStats(null).entries()).isEqualTo(1);
        }
    }

    @Test
    void an_ingest_that_changes_the_collection_retires_answers_that_used_it() throws Exception {
        openAi.streamTokens(List.of("The rotation is weekly [1]."), 30, 6);
        Files.writeString(docs.resolve("oncall.md"), "# On-call\n\nThe on-call rotation changes every week on Monday.\n");
        try (Maestro m = Maestro.builder().set("provider", "openai").set("openai.base-url", openAi.baseUrl()).set("openai.api-key", "sk-test")
                .set("provider.max-attempts", "1").set("memory.facts", "false").set("cache.enabled", "true")
                .agent(new AgentSpec("researcher", AgentSpec.Role.ANSWER, "Researches.", "researcher.system", "", "", false,
                        List.of("retrieval"), List.of(), false, List.of(), null))
                .memoryScope("acme", "ana").dataSource(db.dataSource()).backgroundMemory(false).setupLog(null).build()) {
            m.ingest(IngestRequest.of(docs));
            Turn first = turn(m, newConversation(), "How often does the on-call rotation change?");
            Turn again = turn(m, newConversation(), "How often does the on-call rotation change?");
            assertThat(again.cache().data()).containsEntry("outcome", "hit");
            assertThat(again.result().sources()).isEqualTo(first.result().sources()).isNotEmpty();

            Files.writeString(docs.resolve("oncall.md"), "# On-call\n\nThe on-call rotation changes every two weeks.\n");
            m.ingest(IngestRequest.of(docs));
            Turn afterIngest = turn(m, newConversation(), "How often does the on-call rotation change?");

            assertThat(afterIngest.cache().data()).containsEntry("outcome", "miss");
        }
    }
}
