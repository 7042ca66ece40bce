package dev.maestro.agents;

import dev.maestro.tools.RiskLevel;

/**
 * One tool call the model asked for, as the agent reports it.
 *
 * @param id        the provider's call id (unique within the turn's loop)
 * @param tool      the tool's Maestro name ({@code calculator}, {@code github.search_issues})
 * @param arguments the arguments as the model sent them (JSON); may hold anything the user typed, so redact before showing
 * @param risk      the tool's risk level; READ when the tool is unknown
 * @param iteration which round of the loop asked for it, from 1
 * @since 0.1
 */
public record ToolCall(String id, String tool, String arguments, RiskLevel risk, int iteration) {
}
