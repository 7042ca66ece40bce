package dev.maestro.rag.transform;

import dev.maestro.rag.Hit;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;
import dev.maestro.testkit.ScriptedChatModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryTransformsTest {

    /** Returns one hit per query, whose id is the query's length, and records the queries. */
    static final class Recording implements Retriever {
        final List<String> queries = new ArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public List<Hit> retrieve(RetrievalRequest request) {
            queries.add(request.query());
            long id = request.query().length();
            return List.of(new Hit(id, id, "s", "", request.query(), Map.of(), 1, null), new Hit(0, 0, "s", "", "shared", Map.of(), 0.5, null));
        }
    }

    @Test
    void should_search_with_the_hypothetical_passage_appended() {
        // given
        Recording inner = new Recording();
        HydeRetriever hyde = HydeRetriever.builder().retriever(inner).chatModel(ScriptedChatModel.replying("Aspirin inhibits COX.")).build();

        // when
        hyde.retrieve("how does aspirin work", 5);

        // then
        assertThat(inner.queries).containsExactly("how does aspirin work\nAspirin inhibits COX.");
        assertThat(hyde.name()).isEqualTo("hyde-fake");
    }

    @Test
    void should_fuse_the_results_of_every_rephrasing() {
        // given
        Recording inner = new Recording();
        MultiQueryRetriever multi = MultiQueryRetriever.builder().retriever(inner).queries(2)
                .chatModel(ScriptedChatModel.replying("1. aspirin mechanism\n- how aspirin acts\nextra line")).build();

        // when
        List<Hit> hits = multi.retrieve("how does aspirin work", 10);

        // then: the original plus two rephrasings; the hit all three share ranks first
        assertThat(inner.queries).containsExactly("how does aspirin work", "aspirin mechanism", "how aspirin acts");
        assertThat(hits.getFirst().chunkId()).isZero();
        assertThat(hits).hasSize(4);
    }
}
