package dev.maestro.spring.app;

import dev.maestro.spring.MaestroMetrics;

import dev.maestro.ChatRequest;
import dev.maestro.ChatRun;
import dev.maestro.Maestro;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.SystemHealth;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole Spring Boot application with the starter and Actuator: application.yml, Spring's own pool on a real
 * PostgreSQL, the in-process ONNX embeddings, and a chat model served over HTTP in Ollama's wire format. In a package
 * of its own, as an application is: its component scan must not reach the starter's classes.
 */
class MaestroStarterIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @SpringBootApplication
    static class App {
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).profiles("starter-it")
                .run("--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                        "--maestro.ollama.base-url=" + ollama.baseUrl());
    }

    @Test
    void should_answer_through_the_auto_configured_maestro_and_report_health_and_metrics() {
        ollama.streamTokens(List.of("pgvector ", "stores ", "vectors."), 17, 3);
        try (ConfigurableApplicationContext context = start()) {
            Maestro maestro = context.getBean(Maestro.class);
            ChatRun run = maestro.chat(ChatRequest.builder().conversationId("it-1").message("What is pgvector?").build());
            String streamed = String.join("", run.events().filter(e -> e.type() == RunEvent.Type.TOKEN).map(e -> e.text("text")).toList());
            RunResult result = run.await();

            assertThat(streamed).isEqualTo("pgvector stores vectors.");
            assertThat(result.answer()).isEqualTo("pgvector stores vectors.");
            assertThat(result.outputTokens()).isEqualTo(3);
            assertThat(ollama.requests()).anySatisfy(r -> assertThat(r.body()).contains("What is pgvector?").containsPattern("\"stream\"\\s*:\\s*true"));
            assertThat(maestro.memory().history("it-1")).hasSize(2);

            HealthComponent health = ((SystemHealth) context.getBean(HealthEndpoint.class).health()).getComponents().get("maestro");
            assertThat(health.getStatus()).isEqualTo(Status.UP);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(registry.get(MaestroMetrics.RUNS).tag("outcome", "answered").timer().count()).isEqualTo(1));
            assertThat(registry.get(MaestroMetrics.TOKENS).tag("type", "output").counter().count()).isEqualTo(3.0);
        }
    }
}
