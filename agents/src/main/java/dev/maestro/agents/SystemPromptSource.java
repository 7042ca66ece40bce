package dev.maestro.agents;

import dev.maestro.prompts.Prompt;

/**
 * Which system prompt answers a request: a fixed one, or one a prompt experiment chooses per conversation.
 * Asked once per reply.
 */
@FunctionalInterface
public interface SystemPromptSource {

    /** @param conversation the request's conversation; empty outside one */
    Prompt choose(String conversation);

    static SystemPromptSource fixed(Prompt prompt) {
        return conversation -> prompt;
    }
}
