package dev.maestro;

import dev.maestro.core.usage.BudgetExceededException;
import dev.maestro.graph.RunEvent;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens and cost of every model call, stored and priced; daily budgets per tenant, on a clock the test moves. */
class UsageIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    private Maestro.Builder maestro(Clock clock) {
        return Maestro.builder().set("provider", "openai").set("openai.base-url", openAi.baseUrl()).set("openai.api-key", "sk-test")
                .set("chat.model", OpenAiStub.MODEL).set("memory.facts", "false").dataSource(db.dataSource())
                .backgroundMemory(false).setupLog(null).clock(clock);
    }

    @Test
    void a_turn_stores_its_calls_with_their_cost_from_the_price_table() throws Exception {
        // given: 1200 tokens in and 300 out at 0.15 / 0.60 USD per million
        openAi.streamTokens(List.of("Priced."), 1200, 300);
        String conversation = UUID.randomUUID().toString();
        try (Maestro m = maestro(Clock.systemUTC()).set("cost.prices", OpenAiStub.MODEL + "=0.15/0.60").build()) {
            // when
            ChatRun run = m.chat(ChatRequest.builder().conversationId(conversation).message("price me").build());
            List<RunEvent> events = run.events().toList();
            run.await();

            // then: 1200 × 0.15 / 1e6 + 300 × 0.60 / 1e6 = 0.00036 USD, on the event and in the table
            RunEvent finished = events.getLast();
            assertThat(finished.type()).isEqualTo(RunEvent.Type.RUN_FINISHED);
            assertThat(finished.data().get("cost_usd")).isEqualTo(0.00036);
            assertThat(finished.data().get("cost_complete")).isEqualTo(true);
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.USAGE).singleElement()
                    .satisfies(e -> assertThat(e.data().get("cost_usd")).isEqualTo(0.00036));
            try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                    "select tenant_id, agent, model, input_tokens, output_tokens, cost_usd from model_usage where conversation_id = ?")) {
                st.setObject(1, UUID.fromString(conversation));
                try (ResultSet rs = st.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("default");
                    assertThat(rs.getString(3)).isEqualTo(OpenAiStub.MODEL);
                    assertThat(rs.getInt(4)).isEqualTo(1200);
                    assertThat(rs.getInt(5)).isEqualTo(300);
                    assertThat(rs.getBigDecimal(6)).isEqualByComparingTo(new BigDecimal("0.00036"));
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void a_model_without_a_price_has_an_unknown_cost_not_zero() {
        openAi.streamTokens(List.of("Unpriced."), 10, 2);
        try (Maestro m = maestro(Clock.systemUTC()).set("cost.prices", "some-other-model=1/1").build()) {
            ChatRun run = m.chat(ChatRequest.of("what does this cost?"));
            List<RunEvent> events = run.events().toList();
            run.await();

            RunEvent finished = events.getLast();
            assertThat(finished.data()).doesNotContainKey("cost_usd").containsEntry("cost_complete", false);
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.USAGE).singleElement()
                    .satisfies(e -> assertThat(e.data()).containsEntry("cost_unknown", true).doesNotContainKey("cost_usd"));
        }
    }

    @Test
    void a_tenant_over_its_daily_tokens_is_refused_until_the_next_utc_day() throws Exception {
        // given: a 1000-token day for tenant "budgeted"; the first turn uses 1500
        MovableClock clock = new MovableClock(Instant.parse("2026-12-07T23:00:00Z"));
        String conversation = UUID.randomUUID().toString();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "insert into conversations (id, tenant_id, user_id) values (?, 'budgeted', 'u')")) {
            st.setObject(1, UUID.fromString(conversation));
            st.executeUpdate();
        }
        openAi.streamTokens(List.of("Expensive."), 1200, 300);
        try (Maestro m = maestro(clock).set("budget.tenants", "budgeted=1000/0").build()) {
            m.chat(ChatRequest.builder().conversationId(conversation).message("first").build()).await();

            // when / then: the next turn of the day is refused, naming the limit and when it resets
            assertThatThrownBy(() -> m.run(ChatRequest.builder().conversationId(conversation).message("second").build()))
                    .isInstanceOf(BudgetExceededException.class)
                    .hasMessageContaining("Tenant budgeted has used 1,500 of its 1,000 tokens for today (UTC)")
                    .hasMessageContaining("resets at 2026-12-08T00:00:00Z");
            int before = openAi.requestCount();
            assertThatThrownBy(() -> m.checkBudget(conversation)).isInstanceOf(BudgetExceededException.class);
            assertThat(openAi.requestCount()).as("a refused turn calls no model").isEqualTo(before);

            // and: the next UTC day, it passes again
            clock.set(Instant.parse("2026-12-08T10:00:00Z"));
            assertThat(m.run(ChatRequest.builder().conversationId(conversation).message("next day").build()).answer()).isEqualTo("Expensive.");
        }
    }

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
