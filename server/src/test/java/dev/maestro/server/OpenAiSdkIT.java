package dev.maestro.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.maestro.core.config.AppConfig;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAI-compatible endpoint called by the official OpenAI Java SDK, streaming and not. */
class OpenAiSdkIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    static TestServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        AppConfig config = TestServer.config(db, ollama, Map.of());
        server = TestServer.start(config, db);
        client = OpenAIOkHttpClient.builder().baseUrl(server.url("/v1")).apiKey("sk-none").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void should_answer_a_non_streamed_completion() {
        // given
        ollama.streamTokens(List.of("Vectors ", "are ", "lists."), 21, 3);

        // when
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("maestro").addSystemMessage("be brief").addUserMessage("What is a vector?").build());

        // then
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().get(0).message().content()).contains("Vectors are lists.");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.model()).isEqualTo("maestro");
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(21);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(3);
        assertThat(ollama.requests().getLast().body()).contains("What is a vector?");
    }

    @Test
    void should_stream_a_completion_in_openai_chunks() {
        // given
        ollama.streamTokens(List.of("Postgres ", "stores ", "rows."), 10, 3);
        StringBuilder text = new StringBuilder();
        List<String> finish = new java.util.ArrayList<>();

        // when
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("maestro").addUserMessage("What does Postgres store?")
                .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                choice.delta().content().ifPresent(text::append);
                choice.finishReason().ifPresent(f -> finish.add(f.asString()));
            }));
        }

        // then
        assertThat(text.toString()).isEqualTo("Postgres stores rows.");
        assertThat(finish).containsExactly("stop");
    }

    @Test
    @SuppressWarnings("deprecation") // 'user' is deprecated by OpenAI, yet clients such as LiteLLM still send it
    void should_list_the_model_and_continue_a_conversation_named_by_the_user_field() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id).containsExactly("maestro");

        ollama.streamTokens(List.of("one"), 1, 1);
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("maestro").user("sdk-user").addUserMessage("first").build());
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("maestro").user("sdk-user").addUserMessage("second").build());

        var conversations = server.get("/api/conversations", null).json().get("conversations");
        long withTwoTurns = 0;
        for (var c : conversations) {
            if (server.get("/api/conversations/" + c.get("id").asText() + "/messages", null).json().get("messages").size() == 4) {
                withTwoTurns++;
            }
        }
        assertThat(withTwoTurns).isEqualTo(1);
    }
}
