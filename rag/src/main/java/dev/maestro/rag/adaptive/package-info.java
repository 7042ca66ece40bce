/**
 * Per-query strategy choice: {@link dev.maestro.rag.adaptive.QueryFeatures} describe the query, a
 * {@link dev.maestro.rag.adaptive.ThompsonBandit} picks the strategy, feedback updates it, and
 * {@link dev.maestro.rag.adaptive.PolicyUpdater} replay-checks a new policy before it is served.
 *
 * <pre>{@code
 * AdaptiveRetriever adaptive = AdaptiveRetriever.builder().store(store).collection(docs).policy(policy)
 *         .arm(keyword).arm(dense).arm(hybrid).build();
 * AdaptiveRetriever.Result r = adaptive.retrieveWithDecision(RetrievalRequest.of(query, 5));
 * feedback.record(docs, new Feedback(query, r.decision().features(), r.decision().strategy(), shownIds, citedIds, 1));
 * new PolicyUpdater(feedback, policies).update(docs, List.of("keyword", "dense", "hybrid"));
 * }</pre>
 */
package dev.maestro.rag.adaptive;
