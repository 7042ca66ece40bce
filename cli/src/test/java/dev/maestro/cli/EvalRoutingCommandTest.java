package dev.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code maestro eval routing} on two tiny CSVs with the in-process ONNX embeddings; offline, a few seconds. */
class EvalRoutingCommandTest {

    @TempDir
    Path tmp;

    @Test
    void should_write_results_json_and_reports_from_csv_files() throws Exception {
        // given
        assumeTrue(registered(), "eval routing is not registered under maestro eval yet");
        Path train = Files.write(tmp.resolve("train.csv"), List.of("text,category",
                "will it rain tomorrow,weather", "how cold is it tonight,weather", "is a storm coming,weather",
                "what's the forecast,weather", "do I need an umbrella,weather",
                "book a flight to rome,travel", "find me a hotel,travel", "change my flight,travel",
                "train ticket to berlin,travel", "cancel my hotel booking,travel",
                "what is the meaning of life,oos"));
        Path test = Files.write(tmp.resolve("test.csv"), List.of("text,category",
                "is it going to snow in oslo,weather", "reserve a hotel room in paris,travel", "my tooth hurts,oos"));
        Path out = tmp.resolve("out");

        // when
        CliRun run = CliRun.of(Map.of(), "eval", "routing", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--latency-samples", "3", "--no-cache");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("train.csv / test.csv: in-scope accuracy", "hybrid", "knn", "centroid");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("test_queries").asInt()).isEqualTo(3);
        assertThat(json.path("latency_ms").path("samples").asInt()).isEqualTo(3);
        assertThat(json.path("command").asText()).startsWith("maestro eval routing --train");
        assertThat(out.resolve("report.md")).exists();
        assertThat(out.resolve("report.html")).exists();
    }

    @Test
    void should_report_out_of_scope_recall_as_not_applicable_when_no_row_is_out_of_scope() throws Exception {
        // given: a user's own intents, no oos rows in either file
        assumeTrue(registered(), "eval routing is not registered under maestro eval yet");
        Path train = Files.write(tmp.resolve("train.csv"), List.of("text,category",
                "will it rain tomorrow,weather", "how cold is it tonight,weather", "is a storm coming,weather",
                "what's the forecast,weather", "do I need an umbrella,weather",
                "book a flight to rome,travel", "find me a hotel,travel", "change my flight,travel",
                "train ticket to berlin,travel", "cancel my hotel booking,travel"));
        Path test = Files.write(tmp.resolve("test.csv"), List.of("text,category",
                "is it going to snow in oslo,weather", "reserve a hotel room in paris,travel"));
        Path out = tmp.resolve("out");

        // when
        CliRun run = CliRun.of(Map.of(), "eval", "routing", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--latency-samples", "2", "--no-cache");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("out-of-scope recall n/a", "OOS recall n/a").doesNotContain("NaN");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("oos_recall").isNull()).as(json.toString()).isTrue();
        assertThat(json.at("/methods/knn/oos_recall").isNull()).isTrue();
        assertThat(json.path("in_scope_accuracy").isNumber()).isTrue();
        assertThat(json.path("test_out_of_scope").asInt()).isZero();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| out-of-scope recall | 50.00 % | n/a | n/a |").doesNotContain("NaN");
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,").doesNotContain("NaN");
    }

    @Test
    void should_explain_what_to_pass_when_no_dataset_is_given() {
        // given
        assumeTrue(registered(), "eval routing is not registered under maestro eval yet");

        // when
        CliRun run = CliRun.of(Map.of(), "eval", "routing", "--out", tmp.toString());

        // then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--dataset ../shared/datasets/clinc150/data_full.json, or --train FILE --test FILE");
    }

    @Test
    void should_evaluate_the_agents_of_a_file_on_a_labelled_csv() throws Exception {
        // given
        Path requests = Files.write(tmp.resolve("requests.csv"), List.of("text,agent",
                "\"my java build fails, what now?\",coder", "hi there!,general", "write a sql query for monthly totals,coder"));
        Path out = tmp.resolve("agents-out");

        // when
        CliRun run = CliRun.of(Map.of(), "eval", "routing", "--agents", AskCommandIT.resource("agents/general-and-coder.yaml"),
                "--requests", requests.toString(), "--out", out.toString());

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("requests.csv: accuracy", "decided by embedding", "coder", "precision");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("requests").asInt()).isEqualTo(3);
        assertThat(json.path("agents")).hasSize(2);
        assertThat(json.at("/confusion/coder").size()).isEqualTo(2);
        assertThat(json.at("/router/examples/coder").asInt()).isEqualTo(4);
        assertThat(out.resolve("report.html")).exists();
    }

    @Test
    void should_name_the_line_of_a_malformed_labelled_csv_and_exit_2() throws Exception {
        // given
        Path requests = Files.write(tmp.resolve("bad.csv"), List.of("text,agent", "hi,general", "fix this, please,coder"));

        // when
        CliRun run = CliRun.of(Map.of(), "eval", "routing", "--agents", "--requests", requests.toString(), "--out", tmp.toString());

        // then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("bad.csv line 3 has 3 fields, the header has 2");
    }

    /** True once the lead has wired {@code EvalCommand} into the root and this command into {@code EvalCommand}. */
    private static boolean registered() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        CommandLine root = new CommandLine(new MaestroCommand(new CliContext(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of())));
        CommandLine eval = root.getSubcommands().get("eval");
        return eval != null && eval.getSubcommands().containsKey("routing");
    }
}
