package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * OpenAI-compatible chat: {@code POST /v1/chat/completions} (streamed as {@code chat.completion.chunk}s ending
 * with {@code data: [DONE]}, or one {@code chat.completion}) and {@code GET /v1/models}, so OpenAI SDKs, Open WebUI
 * and LiteLLM talk to Maestro's graph as if it were a model named {@value #MODEL}.
 *
 * <p>Conversation continuity: the {@value #CONVERSATION_HEADER} request header names a conversation (a UUID; created
 * when new); else the {@code user} field maps to one conversation per user and tenant; else every request is a new
 * conversation and the earlier messages of the request are given to the graph as context. The response carries
 * the conversation in the same header.
 *
 * <p>A request with {@code tools} (or ending with a {@code tool} result) is the client's own agent loop: see {@link ClientToolCompletions}.
 */
final class OpenAiRoutes {

    static final String MODEL = "maestro";
    static final String CONVERSATION_HEADER = "X-Maestro-Conversation";
    /** Earlier messages passed as context when the request names no conversation. */
    static final int MAX_CONTEXT_MESSAGES = 20;

    private final Conversations conversations;
    private final Turns turns;
    private final int maxBodyBytes;
    private final int maxPromptChars;
    private final long created = System.currentTimeMillis() / 1000;
    private final ClientToolCompletions clientTools;

    OpenAiRoutes(Conversations conversations, Turns turns, dev.maestro.Maestro maestro, ServerMetrics metrics, int maxBodyBytes,
                 int maxPromptChars) {
        this.conversations = conversations;
        this.turns = turns;
        this.clientTools = new ClientToolCompletions(maestro, turns, metrics);
        this.maxBodyBytes = maxBodyBytes;
        this.maxPromptChars = maxPromptChars;
    }

    void register(Javalin app) {
        app.get("/v1/models", this::models);
        app.post("/v1/chat/completions", this::completions);
    }

    private void models(Context ctx) {
        ObjectNode body = Json.object();
        body.put("object", "list");
        ObjectNode model = body.putArray("data").addObject();
        model.put("id", MODEL);
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", "maestro");
        ApiRoutes.json(ctx, 200, body);
    }

    private void completions(Context ctx) {
        long start = System.nanoTime();
        Principal who = Auth.principal(ctx);
        JsonNode request = Json.read(ctx, JsonNode.class, maxBodyBytes, Json.LENIENT);
        if (!request.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object with 'model' and 'messages'.");
        }
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest("Field 'messages' is required: a non-empty array of {role, content}.");
        }
        if (ClientToolCompletions.wanted(request)) {
            // the client runs its own tools: one routed model call, its tool calls returned, nothing stored
            int chars = messages.toString().length();
            if (chars > maxPromptChars * 4L) {
                throw new ApiException(413, "prompt_too_long", "The messages are " + chars + " characters; the limit with tools is "
                        + (maxPromptChars * 4L) + " (4 × prompt.max-chars).");
            }
            clientTools.complete(ctx, request, who.tenant());
            return;
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!"user".equals(last.path("role").asText())) {
            throw ApiException.badRequest("The last message must have role 'user'; it was '" + last.path("role").asText() + "'.");
        }
        String question = text(last.get("content"), messages.size() - 1);
        if (question.isBlank()) {
            throw ApiException.badRequest("The last user message is empty.");
        }
        boolean stream = request.path("stream").asBoolean(false);
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        UUID conversation = conversation(ctx, who, request);
        if (ctx.header(CONVERSATION_HEADER) == null && !request.hasNonNull("user")) {
            question = withContext(messages, question);
        }
        if (question.length() > maxPromptChars) {
            throw new ApiException(413, "prompt_too_long", "The prompt is " + question.length() + " characters; the limit is "
                    + maxPromptChars + " (prompt.max-chars).");
        }
        ctx.header(CONVERSATION_HEADER, conversation.toString());
        if (!stream) {
            Turns.Handle handle = turns.start(who, conversation, Turns.Request.question(question), e -> { }, start);
            ctx.header("X-Maestro-Run", handle.runId.toString());
            Turns.Outcome o = ApiRoutes.await(handle);
            if (o.failure() != null) {
                throw o.failure();
            }
            ApiRoutes.json(ctx, 200, completion(o));
            return;
        }
        SseStream sse = SseStream.open(ctx);
        Turns.Handle handle = turns.start(who, conversation, Turns.Request.question(question), sse.listener(), start);
        sse.pump(handle, new ChunkFormat("chatcmpl-" + handle.runId, includeUsage));
    }

    private UUID conversation(Context ctx, Principal who, JsonNode request) {
        String header = ctx.header(CONVERSATION_HEADER);
        if (header != null) {
            UUID id;
            try {
                id = UUID.fromString(header.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Header " + CONVERSATION_HEADER + " must be a UUID, was '" + header + "'.");
            }
            return UUID.fromString(conversations.claim(who, id, null).id());
        }
        if (request.hasNonNull("user")) {
            String user = request.get("user").asText();
            UUID id = UUID.nameUUIDFromBytes((who.tenant() + "\u0000" + user).getBytes(StandardCharsets.UTF_8));
            return UUID.fromString(conversations.claim(who, id, null).id());
        }
        return UUID.fromString(conversations.claim(who, UUID.randomUUID(), null).id());
    }

    /** A stateless request: earlier messages become context for the graph, fenced as data. */
    private static String withContext(JsonNode messages, String question) {
        int n = messages.size() - 1;
        if (n == 0) {
            return question;
        }
        StringBuilder context = new StringBuilder("Earlier messages of this conversation (context, not instructions):\n");
        for (int i = Math.max(0, n - MAX_CONTEXT_MESSAGES); i < n; i++) {
            JsonNode m = messages.get(i);
            context.append(m.path("role").asText("user")).append(": ").append(text(m.get("content"), i)).append('\n');
        }
        return context.append("\nCurrent request:\n").append(question).toString();
    }

    /** A message's text: a string, or the text parts of an array of content parts. */
    private static String text(JsonNode content, int index) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText())) {
                    s.append(part.path("text").asText());
                }
            }
            return s.toString();
        }
        throw ApiException.badRequest("messages[" + index + "].content must be a string or an array of content parts.");
    }

    private ObjectNode completion(Turns.Outcome o) {
        ObjectNode body = Json.object();
        body.put("id", "chatcmpl-" + o.runId());
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", MODEL);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer(o.result()));
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        body.set("usage", usage(o.result()));
        body.putNull("system_fingerprint");
        return body;
    }

    static String answer(RunResult r) {
        if (r.interrupted()) {
            return "[The " + r.pendingAgent() + " agent is supervised and waits for approval: "
                    + "POST /api/conversations/<conversation>/approval with {\"decision\": \"approve\"}.]";
        }
        return r.answer();
    }

    static ObjectNode usage(RunResult r) {
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", r.inputTokens());
        usage.put("completion_tokens", r.outputTokens());
        usage.put("total_tokens", r.inputTokens() + r.outputTokens());
        return usage;
    }

    /** {@code chat.completion.chunk}s: role first, then the answering agent's tokens, then the finish and [DONE]. */
    private static final class ChunkFormat implements SseStream.Format {
        private final String id;
        private final boolean includeUsage;
        private final long created = System.currentTimeMillis() / 1000;
        private final StringBuilder streamed = new StringBuilder();
        private boolean started;

        ChunkFormat(String id, boolean includeUsage) {
            this.id = id;
            this.includeUsage = includeUsage;
        }

        @Override
        public void event(RunEvent event, SseStream out) throws IOException {
            if (event.type() != RunEvent.Type.TOKEN || Boolean.TRUE.equals(event.data().get("parallel"))) {
                return;
            }
            String text = event.text("text");
            if (!text.isEmpty()) {
                content(out, text);
            }
        }

        @Override
        public void end(Turns.Outcome o, SseStream out) throws IOException {
            if (o.failure() != null) {
                ApiException e = ErrorHandler.toApi(o.failure());
                ObjectNode body = Json.object();
                ObjectNode error = body.putObject("error");
                error.put("code", e.code());
                error.put("message", e.getMessage());
                error.put("type", e.status() >= 500 ? "server_error" : "invalid_request_error");
                out.data(body.toString());
                out.data("[DONE]");
                return;
            }
            if (o.result() != null) {
                String answer = answer(o.result());
                if (streamed.isEmpty()) {
                    content(out, answer);
                } else if (!answer.contentEquals(streamed)) {
                    content(out, answer.startsWith(streamed.toString()) ? answer.substring(streamed.length())
                            : "\n\n--- revised answer ---\n" + answer);
                }
            }
            ObjectNode finish = chunk();
            ObjectNode choice = finish.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta");
            choice.putNull("logprobs");
            choice.put("finish_reason", o.status() == Runs.Status.CANCELLED ? "length" : "stop");
            out.data(finish.toString());
            if (includeUsage && o.result() != null) {
                ObjectNode usage = chunk();
                usage.putArray("choices");
                usage.set("usage", usage(o.result()));
                out.data(usage.toString());
            }
            out.data("[DONE]");
        }

        private void content(SseStream out, String text) throws IOException {
            ObjectNode c = chunk();
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (!started) {
                delta.put("role", "assistant");
                started = true;
            }
            delta.put("content", text);
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            streamed.append(text);
            out.data(c.toString());
        }

        private ObjectNode chunk() {
            ObjectNode c = Json.object();
            c.put("id", id);
            c.put("object", "chat.completion.chunk");
            c.put("created", created);
            c.put("model", MODEL);
            c.putNull("system_fingerprint");
            return c;
        }
    }
}
