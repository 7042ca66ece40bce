package dev.maestro.agents;

import java.util.List;

/**
 * What an agent's confidence cascade decided for one request: the small model's answer stood, or a check failed and
 * the large model answered.
 *
 * @param smallModel   the model that answered first
 * @param largeModel   the model escalated to (or that would have been)
 * @param escalated    whether a check failed
 * @param check        the check that failed, empty when none did
 * @param reason       why it failed, empty when none did
 * @param confidence   the self-assessed confidence, or null when not asked or not given
 * @param smallInput   the small model's input tokens
 * @param smallOutput  the small model's output tokens
 * @param extraCalls   model calls made besides the answer that stood: the small attempt when escalated, the reviewer's check
 */
public record CascadeOutcome(String agent, String smallModel, String largeModel, boolean escalated, String check, String reason,
                             Double confidence, int smallInput, int smallOutput, List<Call> extraCalls) {

    /** One model call's usage. */
    public record Call(String role, String model, int inputTokens, int outputTokens) {
    }

    public CascadeOutcome {
        check = check == null ? "" : check;
        reason = reason == null ? "" : reason;
        extraCalls = List.copyOf(extraCalls);
    }
}
