package dev.maestro.agents;

import java.util.Optional;

/**
 * A specialist that answers one request. Implementations stream tokens to the sink as they arrive and
 * return the complete reply; provider failures surface as {@link dev.maestro.core.ProviderException}.
 *
 * @since 0.1
 */
public interface Agent {

    /** Stable name, used as the graph node id and in events, e.g. {@code general}. */
    String name();

    AgentReply reply(AgentRequest request, TokenSink sink);

    /** The LLM agent doing the work, for callers that talk to its model directly (client-side tools); empty for others. */
    default Optional<LlmAgent> llm() {
        return Optional.empty();
    }
}
