package dev.maestro.evals.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.agents.routing.Route;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An intent dataset split three ways: {@code train} becomes the routes' examples, {@code heldOut} fits the
 * thresholds, {@code test} is scored. Out-of-scope utterances have no route.
 *
 * @param name    shown in results and reports
 * @param train   in-scope utterances only
 * @param heldOut in-scope and out-of-scope utterances for fitting thresholds
 * @param test    in-scope and out-of-scope utterances to score
 */
public record RoutingDataset(String name, List<LabeledUtterance> train, List<LabeledUtterance> heldOut, List<LabeledUtterance> test) {

    /** The label CLINC150 and our CSVs use for out-of-scope rows. */
    public static final String OUT_OF_SCOPE = "oos";
    /** With CSV input, every n-th training row of a category is held out for fitting thresholds. */
    static final int CSV_HOLD_OUT_EVERY = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    public RoutingDataset {
        Ensure.notBlank(name, "name");
        train = List.copyOf(Ensure.notEmpty(train, "train"));
        heldOut = List.copyOf(heldOut);
        test = List.copyOf(Ensure.notEmpty(test, "test"));
        for (LabeledUtterance u : train) {
            if (u.isOutOfScope()) {
                throw new IllegalArgumentException("train may hold in-scope utterances only, got out-of-scope '" + u.text() + "'");
            }
        }
    }

    /**
     * CLINC150 {@code data_full.json}: train = {@code train}, held out = {@code val} + {@code oos_val} +
     * {@code oos_train} (out-of-scope training data is used only to fit thresholds), test = {@code test} + {@code oos_test}.
     */
    public static RoutingDataset clinc150(Path file) {
        JsonNode root = readJson(file);
        List<LabeledUtterance> heldOut = new ArrayList<>(split(root, "val", file));
        heldOut.addAll(split(root, "oos_val", file));
        heldOut.addAll(split(root, "oos_train", file));
        List<LabeledUtterance> test = new ArrayList<>(split(root, "test", file));
        test.addAll(split(root, "oos_test", file));
        return new RoutingDataset(file.getFileName().toString(), split(root, "train", file), heldOut, test);
    }

    /**
     * Two CSV files with a {@code text,category} header; category {@value #OUT_OF_SCOPE} (or empty) marks
     * out-of-scope rows. Every {@value #CSV_HOLD_OUT_EVERY}th training row of each category, and every
     * out-of-scope training row, is held out to fit thresholds; the rest become route examples.
     */
    public static RoutingDataset csv(Path trainFile, Path testFile) {
        List<LabeledUtterance> rows = Csv.read(trainFile);
        List<LabeledUtterance> train = new ArrayList<>();
        List<LabeledUtterance> heldOut = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (LabeledUtterance u : rows) {
            if (u.isOutOfScope()) {
                heldOut.add(u);
            } else if (seen.merge(u.route().orElseThrow(), 1, Integer::sum) % CSV_HOLD_OUT_EVERY == 0) {
                heldOut.add(u);
            } else {
                train.add(u);
            }
        }
        return new RoutingDataset(trainFile.getFileName() + " / " + testFile.getFileName(), train, heldOut, Csv.read(testFile));
    }

    /** Route names, sorted. */
    public List<String> intents() {
        Set<String> names = new TreeSet<>();
        train.forEach(u -> names.add(u.route().orElseThrow()));
        return List.copyOf(names);
    }

    /** The training utterances as routes (no descriptions), in {@link #intents()} order. */
    public List<Route> routes() {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        intents().forEach(i -> examples.put(i, new ArrayList<>()));
        train.forEach(u -> examples.get(u.route().orElseThrow()).add(u.text()));
        return examples.entrySet().stream().map(e -> new Route(e.getKey(), "", e.getValue())).toList();
    }

    /**
     * A smaller dataset for quick runs: {@code intents} intents spread evenly over the sorted list, at most
     * {@code trainPerIntent} training utterances each, all their held-out and test utterances, and the first
     * {@code outOfScope} out-of-scope utterances of held-out and of test.
     */
    public RoutingDataset subset(int intents, int trainPerIntent, int outOfScope) {
        List<String> all = intents();
        Ensure.positive(intents, "intents");
        Set<String> kept = new TreeSet<>();
        for (int i = 0; i < Math.min(intents, all.size()); i++) {
            kept.add(all.get((int) ((long) i * all.size() / Math.min(intents, all.size()))));
        }
        Map<String, Integer> taken = new HashMap<>();
        List<LabeledUtterance> t = train.stream()
                .filter(u -> kept.contains(u.route().orElseThrow()))
                .filter(u -> taken.merge(u.route().orElseThrow(), 1, Integer::sum) <= trainPerIntent)
                .toList();
        return new RoutingDataset(name + " (subset: " + kept.size() + " intents x " + trainPerIntent + ")", t,
                keep(heldOut, kept, outOfScope), keep(test, kept, outOfScope));
    }

    private static List<LabeledUtterance> keep(List<LabeledUtterance> utterances, Set<String> intents, int outOfScope) {
        List<LabeledUtterance> out = new ArrayList<>();
        int oos = 0;
        for (LabeledUtterance u : utterances) {
            if (u.isOutOfScope() ? oos++ < outOfScope : intents.contains(u.route().orElseThrow())) {
                out.add(u);
            }
        }
        return out;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("Cannot read the CLINC150 file " + file + ": " + e.getMessage()
                    + " (expected data_full.json from clinc/oos-eval)", e);
        }
    }

    private static List<LabeledUtterance> split(JsonNode root, String key, Path file) {
        JsonNode pairs = root.get(key);
        if (pairs == null || !pairs.isArray()) {
            throw new ConfigException("The CLINC150 file " + file + " has no '" + key + "' list; expected the keys train, val, test, oos_train, oos_val, oos_test");
        }
        List<LabeledUtterance> out = new ArrayList<>(pairs.size());
        for (JsonNode pair : pairs) {
            out.add(labeled(pair.get(0).asText(), pair.get(1).asText()));
        }
        return out;
    }

    static LabeledUtterance labeled(String text, String category) {
        String c = category == null ? "" : category.strip();
        return c.isEmpty() || c.toLowerCase(Locale.ROOT).equals(OUT_OF_SCOPE) ? LabeledUtterance.outOfScope(text) : LabeledUtterance.of(text, c);
    }

    /** A minimal RFC 4180 reader for {@code text,category} files: quoted fields, doubled quotes, CRLF. */
    static final class Csv {

        private Csv() {
        }

        static List<LabeledUtterance> read(Path file) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("Cannot read the CSV file " + file + ": " + e.getMessage(), e);
            }
            List<List<String>> records = parse(content);
            if (records.isEmpty()) {
                throw new ConfigException("The CSV file " + file + " is empty; expected a header 'text,category' and rows");
            }
            List<String> header = records.getFirst().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            int text = header.indexOf("text");
            int category = header.indexOf("category");
            if (text < 0 || category < 0) {
                throw new ConfigException("The CSV file " + file + " needs the columns 'text' and 'category', its header is " + records.getFirst());
            }
            List<LabeledUtterance> out = new ArrayList<>();
            for (int i = 1; i < records.size(); i++) {
                List<String> r = records.get(i);
                if (r.size() == 1 && r.getFirst().isBlank()) {
                    continue;
                }
                if (r.size() <= Math.max(text, category)) {
                    throw new ConfigException("The CSV file " + file + " row " + (i + 1) + " has " + r.size() + " fields, expected " + header.size());
                }
                if (!r.get(text).isBlank()) {
                    out.add(labeled(r.get(text).strip(), r.get(category)));
                }
            }
            return out;
        }

        static List<List<String>> parse(String content) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < content.length(); i++) {
                char c = content.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < content.length() && content.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < content.length() && content.charAt(i + 1) == '\n') {
                        i++;
                    }
                    record.add(field.toString());
                    field.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !record.isEmpty()) {
                record.add(field.toString());
                records.add(record);
            }
            return records;
        }
    }
}
