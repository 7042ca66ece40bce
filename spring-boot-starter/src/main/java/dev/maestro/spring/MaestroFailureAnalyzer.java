package dev.maestro.spring;

import dev.maestro.core.ConfigException;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.MaestroException;
import dev.maestro.core.ProviderException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start that Maestro failed ends with its message and what to do, instead of a stack of bean-creation errors. */
final class MaestroFailureAnalyzer extends AbstractFailureAnalyzer<MaestroException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MaestroException cause) {
        return new FailureAnalysis("Maestro could not start: " + cause.getMessage(), action(cause), cause);
    }

    private static String action(MaestroException cause) {
        if (cause instanceof ConfigException) {
            return "Fix the maestro.* property named above where it is set (application.yml, say); the keys are those of"
                    + " maestro.yaml, listed in Maestro's README under Configuration.";
        }
        if (cause instanceof DatabaseException) {
            return "Make the database reachable and ready as the message says: the application's DataSource"
                    + " (spring.datasource.*), or the one maestro.db.url names.";
        }
        if (cause instanceof ProviderException) {
            return "Check the model provider the message names (maestro.provider, maestro.ollama.base-url,"
                    + " maestro.openai.base-url) or the model beans the application defines.";
        }
        return "Correct what the message above names and start again.";
    }
}
