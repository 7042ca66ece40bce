package dev.maestro.cli;

import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro ingest} end to end with the in-process embedding model and a real PostgreSQL. */
class IngestCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path docs;

    static Map<String, String> env(PostgresDatabase db) {
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_DB_URL", db.jdbcUrl());
        env.put("MAESTRO_DB_USER", db.user());
        env.put("MAESTRO_DB_PASSWORD", db.password());
        return env;
    }

    /** Runs the CLI with the rag commands registered (the lead registers them on MaestroCommand too). */
    static CliRun run(String... args) {
        return run(db, args);
    }

    static CliRun run(PostgresDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]), o, e, env(db));
        CommandLine cli = new CommandLine(new MaestroCommand(context));
        if (!cli.getSubcommands().containsKey("ingest")) {
            cli.addSubcommand(new IngestCommand());
        }
        if (!cli.getSubcommands().containsKey("eval")) {
            cli.addSubcommand(new EvalCommand());
        }
        CommandLine eval = cli.getSubcommands().get("eval");
        if (!eval.getSubcommands().containsKey("retrieval")) {
            eval.addSubcommand(new EvalRetrievalCommand());
        }
        cli.setOut(new PrintWriter(o, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(e, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            e.println("maestro: " + ex.getMessage());
            return ExitCodes.of(ex);
        });
        int code = cli.execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_ingest_then_skip_unchanged_files_and_report_bad_ones() throws Exception {
        // given
        Files.writeString(docs.resolve("a.md"), "# Keys\nSigning keys rotate every ninety days.\n");
        Files.writeString(docs.resolve("b.txt"), "Backups run nightly at two o'clock.");
        Files.write(docs.resolve("c.txt"), new byte[]{1, 0, 2});

        // when
        CliRun first = run("ingest", docs.toString(), "--collection", "handbook");
        CliRun second = run("ingest", docs.toString(), "--collection", "handbook", "--prune");

        // then
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Collection handbook: 2 added, 0 updated, 0 unchanged, 0 deleted, 1 skipped");
        assertThat(first.err()).contains("skipped " + docs.resolve("c.txt")).contains("binary");
        assertThat(second.out()).contains("0 added, 0 updated, 2 unchanged, 0 deleted");
    }

    @Test
    void should_fail_with_usage_when_no_path_is_given() {
        CliRun run = run("ingest");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter");
    }
}
