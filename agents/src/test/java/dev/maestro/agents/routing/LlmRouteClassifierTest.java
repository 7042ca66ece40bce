package dev.maestro.agents.routing;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.core.MaestroException;
import dev.maestro.testkit.ScriptedChatModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmRouteClassifierTest {

    private static final List<Route> ROUTES = List.of(
            Route.of("coder", "writes and explains code", "write a function"),
            Route.of("researcher", "answers from the documents, with citations"));

    private static LlmRouteClassifier classifier(ScriptedChatModel model) {
        return LlmRouteClassifier.builder().chatModel(model).routes(ROUTES).build();
    }

    @Test
    void should_send_the_route_list_and_a_json_schema_and_read_the_structured_answer() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("{\"route\": \"researcher\", \"confidence\": 0.8}")
                .supporting(Capability.RESPONSE_FORMAT_JSON_SCHEMA);

        // when
        Optional<ScoredRoute> chosen = classifier(model).classify("what does the handbook say about leave?");

        // then
        assertThat(chosen).contains(new ScoredRoute("researcher", 0.8));
        ChatRequest request = model.lastRequest();
        assertThat(((SystemMessage) request.messages().getFirst()).text())
                .contains("- coder: writes and explains code", "- researcher: answers from the documents, with citations");
        assertThat(request.responseFormat().type()).isEqualTo(ResponseFormatType.JSON);
        JsonObjectSchema schema = (JsonObjectSchema) request.responseFormat().jsonSchema().rootElement();
        assertThat(((JsonEnumSchema) schema.properties().get("route")).enumValues()).containsExactly("coder", "researcher", "none");
        assertThat(schema.required()).containsExactly("route", "confidence");
    }

    @Test
    void should_answer_empty_when_the_model_says_none_and_accept_fenced_json() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("{\"route\": \"none\", \"confidence\": 0.9}",
                "```json\n{\"route\": \"coder\", \"confidence\": 7}\n```");
        LlmRouteClassifier classifier = classifier(model);

        // when / then
        assertThat(classifier.classify("what's the meaning of life")).isEmpty();
        assertThat(classifier.classify("fix my loop")).contains(new ScoredRoute("coder", 1.0));
    }

    @Test
    void should_fail_clearly_on_malformed_answers_and_unknown_routes() {
        // given
        LlmRouteClassifier classifier = classifier(ScriptedChatModel.replying("coder", "{\"confidence\": 1}", "{\"route\": \"chef\"}"));

        // when / then
        assertThatThrownBy(() -> classifier.classify("a")).isInstanceOf(MaestroException.class).hasMessageContaining("not JSON: coder");
        assertThatThrownBy(() -> classifier.classify("b")).hasMessageContaining("has no \"route\" field");
        assertThatThrownBy(() -> classifier.classify("c")).hasMessageContaining("unknown route 'chef'").hasMessageContaining("[coder, researcher]");
    }

    @Test
    void should_take_the_prompt_text_from_the_builder_and_require_the_routes_variable() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("{\"route\": \"coder\", \"confidence\": 0.6}");
        LlmRouteClassifier classifier = LlmRouteClassifier.builder().chatModel(model).routes(ROUTES)
                .promptText("Choose one of:\n{{routes}}").build();

        // when
        RouteDecision decision = classifier.route("write a function");

        // then
        assertThat(((SystemMessage) model.lastRequest().messages().getFirst()).text())
                .isEqualTo("Choose one of:\n- coder: writes and explains code\n- researcher: answers from the documents, with citations");
        assertThat(decision.decidedBy()).isEqualTo(RouteDecision.DecidedBy.LLM);
        assertThat(classifier.promptRef()).isEqualTo("router.custom@v1");
        assertThatThrownBy(() -> LlmRouteClassifier.builder().chatModel(model).routes(ROUTES).promptText("Pick a route.").build())
                .hasMessageContaining("must contain {{routes}}");
    }

    @Test
    void should_use_the_versioned_router_prompt_by_default() {
        assertThat(classifier(ScriptedChatModel.empty()).promptRef()).isEqualTo("router.system@v1");
    }
}
