package dev.maestro.spring;

import dev.maestro.core.ConfigException;
import dev.maestro.core.DatabaseException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class MaestroFailureAnalyzerTest {

    private final MaestroFailureAnalyzer analyzer = new MaestroFailureAnalyzer();

    @Test
    void should_say_what_failed_and_what_to_do_about_a_property() {
        BeanCreationException failure = new BeanCreationException("maestro", "Factory method 'maestro' threw exception",
                new ConfigException("Unknown Maestro property maestro.chat.modle"));

        FailureAnalysis analysis = analyzer.analyze(failure);

        assertThat(analysis.getDescription()).isEqualTo("Maestro could not start: Unknown Maestro property maestro.chat.modle");
        assertThat(analysis.getAction()).startsWith("Fix the maestro.* property named above");
    }

    @Test
    void should_point_at_the_datasource_when_the_database_failed() {
        FailureAnalysis analysis = analyzer.analyze(new IllegalStateException(new DatabaseException("PostgreSQL is not reachable")));

        assertThat(analysis.getAction()).contains("spring.datasource.*").contains("maestro.db.url");
    }

    @Test
    void should_leave_other_failures_to_spring() {
        assertThat(analyzer.analyze(new IllegalStateException("something else"))).isNull();
    }
}
