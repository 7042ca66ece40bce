package dev.maestro.workflows;

/** How much harm a step can do; hybrid mode asks before steps of {@link #MEDIUM} or more. */
public enum Risk {
    LOW, MEDIUM, HIGH
}
