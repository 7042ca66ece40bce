package dev.maestro.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.ScriptedChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Background work with a chat model: rolling summaries, fact extraction, supersede, crash and restart. */
class MemoryWorkerIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static final String SUMMARY_PROMPT = "Summary so far: {{summary}}\nNew:\n{{messages}}";
    private static final String FACT_PROMPT = "Speaker {{speaker}} on {{date}} said: {{message}} (after {{previous}})\nKnown:\n{{existing}}";

    private final TestClock clock = new TestClock(Instant.parse("2024-03-01T09:00:00Z"));

    private PostgresMemory memory(ChatModel model, boolean facts) {
        return PostgresMemory.builder()
                .dataSource(db.dataSource())
                .embeddingModel(Embeddings.bge())
                .chatModel(model)
                .summaryPrompt(SUMMARY_PROMPT)
                .factPrompt(FACT_PROMPT)
                .extractFacts(facts)
                .windowTokens(60)
                .summarizeMinTokens(25)
                .clock(clock)
                .build();
    }

    @Test
    void should_summarise_evicted_messages_exactly_once_and_incrementally() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8");
        PostgresMemory memory = memory(model, false);
        MemoryWorker worker = memory.worker("w");
        Scope scope = Scope.of("acme", "u-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();

        // when: 20 messages of 14 tokens, the worker running now and then
        for (int i = 1; i <= 20; i++) {
            memory.append(scope, conversation, i % 2 == 1 ? UserMessage.from("user message " + i + " about the trip to Rome ok")
                    : AiMessage.from("assistant message " + i + " about the trip to Rome ok"));
            if (i % 3 == 0) {
                worker.runPending();
            }
        }
        worker.runPending();
        worker.runPending();

        // then: ranges are disjoint, in order, without gaps, and only evicted messages are summarised
        List<Summary> summaries = memory.summaries(scope, conversation);
        List<StoredMessage> messages = memory.messages(scope, conversation);
        List<StoredMessage> window = memory.window(scope, conversation);
        assertThat(summaries).hasSizeGreaterThanOrEqualTo(2);
        Set<Long> covered = new HashSet<>();
        long previousTo = 0;
        for (Summary s : summaries) {
            assertThat(s.fromMessageId()).isGreaterThan(previousTo);
            List<Long> ids = messages.stream().map(StoredMessage::id).filter(id -> id >= s.fromMessageId() && id <= s.toMessageId()).toList();
            assertThat(ids).hasSize(s.messageCount());
            for (long id : ids) {
                assertThat(covered.add(id)).as("message %d summarised twice", id).isTrue();
            }
            previousTo = s.toMessageId();
        }
        List<Long> expected = messages.stream().map(StoredMessage::id).filter(id -> id <= summaries.getLast().toMessageId()).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(window.getFirst().id()).isGreaterThan(summaries.getLast().toMessageId());
        // incremental: each call carries the previous summary and only the new messages
        assertThat(model.requests()).hasSize(summaries.size());
        String second = text(model.requests().get(1));
        assertThat(second).contains("Summary so far: S1");
        assertThat(second).doesNotContain("user message 1 about");
        assertThat(memory.summary(scope, conversation)).map(Summary::content).hasValue("S" + summaries.size());
    }

    @Test
    void should_supersede_a_contradicted_fact_and_keep_its_history() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("{\"facts\": [{\"fact\": \"Ana lives in Lisbon.\", \"importance\": 0.8}]}");
        PostgresMemory memory = memory(model, true);
        MemoryWorker worker = memory.worker("w");
        Scope ana = Scope.of("acme", "ana-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        memory.append(ana, conversation, UserMessage.from("Ana", "I live in Lisbon."));
        worker.runPending();
        MemoryItem lisbon = facts(memory, ana).getFirst();

        // when
        clock.advance(Duration.ofDays(30));
        Instant moved = clock.instant();
        model.thenReply("{\"facts\": [{\"fact\": \"Ana lives in Porto.\", \"importance\": 0.8, \"replaces\": [" + lisbon.id() + "]}]}");
        memory.append(ana, conversation, UserMessage.from("Ana", "I moved to Porto last weekend."));
        worker.runPending();

        // then
        List<MemoryItem> facts = facts(memory, ana);
        assertThat(facts).hasSize(2);
        MemoryItem old = facts.getFirst();
        MemoryItem porto = facts.get(1);
        assertThat(old.content()).isEqualTo("Ana lives in Lisbon.");
        assertThat(old.validTo()).isEqualTo(moved);
        assertThat(old.supersededBy()).isEqualTo(porto.id());
        assertThat(porto.active()).isTrue();
        assertThat(text(model.lastRequest())).contains(lisbon.id() + ": Ana lives in Lisbon.");
        List<RecallHit> now = memory.recall(ana, "Where does Ana live?", RecallOptions.defaults().withKinds(Set.of(MemoryKind.FACT)));
        List<RecallHit> history = memory.recall(ana, "Where does Ana live?",
                RecallOptions.defaults().withKinds(Set.of(MemoryKind.FACT)).withSuperseded(true));
        assertThat(now).extracting(h -> h.item().content()).containsExactly("Ana lives in Porto.");
        assertThat(history).extracting(h -> h.item().content()).containsExactlyInAnyOrder("Ana lives in Porto.", "Ana lives in Lisbon.");
    }

    @Test
    void should_resume_an_extraction_interrupted_by_a_crash_after_a_restart() {
        // given: a process whose worker dies in the middle of a fact extraction
        ChatModel dying = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                throw new SimulatedCrash();
            }
        };
        PostgresMemory first = memory(dying, true);
        Scope ana = Scope.of("acme", "ana-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        first.append(ana, conversation, UserMessage.from("Ana", "My daughter Lea starts school in September."));
        MemoryWorker crashing = first.workerBuilder().name("crashing").lease(Duration.ofMinutes(2)).build();
        assertThatThrownBy(crashing::runOnce).isInstanceOf(SimulatedCrash.class);

        // when: the process restarts with a working model
        ScriptedChatModel model = ScriptedChatModel.replying("{\"facts\": [{\"fact\": \"Ana's daughter Lea starts school in September.\"}]}");
        PostgresMemory restarted = memory(model, true);
        MemoryWorker fresh = restarted.worker("fresh");
        int beforeLeaseExpiry = fresh.runPending();
        clock.advance(Duration.ofMinutes(3));
        int afterLeaseExpiry = fresh.runPending();

        // then
        assertThat(beforeLeaseExpiry).isZero();
        assertThat(afterLeaseExpiry).isEqualTo(1);
        assertThat(facts(restarted, ana)).extracting(MemoryItem::content).containsExactly("Ana's daughter Lea starts school in September.");
        assertThat(restarted.admin().show(conversation)).hasValueSatisfying(v -> assertThat(v.openJobs()).isZero());
        assertThat(model.remaining()).isZero();
    }

    @Test
    void should_retry_a_failed_job_after_its_delay() {
        // given
        PostgresMemory memory = memory(ScriptedChatModel.replying(new AiMessage[0]).thenFail(new RuntimeException("model down"))
                .thenReply("{\"facts\": [{\"fact\": \"Bo likes tea.\"}]}"), true);
        Scope bo = Scope.of("acme", "bo-" + UUID.randomUUID());
        memory.append(bo, UUID.randomUUID(), UserMessage.from("Bo", "I like tea."));
        MemoryWorker worker = memory.workerBuilder().name("w").retryDelay(Duration.ofSeconds(10)).build();

        // when
        worker.runPending();
        List<MemoryItem> afterFailure = facts(memory, bo);
        clock.advance(Duration.ofSeconds(11));
        worker.runPending();

        // then
        assertThat(afterFailure).isEmpty();
        assertThat(facts(memory, bo)).extracting(MemoryItem::content).containsExactly("Bo likes tea.");
    }

    private static List<MemoryItem> facts(PostgresMemory memory, Scope scope) {
        return new ArrayList<>(memory.admin().items(scope).stream().filter(i -> i.kind() == MemoryKind.FACT).toList());
    }

    private static String text(ChatRequest request) {
        return ((UserMessage) request.messages().getLast()).singleText();
    }

    /** Stands for the JVM dying: an Error the worker does not catch, leaving its claimed job behind. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
