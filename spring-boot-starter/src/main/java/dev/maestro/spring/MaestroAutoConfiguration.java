package dev.maestro.spring;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.Maestro;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.Map;

/**
 * A {@link Maestro} bean unless the application defines one: {@code maestro.*} properties (the keys of
 * {@code maestro.yaml}), the application's {@link DataSource} (unless {@code maestro.db.url} names another database),
 * and the LangChain4j {@link ChatModel}, {@link StreamingChatModel} and {@link EmbeddingModel} beans it defines;
 * what is not given is built from the properties. Then every {@link MaestroBuilderCustomizer}. With Actuator, a
 * {@code maestro} health indicator and {@link MaestroMetrics}.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(Maestro.class)
public class MaestroAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Maestro.class);

    @Bean
    @ConditionalOnMissingBean
    public Maestro maestro(Environment environment, ObjectProvider<DataSource> dataSource, ObjectProvider<ChatModel> chatModel,
                           ObjectProvider<StreamingChatModel> streamingChatModel, ObjectProvider<EmbeddingModel> embeddingModel,
                           ObjectProvider<MaestroBuilderCustomizer> customizers) {
        Map<String, String> settings = MaestroSettings.from(environment);
        Maestro.Builder builder = Maestro.builder().setupLog(SetupLog.to(LOG));
        settings.forEach(builder::set);
        if (!settings.containsKey("db.url")) {
            dataSource.ifUnique(builder::dataSource);
        }
        chatModel.ifUnique(builder::chatModel);
        streamingChatModel.ifUnique(builder::streamingChatModel);
        embeddingModel.ifUnique(builder::embeddingModel);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("maestro")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "maestroHealthIndicator")
        MaestroHealthIndicator maestroHealthIndicator(Maestro maestro) {
            return new MaestroHealthIndicator(maestro);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        MaestroMetrics maestroMetrics(MeterRegistry registry) {
            return new MaestroMetrics(registry);
        }

        /** Only the auto-configured Maestro takes this; one the application builds adds {@code onRun(maestroMetrics)} itself. */
        @Bean
        MaestroBuilderCustomizer maestroMetricsCustomizer(MaestroMetrics metrics) {
            return builder -> builder.onRun(metrics);
        }
    }
}
