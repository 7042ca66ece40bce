package dev.maestro.spring;

import dev.maestro.Maestro;

/**
 * Adjusts the auto-configured {@link Maestro} before it is built: agents declared in code, the memory scope, an
 * observer of runs. Every bean of this type is applied, in {@link org.springframework.core.annotation.Order} order,
 * after the {@code maestro.*} properties and the model and {@code DataSource} beans.
 *
 * <pre>{@code
 * @Bean
 * MaestroBuilderCustomizer supportScope() {
 *     return builder -> builder.memoryScope("acme", "support-bot");
 * }
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MaestroBuilderCustomizer {

    void customize(Maestro.Builder builder);
}
