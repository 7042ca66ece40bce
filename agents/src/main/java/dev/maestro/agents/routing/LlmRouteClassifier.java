package dev.maestro.agents.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.prompts.Prompt;
import dev.maestro.prompts.PromptLibrary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Routes with one chat call and structured output: the routes are listed in the system prompt and the answer
 * must match a JSON schema {@code {"route": <one of the names or "none">, "confidence": number}}.
 * The fallback of {@link FallbackRouter} when the embedding router abstains.
 *
 * @since 0.1
 */
public final class LlmRouteClassifier implements IntentRouter {

    /** The route name the model answers when nothing fits. */
    public static final String NONE = "none";
    /** The default system prompt: {@code prompts}' {@code router.system}, latest version; it must use {@code {{routes}}}. */
    public static final String DEFAULT_PROMPT_ID = "router.system";
    static final String SCHEMA_NAME = "route_decision";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModel chatModel;
    private final List<Route> routes;
    private final Prompt prompt;
    private final String systemMessage;
    private final ResponseFormat responseFormat;
    private final ComplexityEstimator complexity;
    private final String modelName;

    private LlmRouteClassifier(Builder builder) {
        this.chatModel = Ensure.notNull(builder.chatModel, "chatModel");
        this.modelName = builder.modelName == null ? "" : builder.modelName;
        this.routes = List.copyOf(Ensure.notEmpty(builder.routes, "routes"));
        this.prompt = builder.prompt == null ? PromptLibrary.standard().latest(DEFAULT_PROMPT_ID) : builder.prompt;
        this.complexity = builder.complexityEstimator == null ? ComplexityEstimator.standard() : builder.complexityEstimator;
        if (!prompt.text().contains("{{routes}}")) {
            throw new IllegalArgumentException("The router prompt " + prompt.ref() + " must contain {{routes}}, where the route list goes");
        }
        String list = routes.stream()
                .map(r -> "- " + r.name() + (r.description().isEmpty() ? "" : ": " + r.description()))
                .collect(Collectors.joining("\n"));
        this.systemMessage = prompt.render(Map.of("routes", list));
        List<String> names = new ArrayList<>(routes.stream().map(Route::name).toList());
        names.add(NONE);
        this.responseFormat = ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name(SCHEMA_NAME).rootElement(JsonObjectSchema.builder()
                        .addEnumProperty("route", names, "the route that should handle the message, or none")
                        .addNumberProperty("confidence", "how sure, from 0 to 1")
                        .required("route", "confidence")
                        .additionalProperties(false)
                        .build()).build())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The route the model chose, with its stated confidence; empty when it answered {@code none}.
     *
     * @throws MaestroException when the answer is not the expected JSON or names an unknown route; provider
     *                          failures propagate as the chat model throws them
     */
    public Optional<ScoredRoute> classify(String request) {
        Ensure.notBlank(request, "request");
        ChatResponse response = chatModel.chat(ChatRequest.builder()
                .messages(SystemMessage.from(systemMessage), UserMessage.from(request))
                .responseFormat(responseFormat)
                .build());
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        return parse(text);
    }

    /**
     * One classification with its cost: the route (empty for {@code none} or on failure), the call's wall time and
     * tokens, and, when the answer could not be used, why. Never throws for a provider failure or a reply that does
     * not parse; those come back as {@link RouteDecision.LlmCall#error()}.
     */
    public Attempt attempt(String request) {
        Ensure.notBlank(request, "request");
        long t0 = System.nanoTime();
        ChatResponse response = null;
        try {
            response = chatModel.chat(ChatRequest.builder()
                    .messages(SystemMessage.from(systemMessage), UserMessage.from(request))
                    .responseFormat(responseFormat)
                    .build());
            Optional<ScoredRoute> route = parse(response.aiMessage() == null ? null : response.aiMessage().text());
            return new Attempt(route, call(t0, response, ""));
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Attempt(Optional.empty(), call(t0, response, response == null ? "the LLM route classifier failed: " + why : why));
        }
    }

    /** What {@link #attempt} found: the route it chose, if any, and the call. */
    public record Attempt(Optional<ScoredRoute> route, RouteDecision.LlmCall call) {
    }

    /** Implements {@link IntentRouter}: a decision by the LLM alone, with no embedding alternatives. */
    @Override
    public RouteDecision route(String request) {
        Optional<ScoredRoute> chosen = classify(request);
        return new RouteDecision(chosen.map(ScoredRoute::route), chosen.map(ScoredRoute::score).orElse(0.0), false,
                chosen.stream().toList(), complexity.estimate(request),
                chosen.isPresent() ? RouteDecision.DecidedBy.LLM : RouteDecision.DecidedBy.NONE);
    }

    /** The prompt this classifier renders, e.g. {@code router.system@v1}, for run records. */
    public String promptRef() {
        return prompt.ref();
    }

    private RouteDecision.LlmCall call(long t0, ChatResponse response, String error) {
        var usage = response == null ? null : response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new RouteDecision.LlmCall((System.nanoTime() - t0) / 1e6, in, out, modelName, error);
    }

    Optional<ScoredRoute> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new MaestroException("The LLM route classifier got an empty answer; expected JSON {\"route\": ..., \"confidence\": ...}");
        }
        String json = text.strip();
        if (json.startsWith("```")) {
            // Models without native structured output sometimes fence the JSON anyway.
            json = json.replaceAll("^```[a-zA-Z]*\\s*", "").replaceAll("\\s*```$", "");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MaestroException("The LLM route classifier answered something that is not JSON: " + abbreviate(text), e);
        }
        JsonNode route = node == null ? null : node.get("route");
        if (route == null || !route.isTextual()) {
            throw new MaestroException("The LLM route classifier's answer has no \"route\" field: " + abbreviate(text));
        }
        String name = route.asText().strip();
        if (name.equalsIgnoreCase(NONE)) {
            return Optional.empty();
        }
        if (routes.stream().noneMatch(r -> r.name().equals(name))) {
            throw new MaestroException("The LLM route classifier chose the unknown route '" + name + "'; known routes: "
                    + routes.stream().map(Route::name).toList());
        }
        JsonNode confidence = node.get("confidence");
        double c = confidence != null && confidence.isNumber() ? Math.max(0, Math.min(1, confidence.asDouble())) : 0.5;
        return Optional.of(new ScoredRoute(name, c));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    public static final class Builder {
        private ChatModel chatModel;
        private List<Route> routes;
        private Prompt prompt;
        private ComplexityEstimator complexityEstimator;
        private String modelName;

        private Builder() {
        }

        /** The chat model's name, recorded with each call's usage; empty by default. */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = chatModel;
            return this;
        }

        /** The routes offered to the model, with their descriptions. */
        public Builder routes(List<Route> routes) {
            this.routes = routes;
            return this;
        }

        /**
         * The system prompt; it must contain {@code {{routes}}}, replaced by one {@code - name: description} line
         * per route. Defaults to the latest {@value #DEFAULT_PROMPT_ID} from {@link PromptLibrary#standard()}.
         */
        public Builder prompt(Prompt prompt) {
            this.prompt = prompt;
            return this;
        }

        /** The system prompt as plain text (recorded as {@code router.custom@v1}); see {@link #prompt(Prompt)}. */
        public Builder promptText(String text) {
            this.prompt = new Prompt("router.custom", 1, Ensure.notBlank(text, "text"));
            return this;
        }

        public Builder complexityEstimator(ComplexityEstimator complexityEstimator) {
            this.complexityEstimator = complexityEstimator;
            return this;
        }

        /** Throws {@link IllegalArgumentException} when the prompt lacks {@code {{routes}}} values or a required option is missing. */
        public LlmRouteClassifier build() {
            return new LlmRouteClassifier(this);
        }
    }
}
