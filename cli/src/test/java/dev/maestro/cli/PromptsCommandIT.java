package dev.maestro.cli;

import dev.maestro.prompts.experiments.PostgresExperimentStore;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro prompts experiments [show ID]} over votes stored in PostgreSQL. */
class PromptsCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void should_list_and_show_an_experiment_with_its_posteriors_and_write_a_chart() throws Exception {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(prompts.resolve("tone.system.v1.txt"), "Formal.");
        Files.writeString(prompts.resolve("tone.system.v2.txt"), "Warm.");
        Path yaml = Files.writeString(dir.resolve("maestro.yaml"), """
                prompts:
                  dir: %s
                  experiments:
                    - {id: tone, prompt: tone.system, versions: [1, 2], min-votes: 10}
                """.formatted(prompts));
        PostgresExperimentStore store = new PostgresExperimentStore(db.dataSource());
        // v1: 3 up, 7 down over 10 turns; v2: 8 up, 2 down over 30 turns
        for (int i = 0; i < 10; i++) {
            store.recordTurn("tone", 1);
            store.recordVote("tone", "a" + i, 1, i < 3);
            store.recordVote("tone", "b" + i, 2, i < 8);
        }
        for (int i = 0; i < 30; i++) {
            store.recordTurn("tone", 2);
        }
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_CONFIG", yaml.toString());
        env.put("MAESTRO_DB_URL", db.jdbcUrl());
        env.put("MAESTRO_DB_USER", db.user());
        env.put("MAESTRO_DB_PASSWORD", db.password());

        CliRun list = CliRun.of(env, "prompts", "experiments");
        CliRun show = CliRun.of(env, "prompts", "experiments", "show", "tone", "--out", dir.resolve("report").toString());
        CliRun unknown = CliRun.of(env, "prompts", "experiments", "show", "nope");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("tone +tone\\.system +v1,v2 +40 +no winner yet");
        assertThat(show.exitCode()).as(show.err()).isZero();
        // Beta(4, 8): mean 0.333, 95 % CrI [0.109, 0.610]; Beta(9, 3): mean 0.750, [0.482, 0.940]
        assertThat(show.out()).containsPattern("v1 +10 +25\\.0 % +3 +7 +0\\.333 +\\[0\\.109, 0\\.610] +0\\.0\\d\\d");
        assertThat(show.out()).containsPattern("v2 +30 +75\\.0 % +8 +2 +0\\.750 +\\[0\\.482, 0\\.940] +0\\.9\\d\\d");
        assertThat(Files.readString(dir.resolve("report/report.md"))).contains("| v2 | 30 | 75.0 % | 8 | 2 | 0.750 | [0.482, 0.940] |");
        assertThat(Files.readString(dir.resolve("report/report.html"))).contains("<img");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("No prompt experiment 'nope'; declared: [tone]");

        store.declareWinner("tone", 2, 0.99);
        assertThat(CliRun.of(env, "prompts", "experiments").out()).contains("winner v2 (it gets every turn)");
    }

    @Test
    void should_exit_4_when_the_database_is_unreachable() {
        CliRun run = CliRun.of(Map.of("MAESTRO_DB_URL", "jdbc:postgresql://127.0.0.1:1/none"), "prompts", "experiments");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.DATABASE);
    }
}
