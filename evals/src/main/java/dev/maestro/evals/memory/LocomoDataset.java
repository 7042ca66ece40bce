package dev.maestro.evals.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The LoCoMo benchmark file ({@code locomo10.json}, Maharana et al. 2024, CC BY-NC 4.0): long two-person conversations
 * in dated sessions, with QA items whose evidence names dialog turns ({@code D<session>:<turn>}).
 *
 * @since 0.1
 */
public final class LocomoDataset {

    /** Seconds between two turns of one session: the data gives only the session's start. */
    static final Duration TURN_SPACING = Duration.ofSeconds(30);

    private static final DateTimeFormatter SESSION_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm a 'on' d MMMM, yyyy").toFormatter(Locale.ENGLISH);
    private static final Pattern DIA_ID = Pattern.compile("D\\d+:\\d+");
    private static final Pattern SEPARATORS = Pattern.compile("[;,\\s]+");

    /** One dialog turn; {@code caption} describes a shared image (null when none). */
    public record Turn(String diaId, String speaker, String text, String caption, Instant at) {
    }

    public record Session(int number, Instant start, List<Turn> turns) {
    }

    /**
     * One question. {@code evidence} holds the dia_ids that resolve to turns of the conversation (ids packed into one
     * string, like {@code "D8:6; D9:17"}, are split); {@code unresolved} the entries that do not.
     */
    public record QaItem(int index, String question, String answer, int category, List<String> evidence, List<String> unresolved) {

        /** Usable for evidence recall: some evidence, all of it resolvable. */
        public boolean scorable() {
            return !evidence.isEmpty() && unresolved.isEmpty();
        }
    }

    public record Conversation(String sampleId, String speakerA, String speakerB, List<Session> sessions, List<QaItem> qa) {

        public int turnCount() {
            return sessions.stream().mapToInt(s -> s.turns().size()).sum();
        }
    }

    private LocomoDataset() {
    }

    /**
     * @throws InvalidInputException naming the file and what is wrong when it is missing or not LoCoMo-shaped
     */
    public static List<Conversation> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("LoCoMo dataset not found at " + file.toAbsolutePath()
                    + "; pass the path of locomo10.json (e.g. ../shared/datasets/locomo/locomo10.json)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read " + file + " as JSON: " + e.getMessage());
        }
        if (!root.isArray()) {
            throw new InvalidInputException(file + " is not the LoCoMo file: expected a JSON array of conversations");
        }
        List<Conversation> out = new ArrayList<>();
        for (JsonNode sample : root) {
            out.add(conversation(file, sample));
        }
        return out;
    }

    static Instant parseSessionDate(String text) {
        return LocalDateTime.parse(text.strip(), SESSION_DATE).toInstant(ZoneOffset.UTC);
    }

    private static Conversation conversation(Path file, JsonNode sample) {
        String id = sample.path("sample_id").asText("?");
        JsonNode conv = sample.path("conversation");
        if (conv.isMissingNode()) {
            throw new InvalidInputException(file + ": sample " + id + " has no 'conversation'");
        }
        List<Session> sessions = new ArrayList<>();
        Set<String> diaIds = new LinkedHashSet<>();
        for (int n = 1; conv.has("session_" + n) || conv.has("session_" + n + "_date_time"); n++) {
            JsonNode turns = conv.path("session_" + n);
            if (!turns.isArray() || turns.isEmpty()) {
                continue;
            }
            String dateText = conv.path("session_" + n + "_date_time").asText("");
            Instant start;
            try {
                start = parseSessionDate(dateText);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(file + ": sample " + id + " session " + n + " has an unreadable date '" + dateText + "'");
            }
            List<Turn> list = new ArrayList<>();
            for (JsonNode t : turns) {
                String diaId = t.path("dia_id").asText();
                String caption = t.hasNonNull("blip_caption") ? t.get("blip_caption").asText() : null;
                list.add(new Turn(diaId, t.path("speaker").asText(), t.path("text").asText(""), caption,
                        start.plus(TURN_SPACING.multipliedBy(list.size()))));
                diaIds.add(diaId);
            }
            sessions.add(new Session(n, start, List.copyOf(list)));
        }
        List<QaItem> qa = new ArrayList<>();
        int index = 0;
        for (JsonNode q : sample.path("qa")) {
            List<String> evidence = new ArrayList<>();
            List<String> unresolved = new ArrayList<>();
            for (JsonNode e : q.path("evidence")) {
                for (String part : SEPARATORS.split(e.asText("").strip())) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    if (DIA_ID.matcher(part).matches() && diaIds.contains(part)) {
                        if (!evidence.contains(part)) {
                            evidence.add(part);
                        }
                    } else {
                        unresolved.add(part);
                    }
                }
            }
            JsonNode answer = q.has("answer") ? q.get("answer") : q.path("adversarial_answer");
            qa.add(new QaItem(index++, q.path("question").asText(), answer.isMissingNode() ? "" : answer.asText(),
                    q.path("category").asInt(0), List.copyOf(evidence), List.copyOf(unresolved)));
        }
        return new Conversation(id, conv.path("speaker_a").asText(), conv.path("speaker_b").asText(), List.copyOf(sessions), List.copyOf(qa));
    }
}
