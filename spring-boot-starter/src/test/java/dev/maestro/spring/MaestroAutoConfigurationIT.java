package dev.maestro.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.maestro.ChatRequest;
import dev.maestro.Maestro;
import dev.maestro.core.ConfigException;
import dev.maestro.graph.RunResult;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.ScriptedChatModel;
import dev.maestro.testkit.ScriptedStreamingChatModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The auto-configuration in application contexts of its own, on a real PostgreSQL, with models as beans. */
class MaestroAutoConfigurationIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static final String SECRET = "pw-that-must-not-show";

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MaestroAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + db.jdbcUrl(),
                        "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + SECRET, // the server trusts local connections; it must still not leak
                        "maestro.memory.facts=false");
    }

    @Configuration(proxyBeanMethods = false)
    static class Models {
        @Bean
        ScriptedChatModel chatModel() {
            return ScriptedChatModel.replying("{\"route\": \"coder\", \"confidence\": 0.9}");
        }

        @Bean
        ScriptedStreamingChatModel streamingChatModel() {
            return ScriptedStreamingChatModel.replying("Use a HashMap of word to count.");
        }

        @Bean
        HashEmbeddingModel embeddingModel() {
            return new HashEmbeddingModel();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMaestro {
        @Bean
        Maestro myMaestro(DataSource dataSource, ScriptedStreamingChatModel model, HashEmbeddingModel embeddings) {
            return Maestro.builder().dataSource(dataSource).streamingChatModel(model).embeddingModel(embeddings)
                    .set("memory.context-tokens", "321").backgroundMemory(false).build();
        }
    }

    @Test
    void should_build_maestro_from_the_application_datasource_and_model_beans() {
        runner().withUserConfiguration(Models.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Maestro.class);
            Maestro maestro = context.getBean(Maestro.class);
            assertThat(maestro.database().dataSource()).isSameAs(context.getBean(DataSource.class));

            RunResult result = maestro.chat(ChatRequest.of("How do I count the words of a file in Java?")).await();

            assertThat(result.answer()).isEqualTo("Use a HashMap of word to count.");
            assertThat(result.agent()).as("the route the ChatModel bean chose").isEqualTo("coder");
            assertThat(context.getBean(ScriptedChatModel.class).requests()).hasSize(1);
            assertThat(context.getBean(HashEmbeddingModel.class).embedded()).isPositive();
        });
    }

    @Test
    void should_back_off_when_the_application_defines_its_own_maestro() {
        runner().withUserConfiguration(Models.class, OwnMaestro.class)
                .withPropertyValues("maestro.memory.context-tokens=999")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Maestro.class);
                    assertThat(context).hasBean("myMaestro").doesNotHaveBean("maestro");
                    assertThat(context.getBean(Maestro.class).config().memoryTokens()).isEqualTo(321);
                });
    }

    @Test
    void should_map_maestro_properties_onto_the_configuration() {
        runner().withUserConfiguration(Models.class)
                .withPropertyValues("maestro.memory.context-tokens=777", "maestro.graph.review=true",
                        "maestro.ollama.baseUrl=http://127.0.0.1:9")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Maestro maestro = context.getBean(Maestro.class);
                    assertThat(maestro.config().memoryTokens()).isEqualTo(777);
                    assertThat(maestro.config().review()).isTrue();
                    assertThat(maestro.config().ollamaBaseUrl()).isEqualTo("http://127.0.0.1:9");
                });
    }

    @Test
    void should_fail_the_start_on_an_unknown_property_naming_it() {
        runner().withUserConfiguration(Models.class).withPropertyValues("maestro.memory.context-token=777").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Unknown Maestro property maestro.memory.context-token")
                    .hasMessageContaining("memory.context-tokens");
        });
    }

    @Test
    void should_open_its_own_pool_when_maestro_db_url_is_set() {
        runner().withUserConfiguration(Models.class).withPropertyValues("maestro.db.url=" + db.jdbcUrl()).run(context -> {
            assertThat(context).hasNotFailed();
            Maestro maestro = context.getBean(Maestro.class);
            assertThat(maestro.database().dataSource()).isNotSameAs(context.getBean(DataSource.class));
            assertThat(maestro.database().settings().databaseName()).isEqualTo(db.databaseName());
        });
    }

    @Test
    void should_report_database_health_without_secrets() {
        runner().withUserConfiguration(Models.class).run(context -> {
            MaestroHealthIndicator indicator = context.getBean("maestroHealthIndicator", MaestroHealthIndicator.class);

            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("database", "127.0.0.1:5432/" + db.databaseName())
                    .doesNotContainKey("error");

            context.getBean(HikariDataSource.class).close();
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(down.getDetails().get("error"))).isNotBlank();
            assertThat(up + " " + down).doesNotContain(SECRET).doesNotContain("password");
        });
    }

    @Test
    void should_leave_out_the_health_indicator_when_it_is_disabled() {
        runner().withUserConfiguration(Models.class).withPropertyValues("management.health.maestro.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroHealthIndicator.class));
    }

    @Test
    void should_work_without_actuator_and_micrometer() {
        runner().withUserConfiguration(Models.class)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Maestro.class)
                        .doesNotHaveBean(MaestroHealthIndicator.class).doesNotHaveBean(MaestroMetrics.class));
    }

    @Test
    void should_count_and_time_runs_by_outcome() {
        runner().withUserConfiguration(Models.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    Maestro maestro = context.getBean(Maestro.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    ScriptedStreamingChatModel model = context.getBean(ScriptedStreamingChatModel.class);
                    model.thenFail(new IllegalStateException("the model is down"));

                    RunResult answered = maestro.chat(ChatRequest.of("How do I count the words of a file in Java?")).await();
                    assertThatThrownBy(() -> maestro.chat(ChatRequest.of("And in Go?")).await()).hasMessageContaining("the model is down");

                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                        assertThat(registry.get(MaestroMetrics.RUNS).tag("outcome", "answered").timer().count()).isEqualTo(1);
                        assertThat(registry.get(MaestroMetrics.RUNS).tag("outcome", "failed").timer().count()).isEqualTo(1);
                        assertThat(registry.get(MaestroMetrics.ACTIVE).gauge().value()).isZero();
                    });
                    assertThat(registry.get(MaestroMetrics.RUNS).tag("outcome", "answered").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                            .isPositive();
                    assertThat(registry.get(MaestroMetrics.TOKENS).tag("type", "output").counter().count())
                            .isEqualTo(answered.outputTokens());
                    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString())
                            .doesNotContain("count the words"));
                });
    }
}
