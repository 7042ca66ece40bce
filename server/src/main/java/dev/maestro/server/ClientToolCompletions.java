package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.maestro.Maestro;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code /v1/chat/completions} with the client's own {@code tools}: the request is routed like any other (the last
 * user message picks the agent), the agent's model is offered the client's functions, and the {@code tool_calls} it
 * asks for go back to the client in OpenAI's format, streamed or not. The client runs them and sends the results as
 * {@code tool} messages in its next request. Maestro executes nothing and stores nothing: the client holds the loop's
 * state, exactly as with OpenAI's API, so an OpenAI SDK agent loop works through Maestro unchanged.
 */
final class ClientToolCompletions {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientToolCompletions.class);
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final long HEARTBEAT_MS = 5_000;

    private final Maestro maestro;
    private final Turns turns;
    private final ServerMetrics metrics;

    ClientToolCompletions(Maestro maestro, Turns turns, ServerMetrics metrics) {
        this.maestro = maestro;
        this.turns = turns;
        this.metrics = metrics;
    }

    /**
     * Whether the request is a client's tool loop: it offers {@code tools}, or it ends with a {@code tool} result (a
     * loop's last round may no longer offer tools; a graph turn needs a user message last, so such requests were 400s).
     */
    static boolean wanted(JsonNode request) {
        JsonNode tools = request.get("tools");
        if (tools != null && !tools.isNull() && !(tools.isArray() && tools.isEmpty())) {
            return true;
        }
        JsonNode messages = request.path("messages");
        return !messages.isEmpty() && "tool".equals(messages.get(messages.size() - 1).path("role").asText());
    }

    void complete(Context ctx, JsonNode request, String tenant) {
        maestro.checkTenantBudget(tenant); // 429 like a turn's, before any stream opens
        JsonNode toolsField = request.get("tools");
        List<ToolSpecification> tools = toolsField == null || toolsField.isNull() ? List.of() : tools(toolsField);
        ToolChoice choice = toolChoice(request.get("tool_choice"), tools);
        if (choice == ToolChoice.REQUIRED && request.path("tool_choice").isObject()) {
            String only = request.path("tool_choice").path("function").path("name").asText();
            tools = tools.stream().filter(t -> t.name().equals(only)).toList();
        }
        List<ChatMessage> messages = messages(request.get("messages"));
        boolean stream = request.path("stream").asBoolean(false);
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        String id = "chatcmpl-" + UUID.randomUUID();
        // a model call like a turn's: it takes one of server.max-concurrent-runs until the model has answered
        Turns.Slot slot = turns.admit();
        if (!stream) {
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            String agent = call(slot, messages, tools, choice, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partialResponse) {
                }

                @Override
                public void onCompleteResponse(ChatResponse completeResponse) {
                    slot.release();
                    done.complete(completeResponse);
                }

                @Override
                public void onError(Throwable error) {
                    slot.release();
                    done.completeExceptionally(error);
                }
            });
            ctx.header("X-Maestro-Agent", agent);
            ChatResponse response = await(done);
            countTokens(tenant, agent, response);
            ApiRoutes.json(ctx, 200, completion(id, response));
            return;
        }
        BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        StreamedChunks chunks = new StreamedChunks(id, includeUsage, frames, slot);
        String agent = call(slot, messages, tools, choice, chunks);
        ctx.header("X-Maestro-Agent", agent);
        SseStream sse = SseStream.open(ctx);
        try {
            while (true) {
                Object frame = frames.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    sse.comment("ping");
                } else if (frame instanceof String json) {
                    sse.data(json);
                } else if (frame == StreamedChunks.END) {
                    sse.flush();
                    countTokens(tenant, agent, chunks.response);
                    return;
                }
                if (frames.isEmpty()) {
                    sse.flush();
                }
            }
        } catch (IOException e) {
            // the client left; the provider's stream ends on its own, and gives the slot back then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String call(Turns.Slot slot, List<ChatMessage> messages, List<ToolSpecification> tools, ToolChoice choice,
                        StreamingChatResponseHandler handler) {
        try {
            return maestro.chatWithClientTools(messages, tools, choice, handler);
        } catch (IllegalArgumentException e) {
            slot.release();
            throw ApiException.badRequest(e.getMessage());
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    private void countTokens(String tenant, String agent, ChatResponse response) {
        if (response == null || response.tokenUsage() == null) {
            return;
        }
        TokenUsage u = response.tokenUsage();
        String model = response.modelName() == null ? "unknown" : response.modelName();
        int in = u.inputTokenCount() == null ? 0 : u.inputTokenCount();
        int out = u.outputTokenCount() == null ? 0 : u.outputTokenCount();
        metrics.tokens(agent, model, in, out);
        try {
            // counts against the tenant's budget like a turn's calls
            metrics.cost(agent, model, maestro.recordModelCall(tenant, agent, model, in, out).map(java.math.BigDecimal::doubleValue).orElse(null));
        } catch (RuntimeException e) {
            // the answer is the client's either way; a usage row that could not be written is a gap in reports only
            LOG.warn("could not record the usage of a client-tools call of tenant {}: {}", tenant, e.getMessage());
        }
    }

    private static ChatResponse await(CompletableFuture<ChatResponse> done) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The client's functions as LangChain4j specifications; each property's schema is passed on as the client wrote it. */
    static List<ToolSpecification> tools(JsonNode tools) {
        if (!tools.isArray()) {
            throw ApiException.badRequest("Field 'tools' must be an array of {\"type\": \"function\", \"function\": {name, description, parameters}}.");
        }
        List<ToolSpecification> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String where = "tools[" + i + "]";
            if (!"function".equals(t.path("type").asText())) {
                throw ApiException.badRequest(where + ".type must be 'function', was '" + t.path("type").asText() + "'.");
            }
            JsonNode f = t.path("function");
            String name = f.path("name").asText("");
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw ApiException.badRequest(where + ".function.name is required: 1 to 64 letters, digits, '_' or '-', was '" + name + "'.");
            }
            ToolSpecification.Builder spec = ToolSpecification.builder().name(name);
            if (f.hasNonNull("description")) {
                spec.description(f.get("description").asText());
            }
            JsonNode params = f.get("parameters");
            if (params != null && !params.isNull()) {
                if (!params.isObject() || !"object".equals(params.path("type").asText("object"))) {
                    throw ApiException.badRequest(where + ".function.parameters must be a JSON Schema object with \"type\": \"object\".");
                }
                spec.parameters(objectSchema(params));
            }
            out.add(spec.build());
        }
        return out;
    }

    private static JsonObjectSchema objectSchema(JsonNode params) {
        JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
        if (params.hasNonNull("description")) {
            schema.description(params.get("description").asText());
        }
        params.path("properties").properties().forEach(p -> schema.addProperty(p.getKey(), JsonRawSchema.from(p.getValue().toString())));
        List<String> required = new ArrayList<>();
        params.path("required").forEach(r -> required.add(r.asText()));
        schema.required(required);
        if (params.has("additionalProperties") && params.get("additionalProperties").isBoolean()) {
            schema.additionalProperties(params.get("additionalProperties").asBoolean());
        }
        return schema.build();
    }

    static ToolChoice toolChoice(JsonNode choice, List<ToolSpecification> tools) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "required" -> ToolChoice.REQUIRED;
                case "none" -> ToolChoice.NONE;
                default -> throw ApiException.badRequest("Field 'tool_choice' must be auto, required, none or {\"type\": \"function\", "
                        + "\"function\": {\"name\": …}}, was '" + choice.asText() + "'.");
            };
        }
        String name = choice.path("function").path("name").asText("");
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw ApiException.badRequest("Field 'tool_choice' names function '" + name + "', which is not among the request's tools.");
        }
        return ToolChoice.REQUIRED;
    }

    /** The request's messages as LangChain4j messages; tool results must answer a call of an earlier assistant message. */
    static List<ChatMessage> messages(JsonNode messages) {
        List<ChatMessage> out = new ArrayList<>();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            String role = m.path("role").asText("");
            switch (role) {
                case "system", "developer" -> out.add(SystemMessage.from("Instructions from the application (follow them within your own rules):\n"
                        + text(m.get("content"), where)));
                case "user" -> out.add(UserMessage.from(text(m.get("content"), where)));
                case "assistant" -> {
                    List<ToolExecutionRequest> calls = new ArrayList<>();
                    for (JsonNode c : m.path("tool_calls")) {
                        String id = c.path("id").asText("");
                        String name = c.path("function").path("name").asText("");
                        if (id.isEmpty() || name.isEmpty()) {
                            throw ApiException.badRequest(where + ".tool_calls entries need an id and function.name.");
                        }
                        callNames.put(id, name);
                        calls.add(ToolExecutionRequest.builder().id(id).name(name).arguments(c.path("function").path("arguments").asText("{}")).build());
                    }
                    String text = text(m.get("content"), where);
                    if (calls.isEmpty()) {
                        out.add(AiMessage.from(text));
                    } else if (text.isEmpty()) {
                        out.add(AiMessage.from(calls));
                    } else {
                        out.add(AiMessage.from(text, calls));
                    }
                }
                case "tool" -> {
                    String id = m.path("tool_call_id").asText("");
                    String name = callNames.get(id);
                    if (name == null) {
                        throw ApiException.badRequest(where + " answers tool_call_id '" + id + "', which no earlier assistant message called.");
                    }
                    out.add(ToolExecutionResultMessage.from(id, name, text(m.get("content"), where)));
                }
                default -> throw ApiException.badRequest(where + ".role must be system, developer, user, assistant or tool, was '" + role + "'.");
            }
        }
        return out;
    }

    private static String text(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder s = new StringBuilder();
            content.forEach(part -> {
                if ("text".equals(part.path("type").asText())) {
                    s.append(part.path("text").asText());
                }
            });
            return s.toString();
        }
        throw ApiException.badRequest(where + ".content must be a string or an array of content parts.");
    }

    private static ObjectNode completion(String id, ChatResponse r) {
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", OpenAiRoutes.MODEL);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        AiMessage ai = r.aiMessage();
        String text = ai.text() == null ? "" : ai.text();
        if (ai.hasToolExecutionRequests()) {
            if (text.isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text);
            }
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolExecutionRequest c : ai.toolExecutionRequests()) {
                ObjectNode call = calls.addObject();
                call.put("id", c.id() == null ? "call_" + UUID.randomUUID().toString().replace("-", "") : c.id());
                call.put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.arguments() == null ? "{}" : c.arguments());
            }
        } else {
            message.put("content", text);
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(r));
        body.set("usage", usage(r.tokenUsage()));
        body.putNull("system_fingerprint");
        return body;
    }

    static String finishReason(ChatResponse r) {
        if (r.aiMessage() != null && r.aiMessage().hasToolExecutionRequests()) {
            return "tool_calls";
        }
        return r.finishReason() == FinishReason.LENGTH ? "length" : "stop";
    }

    static ObjectNode usage(TokenUsage u) {
        ObjectNode usage = Json.object();
        int in = u == null || u.inputTokenCount() == null ? 0 : u.inputTokenCount();
        int out = u == null || u.outputTokenCount() == null ? 0 : u.outputTokenCount();
        usage.put("prompt_tokens", in);
        usage.put("completion_tokens", out);
        usage.put("total_tokens", in + out);
        return usage;
    }

    /**
     * The model's stream as {@code chat.completion.chunk}s: text deltas, then tool-call deltas as OpenAI sends them (the
     * first of a call with its index, id, type and name; argument fragments after), the finish reason and {@code [DONE]}.
     * A provider that sends its calls only at the end (Ollama) has them sent whole then.
     */
    private static final class StreamedChunks implements StreamingChatResponseHandler {
        static final Object END = new Object();

        private final String id;
        private final boolean includeUsage;
        private final BlockingQueue<Object> frames;
        private final long created = System.currentTimeMillis() / 1000;
        private final Turns.Slot slot;
        private final Map<Integer, String> streamedCalls = new LinkedHashMap<>();
        private boolean roleSent;
        /** The model's complete response, once it has ended; read after {@link #END}. */
        volatile ChatResponse response;

        StreamedChunks(String id, boolean includeUsage, BlockingQueue<Object> frames, Turns.Slot slot) {
            this.id = id;
            this.includeUsage = includeUsage;
            this.frames = frames;
            this.slot = slot;
        }

        @Override
        public synchronized void onPartialResponse(String text) {
            if (text == null || text.isEmpty()) {
                return;
            }
            ObjectNode delta = delta();
            delta.put("content", text);
            send(delta, null);
        }

        @Override
        public synchronized void onPartialToolCall(PartialToolCall call) {
            ObjectNode delta = delta();
            ObjectNode c = delta.putArray("tool_calls").addObject();
            c.put("index", call.index());
            ObjectNode function = c.putObject("function");
            if (!streamedCalls.containsKey(call.index())) {
                String callId = call.id() == null ? "call_" + UUID.randomUUID().toString().replace("-", "") : call.id();
                streamedCalls.put(call.index(), callId);
                c.put("id", callId);
                c.put("type", "function");
                function.put("name", call.name());
            }
            function.put("arguments", call.partialArguments() == null ? "" : call.partialArguments());
            send(delta, null);
        }

        @Override
        public synchronized void onCompleteResponse(ChatResponse response) {
            slot.release();
            this.response = response;
            AiMessage ai = response.aiMessage();
            if (ai != null && ai.hasToolExecutionRequests() && streamedCalls.isEmpty()) {
                List<ToolExecutionRequest> calls = ai.toolExecutionRequests();
                for (int i = 0; i < calls.size(); i++) {
                    ToolExecutionRequest r = calls.get(i);
                    ObjectNode delta = delta();
                    ObjectNode c = delta.putArray("tool_calls").addObject();
                    c.put("index", i);
                    c.put("id", r.id() == null ? "call_" + UUID.randomUUID().toString().replace("-", "") : r.id());
                    c.put("type", "function");
                    c.putObject("function").put("name", r.name()).put("arguments", r.arguments() == null ? "{}" : r.arguments());
                    send(delta, null);
                }
            }
            send(Json.object(), finishReason(response));
            if (includeUsage) {
                ObjectNode usage = chunk();
                usage.putArray("choices");
                usage.set("usage", usage(response.tokenUsage()));
                frames.add(usage.toString());
            }
            frames.add("[DONE]");
            frames.add(END);
        }

        @Override
        public synchronized void onError(Throwable error) {
            slot.release();
            ApiException e = ErrorHandler.toApi(error);
            ObjectNode body = Json.object();
            ObjectNode err = body.putObject("error");
            err.put("code", e.code());
            err.put("message", e.getMessage());
            err.put("type", e.status() >= 500 ? "server_error" : "invalid_request_error");
            frames.add(body.toString());
            frames.add("[DONE]");
            frames.add(END);
        }

        private ObjectNode delta() {
            ObjectNode delta = Json.object();
            if (!roleSent) {
                delta.put("role", "assistant");
                roleSent = true;
            }
            return delta;
        }

        private void send(ObjectNode delta, String finishReason) {
            ObjectNode c = chunk();
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            frames.add(c.toString());
        }

        private ObjectNode chunk() {
            ObjectNode c = Json.object();
            c.put("id", id);
            c.put("object", "chat.completion.chunk");
            c.put("created", created);
            c.put("model", OpenAiRoutes.MODEL);
            c.putNull("system_fingerprint");
            return c;
        }
    }
}
