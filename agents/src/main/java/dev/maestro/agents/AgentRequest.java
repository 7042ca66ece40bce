package dev.maestro.agents;

import dev.maestro.agents.routing.Complexity;
import dev.maestro.core.Ensure;

/**
 * What an agent is asked.
 *
 * @param question   the user's request, or the task a planner handed to this agent
 * @param context    what the agent should know besides the question (recalled memory, earlier steps); may be empty
 * @param feedback   a reviewer's objection to an earlier answer, to address this time; may be empty
 * @param complexity the request's estimated complexity; agents with two models send complex requests to the large one
 * @param conversation the conversation the request belongs to (what per-conversation choices such as a prompt
 *                     experiment's arm and the answer cache's tenant key on); empty outside a conversation
 */
public record AgentRequest(String question, String context, String feedback, Complexity complexity, String conversation) {

    public AgentRequest {
        Ensure.notBlank(question, "question");
        context = context == null ? "" : context;
        feedback = feedback == null ? "" : feedback;
        complexity = complexity == null ? Complexity.SIMPLE : complexity;
        conversation = conversation == null ? "" : conversation;
    }

    public AgentRequest(String question, String context, String feedback, Complexity complexity) {
        this(question, context, feedback, complexity, "");
    }

    public static AgentRequest of(String question) {
        return new AgentRequest(question, "", "", Complexity.SIMPLE);
    }

    public AgentRequest withContext(String newContext) {
        return new AgentRequest(question, newContext, feedback, complexity, conversation);
    }

    public AgentRequest withFeedback(String newFeedback) {
        return new AgentRequest(question, context, newFeedback, complexity, conversation);
    }

    public AgentRequest withComplexity(Complexity newComplexity) {
        return new AgentRequest(question, context, feedback, newComplexity, conversation);
    }

    public AgentRequest withConversation(String newConversation) {
        return new AgentRequest(question, context, feedback, complexity, newConversation);
    }
}
