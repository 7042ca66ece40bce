package dev.maestro.evals.retrieval;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import dev.maestro.rag.RagStore;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.TinyBeir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The cross-encoder strategy re-scores hybrid's candidates with the given ScoringModel (here one that counts shared words). */
class CrossEncoderStrategyIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path tmp;

    @Test
    void should_rerank_hybrid_candidates_with_the_scoring_model() throws Exception {
        // given
        Path ds = TinyBeir.write(tmp.resolve("tiny"));
        List<String> scored = new CopyOnWriteArrayList<>();
        ScoringModel sharedWords = new ScoringModel() {
            @Override
            public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
                scored.add(query + " x" + segments.size());
                List<String> words = Arrays.asList(query.toLowerCase(Locale.ROOT).split("\\W+"));
                return Response.from(segments.stream()
                        .map(s -> (double) Arrays.stream(s.text().toLowerCase(Locale.ROOT).split("\\W+")).filter(words::contains).count())
                        .toList());
            }
        };

        // when
        RetrievalResults results = RetrievalEvaluation.builder().dataset(BeirDataset.open(ds))
                .store(RagStore.create(db.dataSource())).embeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel())
                .strategies(List.of("hybrid", "cross-encoder")).crossEncoder(sharedWords).build().run();

        // then: each query's hybrid candidates (all three documents) went through the model once, and its order counts
        assertThat(scored).containsExactlyInAnyOrder("aspirin prevents heart attacks x3", "biggest planet x3");
        StrategyResult crossEncoder = results.strategies().stream().filter(s -> s.strategy().equals("cross-encoder")).findFirst().orElseThrow();
        assertThat(crossEncoder.ndcg10()).isEqualTo(1.0);
    }
}
