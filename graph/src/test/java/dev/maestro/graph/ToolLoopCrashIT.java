package dev.maestro.graph;

import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn killed with kill -9 in the middle of its tool loop resumes in a new process without repeating completed calls. */
class ToolLoopCrashIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path temp;

    @Test
    void a_turn_killed_mid_loop_resumes_without_running_completed_calls_again() throws Exception {
        Path log = temp.resolve("calls.log");

        Process crashing = child("crash", log);
        awaitLine(log, "start c", crashing);
        int killed = new ProcessBuilder("kill", "-9", String.valueOf(crashing.pid())).inheritIO().start().waitFor();
        assertThat(killed).isZero();
        assertThat(crashing.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(crashing.exitValue()).isEqualTo(137);
        assertThat(lines(log)).containsExactlyInAnyOrder("start a", "done a", "start b", "done b", "start c");
        assertThat(journalRows()).as("the model's two rounds and the two completed results are recorded").isEqualTo(4);

        Process resuming = child("resume", log);
        assertThat(resuming.waitFor(60, TimeUnit.SECONDS)).as("the resuming process finishes").isTrue();
        String out = new String(resuming.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(resuming.exitValue()).as(out + Files.readString(temp.resolve("resume.err"))).isZero();

        assertThat(out).contains("answer: answer to the second question")
                .contains("model requests: 2"); // the crashed turn's last answer and the new turn's: no round asked again
        List<String> calls = lines(log);
        assertThat(Collections.frequency(calls, "done a")).isEqualTo(1);
        assertThat(Collections.frequency(calls, "done b")).isEqualTo(1);
        assertThat(Collections.frequency(calls, "start a") + Collections.frequency(calls, "start b")).isEqualTo(2);
        assertThat(Collections.frequency(calls, "start c")).as("the call cut off by the kill runs again").isEqualTo(2);
        assertThat(Collections.frequency(calls, "done c")).isEqualTo(1);
        assertThat(journalRows()).as("finished turns leave no journal behind").isZero();
    }

    private Process child(String mode, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ToolLoopCrashChild.class.getName(), mode, log.toString(), db.jdbcUrl(), db.user()));
        if (db.password() != null && !db.password().isEmpty()) {
            command.add(db.password());
        }
        return new ProcessBuilder(command).redirectError(temp.resolve(mode + ".err").toFile()).start();
    }

    private static void awaitLine(Path log, String line, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && lines(log).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the child exited with " + process.exitValue() + " before '" + line + "'");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + line + "' in " + log + " within 60 s");
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.readAllLines(log);
    }

    private static int journalRows() throws Exception {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from graph_tool_calls")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
