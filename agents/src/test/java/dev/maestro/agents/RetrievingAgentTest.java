package dev.maestro.agents;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.maestro.rag.Hit;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retrieval;
import dev.maestro.rag.Retriever;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetrievingAgentTest {

    /** Answers with the context it was given, so the test can see the fenced sources. */
    private static final Agent ECHO = new Agent() {
        @Override
        public String name() {
            return "researcher";
        }

        @Override
        public AgentReply reply(AgentRequest request, TokenSink sink) {
            sink.onToken("ok");
            return new AgentReply("researcher", request.context(), "m", 1, 1, "researcher.system@v1");
        }
    };

    /** A strategy that chooses per query, like adaptive: its name is not what it reports. */
    private static final Retriever CHOOSING = new Retriever() {
        @Override
        public String name() {
            return "adaptive";
        }

        @Override
        public List<Hit> retrieve(RetrievalRequest request) {
            return retrieval(request).hits();
        }

        @Override
        public Retrieval retrieval(RetrievalRequest request) {
            List<Hit> hits = request.query().contains("nothing") ? List.of()
                    : List.of(new Hit(7, 3, "a.md", "Backups", "Backups run nightly.", Map.of(), 0.9, null));
            return new Retrieval("keyword", hits);
        }
    };

    @Test
    void should_report_the_strategy_that_found_the_sources_before_answering() {
        // given
        List<String> seen = new ArrayList<>();
        TokenSink sink = new TokenSink() {
            @Override
            public void onToken(String token) {
                seen.add("token " + token);
            }

            @Override
            public void onRetrieval(String strategy, List<String> sources) {
                seen.add("retrieval " + strategy + " " + sources);
            }
        };

        // when
        AgentReply reply = new RetrievingAgent(ECHO, CHOOSING, 5).reply(AgentRequest.of("when do backups run?"), sink);
        AgentReply empty = new RetrievingAgent(ECHO, CHOOSING, 5).reply(AgentRequest.of("nothing here"), TokenSink.NONE);

        // then
        assertThat(seen).containsExactly("retrieval keyword [[1] Backups · chunk 7]", "token ok");
        assertThat(reply.retrieval()).isEqualTo("keyword");
        assertThat(reply.sources()).containsExactly("[1] Backups · chunk 7");
        assertThat(reply.text()).contains("<source id=\"1\">\nBackups run nightly.\n</source>");
        assertThat(empty.retrieval()).as("the strategy is known even when it found nothing").isEqualTo("keyword");
        assertThat(empty.sources()).isEmpty();
        assertThat(empty.text()).contains("No sources were found");
    }

    @Test
    void should_read_the_strategy_of_a_langchain4j_retriever_from_content_metadata() {
        dev.langchain4j.data.document.Metadata tagged = new dev.langchain4j.data.document.Metadata().put(Retriever.STRATEGY, "hybrid");
        AgentReply named = new RetrievingAgent(ECHO, q -> List.of(Content.from(TextSegment.from("text", tagged))))
                .reply(AgentRequest.of("q"), TokenSink.NONE);
        AgentReply unnamed = new RetrievingAgent(ECHO, q -> List.of(Content.from(TextSegment.from("text"))))
                .reply(AgentRequest.of("q"), TokenSink.NONE);

        assertThat(named.retrieval()).isEqualTo("hybrid");
        assertThat(unnamed.retrieval()).isEqualTo(RetrievingAgent.UNNAMED_STRATEGY);
    }
}
