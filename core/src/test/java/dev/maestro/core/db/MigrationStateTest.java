package dev.maestro.core.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationStateTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "1.0, 1", "001, 1", "1_2, 1.2", "1.2.0.0, 1.2", "10, 10", "0, 0"})
    void should_compare_versions_the_way_flyway_does(String version, String canonical) {
        assertThat(MigrationState.canonical(version)).isEqualTo(canonical);
    }

    @Test
    void should_list_the_migrations_shipped_with_core_in_version_order() {
        // V1__foundation.sql and any later ones, as versions
        assertThat(MigrationState.latestAvailable()).isNotNull().matches("\\d+(\\.\\d+)*");
    }
}
