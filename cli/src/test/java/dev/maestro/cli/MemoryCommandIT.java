package dev.maestro.cli;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.Scope;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro memory show|search|forget|export} against a real PostgreSQL with the in-process embedding model. */
class MemoryCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static final Scope ANA = Scope.of("default", "ana");
    private static final UUID CONVERSATION = UUID.randomUUID();
    private static PostgresMemory memory;

    @BeforeAll
    static void seed() {
        BgeSmallEnV15QuantizedEmbeddingModel bge = new BgeSmallEnV15QuantizedEmbeddingModel();
        memory = PostgresMemory.builder().dataSource(db.dataSource()).embeddingModel(bge).build();
        memory.append(ANA, CONVERSATION, UserMessage.from("Ana", "I play the cello in a string quartet."));
        memory.append(ANA, CONVERSATION, UserMessage.from("Ana", "My favourite city is Porto."));
        memory.append(Scope.of("default", "bob"), UUID.randomUUID(), UserMessage.from("Bob", "I play the cello too."));
        memory.worker("seed").runPending();
    }

    private static Map<String, String> env() {
        return Map.of("MAESTRO_DB_URL", db.jdbcUrl(), "MAESTRO_DB_USER", db.user(), "MAESTRO_DB_PASSWORD", db.password());
    }

    /** Runs the root command with {@code memory} registered (whether or not the root registers it already). */
    private static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env());
        CommandLine cli = new CommandLine(new MaestroCommand(context));
        if (!cli.getSubcommands().containsKey("memory")) {
            cli.addSubcommand(new MemoryCommand());
        }
        cli.setExecutionExceptionHandler((e, line, parse) -> {
            context.err().println("maestro: " + e.getMessage());
            return ExitCodes.of(e);
        });
        int code = cli.execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_show_a_conversation_with_its_messages_and_items() {
        // when
        CliRun run = run("memory", "show", "--conversation", CONVERSATION.toString());

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("of default/ana: 2 messages, 0 summaries, 2 long-term items, 0 open jobs",
                "Ana", "I play the cello in a string quartet.", "episode");
    }

    @Test
    void should_search_only_the_given_users_memory() {
        // when
        CliRun run = run("memory", "search", "--user", "ana", "-k", "1", "Which", "instrument", "do", "I", "play?");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("1. score").contains("string quartet").doesNotContain("too");
    }

    @Test
    void should_export_json_and_refuse_an_unclear_forget() {
        // when
        CliRun export = run("memory", "export", "--user", "ana");
        CliRun unclear = run("memory", "forget", "--user", "ana");

        // then
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("\"user\" : \"ana\"", "My favourite city is Porto.");
        assertThat(unclear.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unclear.err()).contains("--item ID").contains("--all");
    }

    @Test
    void should_forget_one_item_then_everything_of_a_user() {
        // given
        Scope carla = Scope.of("default", "carla");
        memory.append(carla, UUID.randomUUID(), UserMessage.from("My PIN is 1234."));
        memory.append(carla, UUID.randomUUID(), UserMessage.from("I like tea."));
        memory.worker("w").runPending();
        long pin = memory.admin().items(carla).stream().filter(i -> i.content().contains("PIN")).findFirst().orElseThrow().id();

        // when
        CliRun one = run("memory", "forget", "--user", "carla", "--item", Long.toString(pin));
        CliRun all = run("memory", "forget", "--user", "carla", "--all");

        // then
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("Deleted memory item " + pin);
        assertThat(all.out()).contains("2 conversations, 2 messages, 1 long-term items");
        assertThat(memory.admin().items(carla)).isEmpty();
    }
}
