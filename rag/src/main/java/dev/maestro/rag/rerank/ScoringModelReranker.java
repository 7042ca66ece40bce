package dev.maestro.rag.rerank;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.scoring.ScoringModel;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.rag.Candidate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code cross-encoder}: scores (query, passage) pairs with a LangChain4j {@link ScoringModel}, e.g.
 * {@code OnnxScoringModel(pathToModel, pathToTokenizer)} from {@code langchain4j-onnx-scoring} pointed at a
 * cross-encoder's files. This module does not depend on that jar; the application builds the model.
 *
 * @since 0.1
 */
public final class ScoringModelReranker implements Reranker {

    private final ScoringModel model;

    public ScoringModelReranker(ScoringModel model) {
        this.model = Ensure.notNull(model, "model");
    }

    @Override
    public String name() {
        return "cross-encoder";
    }

    @Override
    public List<Candidate> rerank(String query, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        List<TextSegment> segments = candidates.stream()
                .map(c -> TextSegment.from(c.hit().title().isEmpty() ? c.hit().text() : c.hit().title() + "\n" + c.hit().text()))
                .toList();
        List<Double> scores;
        try {
            scores = model.scoreAll(segments, query).content();
        } catch (RuntimeException e) {
            throw new MaestroException("The cross-encoder scoring model failed: " + e.getMessage(), e);
        }
        if (scores.size() != candidates.size()) {
            throw new MaestroException("The scoring model returned " + scores.size() + " scores for " + candidates.size() + " passages");
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(candidates.get(i).withHit(candidates.get(i).hit().withScore(scores.get(i))));
        }
        out.sort(Comparator.comparingDouble((Candidate c) -> c.hit().score()).reversed());
        return out;
    }
}
