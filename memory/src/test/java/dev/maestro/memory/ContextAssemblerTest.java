package dev.maestro.memory;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ContextAssemblerTest {

    private static final UUID CONVERSATION = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final Instant T0 = Instant.parse("2024-01-01T10:00:00Z");
    private final SimpleTokenCountEstimator estimator = new SimpleTokenCountEstimator();
    private final ContextAssembler assembler = new ContextAssembler(estimator, 0.5, 0.2);
    private final Random random = new Random(42);

    @Test
    void should_never_exceed_the_budget_and_report_each_part() {
        // given
        List<StoredMessage> recent = messages(30);
        Summary summary = summary(words(400));
        List<RecallHit> hits = hits(25);

        for (int budget = 0; budget <= 3_000; budget += 13) {
            // when
            MemoryContext context = assembler.assemble(budget, recent, summary, hits, 10);

            // then
            assertThat(context.totalTokens()).as("budget %d", budget).isLessThanOrEqualTo(budget);
            assertThat(context.recalledTokens()).isEqualTo(estimator.estimateTokenCountInText(context.recalledText()));
            assertThat(context.summaryTokens()).isEqualTo(estimator.estimateTokenCountInText(context.summaryText()));
            assertThat(context.windowTokens()).isEqualTo(estimator.estimateTokenCountInMessages(
                    context.window().stream().map(StoredMessage::toChatMessage).toList()));
        }
    }

    @Test
    void should_stay_within_the_budget_with_an_estimator_that_charges_more_for_a_list_than_its_messages() {
        // given: a list of n messages costs 7 tokens per pair of messages more than the messages one by one
        SimpleTokenCountEstimator base = new SimpleTokenCountEstimator();
        dev.langchain4j.model.TokenCountEstimator lumpy = new dev.langchain4j.model.TokenCountEstimator() {
            @Override
            public int estimateTokenCountInText(String text) {
                return base.estimateTokenCountInText(text);
            }

            @Override
            public int estimateTokenCountInMessage(dev.langchain4j.data.message.ChatMessage message) {
                return base.estimateTokenCountInMessage(message);
            }

            @Override
            public int estimateTokenCountInMessages(Iterable<dev.langchain4j.data.message.ChatMessage> messages) {
                int n = 0;
                int sum = 0;
                for (dev.langchain4j.data.message.ChatMessage m : messages) {
                    sum += base.estimateTokenCountInMessage(m);
                    n++;
                }
                return sum + 7 * (n / 2);
            }
        };
        ContextAssembler strict = new ContextAssembler(lumpy, 0.5, 0.2);
        List<StoredMessage> recent = messages(40);

        for (int budget = 0; budget <= 2_000; budget += 17) {
            // when
            MemoryContext context = strict.assemble(budget, recent, summary(words(200)), hits(10), 5);

            // then
            assertThat(context.totalTokens()).as("budget %d", budget).isLessThanOrEqualTo(budget);
            assertThat(context.windowTokens()).isEqualTo(lumpy.estimateTokenCountInMessages(
                    context.window().stream().map(StoredMessage::toChatMessage).toList()));
            if (!context.window().isEmpty()) {
                assertThat(context.window().getLast()).isEqualTo(recent.getLast());
            }
        }
    }

    @Test
    void should_keep_the_newest_messages_in_order_and_recall_best_first() {
        // given
        List<StoredMessage> recent = messages(10);
        List<RecallHit> hits = hits(5);

        // when
        MemoryContext context = assembler.assemble(10_000, recent, null, hits, 10);

        // then: everything fits
        assertThat(context.window()).containsExactlyElementsOf(recent);
        assertThat(context.recalled()).containsExactlyElementsOf(hits);
        assertThat(context.recalledText()).startsWith(ContextAssembler.RECALL_HEADER + "- " + ContextAssembler.render(hits.getFirst().item()));
        assertThat(context.summary()).isNull();
        assertThat(context.toMessages()).hasSize(11);
    }

    @Test
    void should_shorten_a_long_summary_to_its_share() {
        // given
        Summary summary = summary(words(2_000));

        // when
        MemoryContext context = assembler.assemble(1_000, List.of(), summary, List.of(), 10);

        // then
        assertThat(context.summaryTokens()).isPositive().isLessThanOrEqualTo(200);
        assertThat(context.summaryText()).startsWith(ContextAssembler.SUMMARY_HEADER).endsWith("…");
    }

    @Test
    void should_give_the_latest_message_the_whole_budget_when_it_exceeds_the_window_share() {
        // given
        StoredMessage longOne = message(1, words(150));

        // when
        MemoryContext context = assembler.assemble(600, List.of(longOne), null, hits(3), 10);

        // then
        assertThat(context.window()).containsExactly(longOne);
        assertThat(context.totalTokens()).isLessThanOrEqualTo(600);
    }

    private List<StoredMessage> messages(int n) {
        List<StoredMessage> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(message(i, words(10 + random.nextInt(60))));
        }
        return out;
    }

    private StoredMessage message(long id, String text) {
        return new StoredMessage(id, CONVERSATION, id % 2 == 1 ? "user" : "assistant", text,
                estimator.estimateTokenCountInText(text) + SimpleTokenCountEstimator.MESSAGE_OVERHEAD,
                T0.plusSeconds(id), Map.of(), false, null);
    }

    private List<RecallHit> hits(int n) {
        List<RecallHit> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MemoryItem item = new MemoryItem(100 + i, Scope.of("t", "u"), CONVERSATION, i % 3 == 0 ? MemoryKind.FACT : MemoryKind.EPISODE,
                    words(5 + random.nextInt(40)), List.of(), Map.of(), 0.5, T0, T0, null, null);
            out.add(new RecallHit(item, 0.9 - i * 0.01, 0.9 - i * 0.01));
        }
        return out;
    }

    private static Summary summary(String text) {
        return new Summary(1, CONVERSATION, 1, 5, 5, text, 0, T0);
    }

    private String words(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append("word").append((char) ('a' + random.nextInt(26))).append(random.nextInt(3) == 0 ? "," : "");
        }
        return s.toString();
    }
}
