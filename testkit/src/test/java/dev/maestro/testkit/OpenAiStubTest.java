package dev.maestro.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiStubTest {

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    private static final String BLOCKING = "{\n  \"model\" : \"gpt-4o-mini\",\n  \"stream\" : false\n}";
    private static final String STREAMING = "{\n  \"model\" : \"gpt-4o-mini\",\n  \"stream\" : true\n}";

    @Test
    void should_answer_a_completion_with_usage() throws Exception {
        // given
        openAi.replyWith("Hi \"there\"", 10, 2);

        // when
        HttpResponse<String> response = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"content\":\"Hi \\\"there\\\"\"")
                .contains("\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}");
        assertThat(openAi.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.url()).isEqualTo("/v1/chat/completions");
            assertThat(r.header("authorization")).isEqualTo("Bearer sk-test");
            assertThat(r.body()).isEqualTo(BLOCKING);
        });
    }

    @Test
    void should_stream_chunks_then_usage_then_done() throws Exception {
        // given
        openAi.streamTokens(List.of("Hel", "lo"), 3, 2);

        // when
        HttpResponse<String> response = StubHttp.post(openAi.baseUrl() + "/chat/completions", STREAMING);

        // then
        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
        List<String> events = List.of(response.body().split("\n\n"));
        assertThat(events).hasSize(6).allSatisfy(e -> assertThat(e).startsWith("data: "));
        assertThat(events.get(1)).contains("\"delta\":{\"content\":\"Hel\"}");
        assertThat(events.get(2)).contains("\"delta\":{\"content\":\"lo\"}");
        assertThat(events.get(3)).contains("\"finish_reason\":\"stop\"");
        assertThat(events.get(4)).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2");
        assertThat(events.get(5)).isEqualTo("data: [DONE]");
    }

    @Test
    void should_serve_embeddings_and_models() throws Exception {
        // given
        openAi.embedWith(new float[] {0.5f, -1f}).models("gpt-4o-mini", "text-embedding-3-small");

        // when
        HttpResponse<String> embeddings = StubHttp.post(openAi.baseUrl() + "/embeddings", "{\"input\":[\"a\"]}");
        HttpResponse<String> models = StubHttp.get(openAi.baseUrl() + "/models");

        // then
        assertThat(embeddings.body()).contains("\"embedding\":[0.5,-1.0]");
        assertThat(models.body()).contains("\"id\":\"gpt-4o-mini\"").contains("\"id\":\"text-embedding-3-small\"");
    }

    @Test
    void should_fail_first_then_answer() throws Exception {
        // given
        openAi.replyWith("ok", 1, 1).failFirst(2, 503, "busy", Map.of("Retry-After", "1"));

        // when
        HttpResponse<String> first = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);
        HttpResponse<String> second = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);
        HttpResponse<String> third = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);

        // then
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).contains("1");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(openAi.requestCount()).isEqualTo(3);
    }

    @Test
    void should_let_the_last_helper_win() throws Exception {
        // given
        openAi.replyWith("ok", 1, 1).failWith(500, "down");

        // when
        HttpResponse<String> failed = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);
        openAi.replyWith("back", 1, 1);
        HttpResponse<String> answered = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);

        // then
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(answered.body()).contains("back");
    }

    @Test
    void should_drop_connections_and_delay_answers() throws Exception {
        // given
        openAi.dropConnection();

        // when / then
        assertThatThrownBy(() -> StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING)).isInstanceOf(IOException.class);

        // given
        openAi.reset();
        openAi.replyWith("late", 1, 1).delay(Duration.ofMillis(300));
        long start = System.nanoTime();

        // when
        HttpResponse<String> response = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);

        // then
        assertThat(response.body()).contains("late");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void should_say_what_it_knows_about_unknown_model() throws Exception {
        // given
        openAi.modelNotFound("gpt-9");

        // when
        HttpResponse<String> response = StubHttp.post(openAi.baseUrl() + "/chat/completions", BLOCKING);

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("The model `gpt-9` does not exist").contains("model_not_found");
    }
}
