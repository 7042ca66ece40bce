package dev.maestro.agents.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM classifier and the fallback chain through the real LangChain4j OpenAI and Ollama chat models, pointed
 * at local fake servers: the structured-output request each wire format sends, the answer parsed, the usage
 * recorded, and what happens when the answer does not parse or the server is too slow.
 */
class LlmRouteClassifierWireTest {

    @RegisterExtension
    static final OpenAiStub openai = new OpenAiStub();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Route> ROUTES = List.of(
            Route.of("general", "small talk and direct answers", "hello"),
            Route.of("coder", "writes, fixes and explains code", "write a python function"));

    private static ChatModel openAiModel(Duration timeout) {
        return OpenAiChatModel.builder().baseUrl(openai.baseUrl()).apiKey("sk-test").modelName("gpt-4o-mini")
                .timeout(timeout).maxRetries(0).build();
    }

    private static ChatModel ollamaModel(Duration timeout) {
        return OllamaChatModel.builder().baseUrl(ollama.baseUrl()).modelName("llama3.2").timeout(timeout).maxRetries(0).build();
    }

    private static LlmRouteClassifier classifier(ChatModel model) {
        return LlmRouteClassifier.builder().chatModel(model).modelName("stub").routes(ROUTES).build();
    }

    /** A router that always abstains (threshold above any cosine), so the classifier decides. */
    private static FallbackRouter chain(ChatModel model) {
        EmbeddingRouter abstaining = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(ROUTES).threshold(2).build();
        return FallbackRouter.builder().embeddingRouter(abstaining).classifier(classifier(model)).build();
    }

    @Test
    void should_send_openai_a_json_schema_response_format_and_use_its_answer() throws Exception {
        // given
        openai.replyWith("{\"route\": \"coder\", \"confidence\": 0.9}", 120, 9);

        // when
        LlmRouteClassifier.Attempt attempt = classifier(openAiModel(Duration.ofSeconds(5))).attempt("my build fails with a linker error");

        // then
        assertThat(attempt.route()).contains(new ScoredRoute("coder", 0.9));
        assertThat(attempt.call().failed()).isFalse();
        assertThat(attempt.call().inputTokens()).isEqualTo(120);
        assertThat(attempt.call().outputTokens()).isEqualTo(9);
        assertThat(attempt.call().ms()).isPositive();
        JsonNode body = JSON.readTree(openai.requests().getLast().body());
        JsonNode format = body.get("response_format");
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertThat(format.at("/json_schema/name").asText()).isEqualTo(LlmRouteClassifier.SCHEMA_NAME);
        JsonNode schema = format.at("/json_schema/schema");
        assertThat(schema.at("/properties/route/enum")).extracting(JsonNode::asText).containsExactly("general", "coder", "none");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("route", "confidence");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).contains("- coder: writes, fixes and explains code");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("my build fails with a linker error");
    }

    @Test
    void should_send_ollama_the_schema_as_format_and_use_its_answer() throws Exception {
        // given
        ollama.replyWith("{\"route\":\"general\",\"confidence\":0.7}", 80, 7);

        // when
        RouteDecision d = chain(ollamaModel(Duration.ofSeconds(5))).route("how are you today?");

        // then
        assertThat(d.route()).contains("general");
        assertThat(d.decidedBy()).isEqualTo(RouteDecision.DecidedBy.LLM);
        assertThat(d.confidence()).isEqualTo(0.7);
        assertThat(d.llm()).hasValueSatisfying(call -> {
            assertThat(call.inputTokens()).isEqualTo(80);
            assertThat(call.outputTokens()).isEqualTo(7);
            assertThat(call.model()).isEqualTo("stub");
        });
        JsonNode body = JSON.readTree(ollama.requests().getLast().body());
        JsonNode format = body.get("format");
        assertThat(format.get("type").asText()).isEqualTo("object");
        assertThat(format.at("/properties/route/enum")).extracting(JsonNode::asText).containsExactly("general", "coder", "none");
        assertThat(body.get("stream").asBoolean()).isFalse();
    }

    @Test
    void should_fall_back_to_the_default_and_say_why_when_the_answer_does_not_parse() {
        // given
        openai.replyWith("I think this is about code.", 100, 8);

        // when
        RouteDecision d = chain(openAiModel(Duration.ofSeconds(5))).route("fix my regex");

        // then
        assertThat(d.route()).contains(FallbackRouter.DEFAULT_ROUTE);
        assertThat(d.decidedBy()).isEqualTo(RouteDecision.DecidedBy.DEFAULT);
        assertThat(d.reason()).contains("not JSON").contains("I think this is about code.");
        assertThat(d.llm()).hasValueSatisfying(call -> {
            assertThat(call.failed()).isTrue();
            assertThat(call.inputTokens()).isEqualTo(100);
        });
    }

    @Test
    void should_fall_back_to_the_default_when_the_model_names_an_unknown_route() {
        // given
        ollama.replyWith("{\"route\":\"lawyer\",\"confidence\":0.8}", 10, 5);

        // when
        RouteDecision d = chain(ollamaModel(Duration.ofSeconds(5))).route("can I break my lease?");

        // then
        assertThat(d.decidedBy()).isEqualTo(RouteDecision.DecidedBy.DEFAULT);
        assertThat(d.reason()).contains("unknown route 'lawyer'");
    }

    @Test
    void should_fall_back_to_the_default_when_the_classifier_times_out() {
        // given a server slower than the client's timeout
        openai.replyWith("{\"route\": \"coder\", \"confidence\": 0.9}", 1, 1).delay(Duration.ofMillis(1500));

        // when
        RouteDecision d = chain(openAiModel(Duration.ofMillis(300))).route("write a bash loop");

        // then
        assertThat(d.decidedBy()).isEqualTo(RouteDecision.DecidedBy.DEFAULT);
        assertThat(d.route()).contains(FallbackRouter.DEFAULT_ROUTE);
        assertThat(d.reason()).startsWith("best match coder scores").contains("; the LLM route classifier failed: request timed out");
        assertThat(d.llm()).hasValueSatisfying(call -> {
            assertThat(call.failed()).isTrue();
            assertThat(call.ms()).isGreaterThanOrEqualTo(300);
            assertThat(call.inputTokens()).isZero();
        });
    }
}
