package dev.maestro.tools.builtin;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.maestro.core.Ensure;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** {@code current_time}: the date, time and weekday now, in UTC or a named time zone. The clock is injected. */
public final class CurrentTimeTool implements Tool {

    public static final String NAME = "current_time";

    private static final ToolSpecification SPEC = ToolSpecification.builder()
            .name(NAME)
            .description("The current date, time and day of the week. Optionally in an IANA time zone such as Europe/Paris.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("zone", "IANA time zone id, e.g. Europe/Paris; default UTC")
                    .build())
            .build();

    private final Clock clock;

    public CurrentTimeTool(Clock clock) {
        this.clock = Ensure.notNull(clock, "clock");
    }

    @Override
    public ToolSpecification specification() {
        return SPEC;
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.READ;
    }

    @Override
    public String source() {
        return "builtin";
    }

    @Override
    public String execute(String argumentsJson) {
        String zoneName = Args.parse(argumentsJson).text("zone", "UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new ToolException("Unknown time zone '" + zoneName + "'; use an IANA id such as Europe/Paris or America/New_York.");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        return now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " (" + now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                + ", " + zone.getId() + ")";
    }
}
