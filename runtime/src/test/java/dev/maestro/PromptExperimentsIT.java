package dev.maestro;

import dev.maestro.agents.AgentSpec;
import dev.maestro.graph.RunResult;
import dev.maestro.prompts.experiments.Experiment;
import dev.maestro.prompts.experiments.ExperimentSummary;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A prompt experiment declared in maestro.yaml over versions in prompts.dir: stickiness, the recorded version, votes. */
class PromptExperimentsIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    @TempDir
    Path dir;

    @Test
    void should_keep_each_conversation_on_one_version_record_it_and_count_votes_for_it() throws IOException {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(prompts.resolve("tone.system.v1.txt"), "You answer formally (tone one).");
        Files.writeString(prompts.resolve("tone.system.v2.txt"), "You answer warmly (tone two).");
        Path yaml = Files.writeString(dir.resolve("maestro.yaml"), """
                provider: openai
                chat.model: %s
                prompts:
                  dir: %s
                  experiments:
                    - id: tone
                      prompt: tone.system
                      versions: [1, 2]
                      min-share: 0.2
                """.formatted(OpenAiStub.MODEL, prompts));
        openAi.streamTokens(List.of("Hello."), 5, 1);
        AgentSpec helper = new AgentSpec("helper", AgentSpec.Role.ANSWER, "Helps.", "tone.system", "", "", false, List.of(), List.of(), false);

        try (Maestro maestro = Maestro.builder().configFile(yaml).set("openai.base-url", openAi.baseUrl()).set("openai.api-key", "sk-test")
                .agent(helper).dataSource(db.dataSource()).backgroundMemory(false).memorySummaries(false).retrieval(false).setupLog(null).build()) {
            Set<String> firstRefs = new HashSet<>();
            RunResult rated = null;
            for (int c = 0; c < 12; c++) {
                String first = null;
                for (int turn = 0; turn < 3; turn++) {
                    RunResult result = maestro.chat(ChatRequest.builder().conversationId("conv-" + c).message("Hi " + turn).build()).await();
                    assertThat(result.prompts()).hasSize(1);
                    String ref = result.prompts().get(0);
                    first = first == null ? ref : first;
                    assertThat(ref).as("conversation %d, turn %d", c, turn).isEqualTo(first);
                    String sent = openAi.requests().get(openAi.requests().size() - 1).body();
                    assertThat(sent).contains(ref.endsWith("@v1") ? "tone one" : "tone two");
                    rated = result;
                }
                firstRefs.add(first);
            }
            assertThat(firstRefs).as("12 conversations, each 50/50 before any vote, get both versions").hasSize(2);

            String account = maestro.feedback("Hi 2", rated, true);
            maestro.feedback("Hi 2", rated, false); // the same answer re-rated: replaces the vote

            assertThat(account).contains("Counted for the prompt experiment arm " + rated.prompts().get(0));
            Experiment tone = maestro.promptExperiments().experiment("tone").orElseThrow();
            ExperimentSummary summary = maestro.promptExperiments().summary(tone);
            int votedVersion = Integer.parseInt(rated.prompts().get(0).substring(rated.prompts().get(0).lastIndexOf('v') + 1));
            assertThat(summary.arms()).allSatisfy(arm -> {
                assertThat(arm.up()).isZero();
                assertThat(arm.down()).isEqualTo(arm.version() == votedVersion ? 1 : 0);
            });
            assertThat(summary.arms().stream().mapToLong(ExperimentSummary.Arm::turns).sum()).isEqualTo(36);
            assertThat(summary.winner()).isEmpty();
        }
    }
}
