package dev.maestro.tools;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The risk level of a LangChain4j {@code @Tool} method (or of every one in a class). Without it a method is
 * {@link RiskLevel#WRITE}: Maestro cannot tell what user code changes, so it asks before running it.
 *
 * @since 0.1
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Risk {
    RiskLevel value();
}
