package dev.maestro.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaStubTest {

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @Test
    void should_answer_chat_as_one_json_body() throws Exception {
        // given
        ollama.replyWith("Hello", 5, 1);

        // when: no "stream" field counts as not streaming here
        HttpResponse<String> response = StubHttp.post(ollama.baseUrl() + "/api/chat", "{\n  \"model\" : \"llama3.2\"\n}");

        // then
        assertThat(response.body())
                .contains("\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"}")
                .contains("\"done\":true")
                .contains("\"prompt_eval_count\":5")
                .contains("\"eval_count\":1");
    }

    @Test
    void should_stream_ndjson_lines_ending_with_done() throws Exception {
        // given
        ollama.streamTokens(List.of("Hel", "lo"), 5, 2);

        // when
        HttpResponse<String> response = StubHttp.post(ollama.baseUrl() + "/api/chat",
                "{\n  \"model\" : \"llama3.2\",\n  \"stream\" : true\n}");

        // then
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"content\":\"Hel\"").contains("\"done\":false");
        assertThat(lines.get(1)).contains("\"content\":\"lo\"");
        assertThat(lines.get(2)).contains("\"done\":true").contains("\"prompt_eval_count\":5").contains("\"eval_count\":2");
    }

    @Test
    void should_serve_embed_and_tags() throws Exception {
        // given
        ollama.embedWith(new float[] {1f, 2f}, new float[] {3f, 4f}).tags("llama3.2:latest");

        // when
        HttpResponse<String> embed = StubHttp.post(ollama.baseUrl() + "/api/embed", "{\"input\":[\"a\",\"b\"]}");
        HttpResponse<String> tags = StubHttp.get(ollama.baseUrl() + "/api/tags");

        // then
        assertThat(embed.body()).contains("\"embeddings\":[[1.0,2.0],[3.0,4.0]]");
        assertThat(tags.body()).contains("\"name\":\"llama3.2:latest\"");
    }

    @Test
    void should_answer_404_like_ollama_for_a_missing_model() throws Exception {
        // given
        ollama.modelNotFound("llama9");

        // when
        HttpResponse<String> response = StubHttp.post(ollama.baseUrl() + "/api/chat", "{}");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}");
    }

    @Test
    void should_start_each_test_clean() {
        assertThat(ollama.requestCount()).isZero();
        assertThat(ollama.baseUrl()).startsWith("http://127.0.0.1:");
    }
}
