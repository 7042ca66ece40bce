package dev.maestro.evals.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BEIR-format dataset folder: {@code corpus.jsonl} ({@code _id, title, text}), {@code queries.jsonl}
 * ({@code _id, text}) and {@code qrels/<split>.tsv} ({@code query-id, corpus-id, score} with a header).
 * Only the id and text of each query are read: query metadata (which in SciFact holds the gold evidence)
 * is never loaded.
 *
 * @since 0.1
 */
public final class BeirDataset {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One corpus document. */
    public record Doc(String id, String title, String text) {
    }

    private final Path dir;
    private final String name;

    private BeirDataset(Path dir) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
    }

    /**
     * @throws ConfigException when the folder lacks corpus.jsonl or queries.jsonl
     */
    public static BeirDataset open(Path dir) {
        Ensure.notNull(dir, "dir");
        Path abs = dir.toAbsolutePath().normalize();
        for (String f : List.of("corpus.jsonl", "queries.jsonl")) {
            if (!Files.isRegularFile(abs.resolve(f))) {
                throw new ConfigException("Not a BEIR dataset folder: " + abs + " has no " + f
                        + " (expected corpus.jsonl, queries.jsonl and qrels/<split>.tsv)");
            }
        }
        return new BeirDataset(abs);
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public List<Doc> corpus() {
        List<Doc> docs = new ArrayList<>();
        readLines(dir.resolve("corpus.jsonl"), n -> docs.add(new Doc(n.path("_id").asText(), n.path("title").asText(""),
                n.path("text").asText(""))));
        return docs;
    }

    /** Query id to text, in file order; nothing else of a query is read. */
    public Map<String, String> queries() {
        Map<String, String> out = new LinkedHashMap<>();
        readLines(dir.resolve("queries.jsonl"), n -> out.put(n.path("_id").asText(), n.path("text").asText("")));
        return out;
    }

    /**
     * Relevance judgements of a split: query id to (corpus id to grade), in file order.
     *
     * @throws ConfigException when {@code qrels/<split>.tsv} does not exist
     */
    public Map<String, Map<String, Integer>> qrels(String split) {
        Path file = dir.resolve("qrels").resolve(split + ".tsv");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Dataset " + name + " has no split '" + split + "': " + file + " does not exist");
        }
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String[] f = line.split("\t");
                if (f.length < 3 || (n == 1 && !f[2].strip().matches("-?\\d+"))) {
                    continue; // header or blank
                }
                out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], Integer.parseInt(f[2].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + file + " failed", e);
        }
        return Collections.unmodifiableMap(out);
    }

    /** SHA-256 of corpus.jsonl: the ingested collection is keyed by it. */
    public String corpusHash() {
        try (InputStream in = new DigestInputStream(Files.newInputStream(dir.resolve("corpus.jsonl")), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Hashing " + dir.resolve("corpus.jsonl") + " failed", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void readLines(Path file, java.util.function.Consumer<JsonNode> sink) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    try {
                        sink.accept(MAPPER.readTree(line));
                    } catch (IOException e) {
                        throw new ConfigException("Malformed JSON on line " + n + " of " + file + ": " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + file + " failed", e);
        }
    }
}
