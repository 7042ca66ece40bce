package dev.maestro.examples.springboot;

import dev.maestro.ChatRequest;
import dev.maestro.ChatRun;
import dev.maestro.Maestro;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.ProviderException;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /chat} answers with JSON once the run is done; {@code POST /chat/stream} sends the answer's tokens as
 * server-sent events ({@code token}), then the whole answer ({@code done}) or what failed ({@code error}).
 */
@RestController
class ChatController {

    record ChatMessage(String conversationId, String message) {
    }

    record ChatAnswer(String conversationId, String answer, String agent, List<String> sources) {
        static ChatAnswer of(ChatRun run, RunResult result) {
            return new ChatAnswer(run.conversationId(), result.answer(), result.agent(), result.sources());
        }
    }

    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);

    private final Maestro maestro;

    ChatController(Maestro maestro) {
        this.maestro = maestro;
    }

    @PostMapping("/chat")
    ChatAnswer chat(@RequestBody ChatMessage body) {
        ChatRun run = maestro.chat(request(body));
        return ChatAnswer.of(run, run.await());
    }

    @PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestBody ChatMessage body) {
        ChatRun run = maestro.chat(request(body));
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.onTimeout(run::cancel);
        Thread.ofVirtual().name("chat-stream-" + run.conversationId()).start(() -> {
            try {
                for (RunEvent event : (Iterable<RunEvent>) run.events()::iterator) {
                    if (event.type() == RunEvent.Type.TOKEN) {
                        emitter.send(SseEmitter.event().name("token").data(event.text("text")));
                    }
                }
                emitter.send(SseEmitter.event().name("done").data(ChatAnswer.of(run, run.await()), MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException clientGone) {
                run.cancel();
            } catch (RuntimeException failed) {
                sendError(emitter, failed);
            }
        });
        return emitter;
    }

    private static void sendError(SseEmitter emitter, RuntimeException failed) {
        try {
            emitter.send(SseEmitter.event().name("error").data(String.valueOf(failed.getMessage())));
            emitter.complete();
        } catch (IOException clientGone) {
            emitter.completeWithError(clientGone);
        }
    }

    private static ChatRequest request(ChatMessage body) {
        return ChatRequest.builder().conversationId(body.conversationId()).message(body.message()).build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ProviderException.class)
    ProblemDetail providerFailed(ProviderException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
    }

    @ExceptionHandler(DatabaseException.class)
    ProblemDetail databaseFailed(DatabaseException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
}
