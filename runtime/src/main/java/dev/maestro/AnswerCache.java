package dev.maestro;

import dev.langchain4j.data.segment.TextSegment;
import dev.maestro.agents.Agent;
import dev.maestro.agents.AgentSpec;
import dev.maestro.cache.AnswerJudge;
import dev.maestro.cache.BudgetedPolicy;
import dev.maestro.cache.PostgresCacheStore;
import dev.maestro.cache.ReusePolicy;
import dev.maestro.cache.SemanticCache;
import dev.maestro.cache.VerifiedPolicy;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.config.AppConfig;
import dev.maestro.providers.ModelRef;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds the answer cache from {@code cache.*} and puts it in front of the answering agents. */
final class AnswerCache {

    private AnswerCache() {
    }

    /** The cache, or null when {@code cache.enabled} is off or there is no database or embedding model. */
    static SemanticCache create(AgentWiring.Parts parts) {
        AppConfig config = parts.config();
        if (!config.cacheEnabled() || parts.dataSource() == null || parts.embeddings() == null) {
            return null;
        }
        double delta = config.cacheMaxError();
        double fallback = config.cacheFallbackThreshold();
        ReusePolicy policy = config.cachePolicy().equals("verified") ? new VerifiedPolicy(delta, fallback) : new BudgetedPolicy(delta, fallback);
        double match = config.cacheAnswerMatch();
        AnswerJudge judge = (fresh, cached) -> sameAnswer(parts, CachingAgent.Stored.decode(fresh).text(),
                CachingAgent.Stored.decode(cached).text(), match);
        return SemanticCache.builder().store(new PostgresCacheStore(parts.dataSource())).policy(policy).judge(judge)
                .ttl(config.cacheTtl()).maxEntries(config.cacheMaxEntries()).build();
    }

    static Agent wrap(Agent agent, AgentSpec spec, AgentWiring.Parts parts, SemanticCache cache) {
        AppConfig config = parts.config();
        String model = spec.model().isEmpty() ? ModelRef.configured(config).toString()
                : ModelRef.parse(spec.model(), config, "agent " + spec.name() + "'s model").toString();
        String prompt = PromptChoices.library(config).latest(spec.prompt()).ref();
        Supplier<String> collection = spec.uses("retrieval") && parts.retriever() != null
                ? () -> MaestroRuntime.DEFAULT_COLLECTION + "@v" + contentVersion(parts.dataSource(), MaestroRuntime.DEFAULT_COLLECTION) : null;
        return new CachingAgent(agent, cache, parts.embeddings(), tenants(parts), model, prompt, collection);
    }

    private static Function<String, String> tenants(AgentWiring.Parts parts) {
        if (parts.memory() instanceof MemoryTurns memory) {
            return conversation -> conversation.isEmpty() ? MaestroRuntime.LOCAL_SCOPE.tenantId()
                    : memory.scopeOf(MemoryTurns.conversationUuid(conversation)).tenantId();
        }
        return conversation -> MaestroRuntime.LOCAL_SCOPE.tenantId();
    }

    /** Exactly equal, or embeddings at least {@code match} apart in cosine similarity. */
    private static boolean sameAnswer(AgentWiring.Parts parts, String fresh, String cached, double match) {
        if (fresh.strip().equals(cached.strip())) {
            return true;
        }
        List<dev.langchain4j.data.embedding.Embedding> both = parts.embeddings().embedAll(List.of(TextSegment.from(fresh), TextSegment.from(cached))).content();
        return cosine(both.get(0).vector(), both.get(1).vector()) >= match;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** A collection's content version, 0 when it does not exist yet. */
    static long contentVersion(DataSource dataSource, String collection) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select content_version from rag_collections where name = ?")) {
            st.setString(1, collection);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Reading collection " + collection + "'s content version failed: " + e.getMessage(), e);
        }
    }
}
