package dev.maestro.server;

import dev.maestro.core.db.UsageLog;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RunUsageTest {

    private static final UUID RUN = UUID.randomUUID();

    private static UsageLog.Call call(String agent, String model, int in, int out, String cost) {
        return new UsageLog.Call("t", null, RUN, agent, model, in, out, cost == null ? null : new BigDecimal(cost));
    }

    @Test
    void should_sum_per_agent_and_in_total_with_an_unpriced_call_making_only_its_own_agent_unknown() {
        // when: the router's unpriced classifier call, then two priced calls of the coder
        RunUsage u = RunUsage.of(List.of(call("router", "small", 7, 1, null), call("coder", "big", 100, 20, "0.00014"),
                call("coder", "big", 50, 10, "0.00007")));

        // then
        assertThat(u.inputTokens()).isEqualTo(157);
        assertThat(u.outputTokens()).isEqualTo(31);
        assertThat(u.costUsd()).as("unknown, never 0 or the priced part").isNull();
        assertThat(u.costUnknown()).isTrue();
        assertThat(u.byAgent()).containsExactly(new RunUsage.Agent("router", 1, 7, 1, null, true),
                new RunUsage.Agent("coder", 2, 150, 30, 0.00021, false));
        assertThat(u.calls()).extracting(RunUsage.Call::model).containsExactly("small", "big", "big");
        assertThat(u.calls().get(1)).isEqualTo(new RunUsage.Call("coder", "big", 100, 20, 0.00014, false));
    }

    @Test
    void should_cost_nothing_known_without_calls() {
        RunUsage u = RunUsage.of(List.of());

        assertThat(u.costUsd()).isEqualTo(0.0);
        assertThat(u.costUnknown()).isFalse();
        assertThat(u.calls()).isEmpty();
    }
}
