package dev.maestro;

import dev.maestro.core.ConfigException;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.PromptExperimentSettings;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.prompts.experiments.Experiment;
import dev.maestro.prompts.experiments.PostgresExperimentStore;
import dev.maestro.prompts.experiments.PromptExperiments;
import dev.maestro.prompts.experiments.ThompsonSampler;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

/** The prompt library of the configuration (shipped prompts, plus {@code prompts.dir}) and its experiments. */
final class PromptChoices {

    private PromptChoices() {
    }

    static PromptLibrary library(AppConfig config) {
        if (config.promptsDir().isEmpty()) {
            return PromptLibrary.standard();
        }
        try {
            return PromptLibrary.withFolder(Path.of(config.promptsDir()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + "; fix prompts.dir or create the folder.");
        }
    }

    /** The configured experiments over {@code dataSource}; every instance on it shares their arms and votes. */
    static PromptExperiments experiments(AppConfig config, DataSource dataSource) {
        try {
            List<Experiment> experiments = config.promptExperiments().stream().map(PromptChoices::experiment).toList();
            // each process samples its own sequence; what they agree on lives in the database
            return new PromptExperiments(experiments, library(config), new PostgresExperimentStore(dataSource),
                    new ThompsonSampler(System.nanoTime()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("prompts.experiments: " + e.getMessage() + ".");
        }
    }

    private static Experiment experiment(PromptExperimentSettings s) {
        return new Experiment(s.id(), s.prompt(), s.versions(), s.minShare(), s.winnerAt(), s.minVotes(), s.minLift());
    }
}
