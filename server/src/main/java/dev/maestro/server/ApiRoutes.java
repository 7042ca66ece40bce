package dev.maestro.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.Maestro;
import dev.maestro.graph.Approval;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/** The JSON API under {@code /api}: conversations, messages (JSON or SSE), approvals, runs, events, feedback, documents. */
final class ApiRoutes {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Conversations conversations;
    private final Runs runs;
    private final Turns turns;
    private final Documents documents;
    private final Maestro maestro;
    private final int maxBodyBytes;
    private final int maxUploadBytes;
    private final int maxPromptChars;

    private final ServerMetrics metrics;

    ApiRoutes(Conversations conversations, Runs runs, Turns turns, Documents documents, Maestro maestro, ServerMetrics metrics,
              int maxBodyBytes, int maxUploadBytes, int maxPromptChars) {
        this.metrics = metrics;
        this.conversations = conversations;
        this.runs = runs;
        this.turns = turns;
        this.documents = documents;
        this.maestro = maestro;
        this.maxBodyBytes = maxBodyBytes;
        this.maxUploadBytes = maxUploadBytes;
        this.maxPromptChars = maxPromptChars;
    }

    record CreateConversation(String title) {
    }

    record SendMessage(String content, Boolean stream) {
    }

    record ApprovalRequest(String decision, String input, Boolean stream) {
    }

    record FeedbackRequest(String rating, String comment) {
    }

    void register(Javalin app) {
        app.post("/api/conversations", this::createConversation);
        app.get("/api/conversations", ctx -> json(ctx, 200, Map.of("conversations",
                conversations.list(Auth.principal(ctx), limit(ctx)))));
        app.get("/api/conversations/{id}", this::getConversation);
        app.get("/api/conversations/{id}/messages", ctx -> json(ctx, 200, Map.of("messages",
                conversations.history(Auth.principal(ctx), ctx.pathParam("id")))));
        app.post("/api/conversations/{id}/messages", this::sendMessage);
        app.post("/api/conversations/{id}/approval", this::approve);
        app.get("/api/runs", this::listRuns);
        app.get("/api/runs/{id}", ctx -> json(ctx, 200, runs.require(Auth.principal(ctx), ctx.pathParam("id"))));
        app.get("/api/runs/{id}/events", ctx -> json(ctx, 200, Map.of("events", runs.events(Auth.principal(ctx), ctx.pathParam("id")))));
        app.post("/api/runs/{id}/feedback", this::feedback);
        app.post("/api/documents", this::upload);
        app.get("/api/documents", ctx -> json(ctx, 200, Map.of("documents", documents.list(Auth.principal(ctx), limit(ctx)))));
        app.get("/api/documents/{id}", ctx -> json(ctx, 200, documents.require(Auth.principal(ctx), ctx.pathParam("id"))));
    }

    private void createConversation(Context ctx) {
        Principal who = Auth.principal(ctx);
        String title = null;
        if (ctx.req().getContentLengthLong() != 0) {
            CreateConversation body = Json.read(ctx, CreateConversation.class, maxBodyBytes, Json.STRICT);
            title = body.title();
            if (title != null && title.length() > Conversations.MAX_TITLE_CHARS) {
                throw ApiException.badRequest("Field 'title' is " + title.length() + " characters; the limit is " + Conversations.MAX_TITLE_CHARS + ".");
            }
        }
        json(ctx, 201, conversations.create(who, title));
    }

    private void getConversation(Context ctx) {
        Principal who = Auth.principal(ctx);
        Conversations.Conversation c = conversations.require(who, ctx.pathParam("id"));
        ObjectNode body = Json.OUT.valueToTree(c);
        body.put("pending_approval", maestro.pendingApproval(c.id()).orElse(null));
        maestro.pendingToolCall(c.id()).ifPresent(call -> body.putObject("pending_tool_call").put("agent", call.agent())
                .put("tool", call.tool()).put("arguments", call.arguments()).put("risk", call.risk()));
        json(ctx, 200, body);
    }

    private void sendMessage(Context ctx) {
        long start = System.nanoTime();
        Principal who = Auth.principal(ctx);
        Conversations.Conversation c = conversations.require(who, ctx.pathParam("id"));
        SendMessage body = Json.read(ctx, SendMessage.class, maxBodyBytes, Json.STRICT);
        String content = required(body.content(), "content", "the message text");
        if (content.length() > maxPromptChars) {
            throw new ApiException(413, "prompt_too_long", "Field 'content' is " + content.length()
                    + " characters; the limit is " + maxPromptChars + " (prompt.max-chars).");
        }
        run(ctx, who, UUID.fromString(c.id()), Turns.Request.question(content), wantsStream(ctx, body.stream()), start);
    }

    private void approve(Context ctx) {
        long start = System.nanoTime();
        Principal who = Auth.principal(ctx);
        Conversations.Conversation c = conversations.require(who, ctx.pathParam("id"));
        ApprovalRequest body = Json.read(ctx, ApprovalRequest.class, maxBodyBytes, Json.STRICT);
        String decision = required(body.decision(), "decision", "approve, reject or edit").toLowerCase(Locale.ROOT);
        Approval approval = switch (decision) {
            case "approve" -> Approval.approve();
            case "reject" -> Approval.reject();
            case "edit" -> Approval.edit(required(body.input(), "input", "the text the agent should run with instead"));
            default -> throw ApiException.badRequest("Field 'decision' must be approve, reject or edit, was '" + body.decision() + "'.");
        };
        if (maestro.pendingApproval(c.id()).isEmpty()) {
            throw new ApiException(409, "nothing_pending", "Conversation " + c.id() + " has no turn waiting for approval.");
        }
        run(ctx, who, UUID.fromString(c.id()), Turns.Request.approval(approval), wantsStream(ctx, body.stream()), start);
    }

    private void run(Context ctx, Principal who, UUID conversation, Turns.Request request, boolean stream, long start) {
        if (!stream) {
            Turns.Handle handle = turns.start(who, conversation, request, e -> { }, start);
            Turns.Outcome o = await(handle);
            if (o.failure() != null) {
                throw o.failure();
            }
            json(ctx, 200, RunFormat.outcome(o, null));
            return;
        }
        SseStream sse = SseStream.open(ctx);
        Turns.Handle handle = turns.start(who, conversation, request, sse.listener(), start);
        try {
            ObjectNode started = Json.object();
            started.put("run_id", handle.runId.toString());
            started.put("conversation_id", conversation.toString());
            sse.event("run", started.toString());
            sse.flush(); // the client learns its run id before the run's first event
        } catch (IOException e) {
            handle.cancel();
            return;
        }
        sse.pump(handle, new RunFormat());
    }

    static Turns.Outcome await(Turns.Handle handle) {
        try {
            return handle.outcome.get();
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "The server is stopping; retry.", 1);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Run " + handle.runId + " ended without an outcome", e.getCause());
        }
    }

    private void listRuns(Context ctx) {
        Principal who = Auth.principal(ctx);
        String conversation = ctx.queryParam("conversation");
        UUID id = conversation == null ? null : UUID.fromString(conversations.require(who, conversation).id());
        json(ctx, 200, Map.of("runs", runs.list(who, id, limit(ctx))));
    }

    private void feedback(Context ctx) {
        Principal who = Auth.principal(ctx);
        String runId = ctx.pathParam("id");
        Runs.Run run = runs.require(who, runId);
        FeedbackRequest body = Json.read(ctx, FeedbackRequest.class, maxBodyBytes, Json.STRICT);
        String rating = required(body.rating(), "rating", "up or down").toLowerCase(Locale.ROOT);
        int value = switch (rating) {
            case "up" -> 1;
            case "down" -> -1;
            default -> throw ApiException.badRequest("Field 'rating' must be up or down, was '" + body.rating() + "'.");
        };
        String comment = body.comment() == null ? "" : body.comment();
        if (comment.length() > 2000) {
            throw ApiException.badRequest("Field 'comment' is " + comment.length() + " characters; the limit is 2000.");
        }
        runs.feedback(who, runId, value, comment);
        // on a cached answer the verdict is evidence for the entry that was reused
        for (Runs.Event e : runs.events(who, runId)) {
            if ("cache".equals(e.type()) && "hit".equals(e.data().get("outcome")) && e.data().get("entry") instanceof Number entry
                    && e.data().get("similarity") instanceof Number similarity) {
                maestro.cacheFeedback(entry.longValue(), similarity.doubleValue(), value > 0);
                metrics.cacheFeedback(value > 0);
            }
        }
        // a vote for the prompt experiment arm that answered; a changed rating of the run replaces it
        List<String> counted = new ArrayList<>();
        for (String ref : run.prompt() == null ? new String[0] : run.prompt().split(",")) {
            if (maestro.promptExperiments().recordVote(ref, "run:" + run.id(), value > 0)) {
                counted.add(ref);
            }
        }
        json(ctx, 201, Map.of("run_id", runId, "rating", rating, "prompt_experiment_arms", counted));
    }

    private void upload(Context ctx) {
        Principal who = Auth.principal(ctx);
        String collection = ctx.queryParam("collection") == null ? "default" : ctx.queryParam("collection");
        if (!ApiKeys.TENANT.matcher(collection).matches()) {
            throw ApiException.badRequest("Collection '" + collection + "' is not valid: use 1 to 64 letters, digits, '_', '.' or '-'.");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes + 64L * 1024) {
            throw Json.tooLarge(declared, maxUploadBytes);
        }
        String filename;
        byte[] content;
        if (ctx.isMultipartFormData()) {
            UploadedFile file = ctx.uploadedFile("file");
            if (file == null) {
                throw ApiException.badRequest("The multipart body has no part named 'file'.");
            }
            filename = Documents.safeFilename(file.filename());
            if (file.size() > maxUploadBytes) {
                throw Json.tooLarge(file.size(), maxUploadBytes);
            }
            try (InputStream in = file.content()) {
                content = in.readAllBytes();
            } catch (IOException e) {
                throw ApiException.badRequest("The upload could not be read: " + e.getMessage());
            }
        } else {
            filename = Documents.safeFilename(ctx.queryParam("filename"));
            content = Json.body(ctx, maxUploadBytes);
        }
        if (content.length == 0) {
            throw ApiException.badRequest("The uploaded document '" + filename + "' is empty.");
        }
        Documents.Document d = documents.accept(who, collection, filename, content);
        ctx.header("Location", "/api/documents/" + d.id());
        json(ctx, 202, d);
    }

    private static boolean wantsStream(Context ctx, Boolean stream) {
        if (stream != null) {
            return stream;
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/event-stream");
    }

    private static String required(String value, String field, String what) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Field '" + field + "' is required: " + what + ".");
        }
        return value;
    }

    static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT + ", was '" + v + "'.");
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.writeOut(body));
    }
}
