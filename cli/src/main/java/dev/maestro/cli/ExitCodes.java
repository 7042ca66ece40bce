package dev.maestro.cli;

import dev.maestro.core.ConfigException;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.InvalidInputException;
import dev.maestro.core.ProviderException;

/** The process exit codes of {@code maestro}, documented in the README. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int PROVIDER = 3;
    public static final int DATABASE = 4;

    private ExitCodes() {
    }

    /** Maps an exception, or the first Maestro exception among its causes, to an exit code. */
    public static int of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException || c instanceof InvalidInputException || c instanceof dev.maestro.core.usage.BudgetExceededException) {
                return USAGE;
            }
            if (c instanceof ProviderException) {
                return PROVIDER;
            }
            if (c instanceof DatabaseException) {
                return DATABASE;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return FAILURE;
    }
}
