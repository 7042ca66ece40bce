package dev.maestro.evals.routing;

import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Labelled requests for {@link AgentRoutingEval}: a CSV with a {@code text,agent} header (RFC 4180 quoting).
 * Errors name the file and the line, e.g. a row with a missing agent or an unknown one.
 *
 * <p>{@link #shipped()} is the set that comes with Maestro: 316 requests to the built-in agents, written by hand
 * for this evaluation in the way people type them (questions with context, error messages, typos, small talk),
 * independently of the agents' example utterances.
 *
 * @since 0.1
 */
public final class LabeledRequests {

    static final String SHIPPED = "dev/maestro/evals/routing/agent-requests.csv";

    private LabeledRequests() {
    }

    /** The set shipped with Maestro for the built-in agents general, researcher and coder. */
    public static List<LabeledUtterance> shipped() {
        try (InputStream in = LabeledRequests.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + SHIPPED);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped set " + SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SHIPPED, e);
        }
    }

    /** Throws {@link ConfigException} when the file cannot be read or a line is malformed. */
    public static List<LabeledUtterance> read(Path file) {
        Ensure.notNull(file, "file");
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException("Cannot read the labelled set " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param source names the content in error messages */
    static List<LabeledUtterance> parse(String content, String source) {
        List<Row> rows = rows(content, source);
        if (rows.isEmpty()) {
            throw new ConfigException("The labelled set " + source + " is empty; expected a header 'text,agent' and one request per line");
        }
        Row header = rows.getFirst();
        List<String> names = header.fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int text = names.indexOf("text");
        int agent = names.indexOf("agent");
        if (text < 0 || agent < 0) {
            throw new ConfigException("The labelled set " + source + " line " + header.line() + ": the header must name the columns 'text' and "
                    + "'agent', it is " + header.fields());
        }
        List<LabeledUtterance> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Row r : rows.subList(1, rows.size())) {
            if (r.fields().size() == 1 && r.fields().getFirst().isBlank()) {
                continue;
            }
            String where = "The labelled set " + source + " line " + r.line();
            if (r.fields().size() != names.size()) {
                throw new ConfigException(where + " has " + r.fields().size() + " fields, the header has " + names.size()
                        + " (quote a text that contains a comma: \"like, this\")");
            }
            String t = r.fields().get(text).strip();
            String a = r.fields().get(agent).strip();
            if (t.isEmpty()) {
                throw new ConfigException(where + " has an empty text");
            }
            if (a.isEmpty()) {
                throw new ConfigException(where + " has no agent for '" + t + "'");
            }
            if (!seen.add(t)) {
                throw new ConfigException(where + " repeats the request '" + t + "'");
            }
            out.add(LabeledUtterance.of(t, a));
        }
        if (out.isEmpty()) {
            throw new ConfigException("The labelled set " + source + " has a header but no requests");
        }
        return List.copyOf(out);
    }

    /** One CSV record and the line it starts on (a quoted field may span lines). */
    record Row(int line, List<String> fields) {
    }

    static List<Row> rows(String content, String source) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int start = 1;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < content.length() && content.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    field.append(c);
                }
            } else if (c == '"') {
                if (!field.toString().isBlank()) {
                    throw new ConfigException("The labelled set " + source + " line " + line + ": a quote inside an unquoted field; "
                            + "quote the whole field and double inner quotes (\"say \"\"hi\"\"\")");
                }
                field.setLength(0);
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < content.length() && content.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                rows.add(new Row(start, fields));
                fields = new ArrayList<>();
                line++;
                start = line;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new ConfigException("The labelled set " + source + " line " + start + ": a quoted field is never closed");
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            rows.add(new Row(start, fields));
        }
        return rows;
    }
}
