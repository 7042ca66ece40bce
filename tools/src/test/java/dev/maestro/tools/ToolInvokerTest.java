package dev.maestro.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ToolInvokerTest {

    final ToolInvoker invoker = new ToolInvoker();
    final AtomicInteger runs = new AtomicInteger();

    @Test
    void schema_invalid_arguments_are_refused_before_the_tool_runs() {
        Tool tool = tool(args -> "ran");
        ToolResult missing = invoker.invoke(tool, "{}", Duration.ofSeconds(1));
        ToolResult wrongType = invoker.invoke(tool, "{\"city\":\"Paris\",\"days\":\"three\"}", Duration.ofSeconds(1));
        ToolResult notJson = invoker.invoke(tool, "{city: Paris", Duration.ofSeconds(1));
        ToolResult notObject = invoker.invoke(tool, "[1,2]", Duration.ofSeconds(1));

        assertThat(runs).hasValue(0);
        assertThat(missing.ok()).isFalse();
        assertThat(missing.text()).startsWith("Invalid arguments for forecast:").contains("city");
        assertThat(wrongType.text()).contains("days").contains("integer");
        assertThat(notJson.text()).contains("not valid JSON");
        assertThat(notObject.text()).contains("must be a JSON object");
    }

    @Test
    void valid_arguments_run_the_tool() {
        ToolResult r = invoker.invoke(tool(args -> "sunny for " + args), "{\"city\":\"Paris\",\"days\":3}", Duration.ofSeconds(1));
        assertThat(r.ok()).isTrue();
        assertThat(r.text()).isEqualTo("sunny for {\"city\":\"Paris\",\"days\":3}");
        assertThat(runs).hasValue(1);
    }

    @Test
    void a_throwing_tool_gives_an_error_result() {
        ToolResult r = invoker.invoke(tool(args -> {
            throw new IllegalStateException("weather service down");
        }), "{\"city\":\"Paris\"}", Duration.ofSeconds(1));
        assertThat(r.ok()).isFalse();
        assertThat(r.text()).isEqualTo("Tool forecast failed: weather service down");
    }

    @Test
    void a_hanging_tool_is_cancelled_at_its_timeout() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        ToolResult r = invoker.invoke(tool(args -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        }), "{\"city\":\"Paris\"}", Duration.ofMillis(200));
        assertThat(r.ok()).isFalse();
        assertThat(r.text()).isEqualTo("Tool forecast did not finish within 200 ms and was cancelled; try a smaller request or another tool.");
        assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the call's thread was interrupted").isTrue();
    }

    interface Body {
        String run(String args) throws Exception;
    }

    private Tool tool(Body body) {
        ToolSpecification spec = ToolSpecification.builder().name("forecast").description("weather")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").addIntegerProperty("days").required("city").build())
                .build();
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public RiskLevel risk() {
                return RiskLevel.READ;
            }

            @Override
            public String source() {
                return "test";
            }

            @Override
            public String execute(String argumentsJson) throws Exception {
                runs.incrementAndGet();
                return body.run(argumentsJson);
            }
        };
    }
}
