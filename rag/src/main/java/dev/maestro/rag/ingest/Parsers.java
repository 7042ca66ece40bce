package dev.maestro.rag.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.rag.internal.Json;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File parsers by extension: .txt .md .html .pdf .json .jsonl. */
final class Parsers {

    static final Set<String> EXTENSIONS = Set.of("txt", "md", "markdown", "html", "htm", "pdf", "json", "jsonl");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final String[] TEXT_FIELDS = {"text", "content", "body", "abstract"};
    private static final int BINARY_PROBE = 8000;

    private Parsers() {
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static boolean supported(Path file) {
        return EXTENSIONS.contains(extension(file));
    }

    /**
     * Parses one file into documents (several for .jsonl and JSON arrays).
     *
     * @throws BadFileException when it is binary, malformed or has no text
     */
    static List<SourceDocument> parse(Path file, byte[] bytes) {
        String source = file.toString();
        String fileName = file.getFileName().toString();
        return switch (extension(file)) {
            case "pdf" -> List.of(pdf(source, fileName, bytes));
            case "html", "htm" -> List.of(html(source, fileName, text(bytes)));
            case "md", "markdown" -> List.of(markdown(source, fileName, text(bytes)));
            case "json" -> json(source, fileName, text(bytes));
            case "jsonl" -> jsonl(source, text(bytes));
            default -> List.of(SourceDocument.of(source, stem(fileName), text(bytes), Map.of()));
        };
    }

    /** UTF-8 text; NUL bytes mean binary. Invalid UTF-8 is read as Latin-1 rather than rejected. */
    static String text(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, BINARY_PROBE); i++) {
            if (bytes[i] == 0) {
                throw new BadFileException("binary content (NUL byte at offset " + i + ")");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static SourceDocument markdown(String source, String fileName, String text) {
        List<SourceDocument.Section> sections = new ArrayList<>();
        String[] path = new String[6];
        String heading = "";
        String title = null;
        StringBuilder body = new StringBuilder();
        boolean fenced = false;
        for (String line : text.split("\\R", -1)) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
            }
            Matcher m = fenced ? null : HEADING.matcher(line);
            if (m != null && m.matches()) {
                sections.add(new SourceDocument.Section(heading, body.toString()));
                body.setLength(0);
                int level = m.group(1).length();
                path[level - 1] = m.group(2).strip();
                for (int i = level; i < path.length; i++) {
                    path[i] = null;
                }
                if (title == null && level == 1) {
                    title = path[0];
                }
                heading = joinPath(path);
            } else {
                body.append(line).append('\n');
            }
        }
        sections.add(new SourceDocument.Section(heading, body.toString()));
        return new SourceDocument(source, title == null ? stem(fileName) : title, nonEmpty(sections), Map.of());
    }

    static SourceDocument html(String source, String fileName, String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, noscript, nav, footer, template").remove();
        List<SourceDocument.Section> sections = new ArrayList<>();
        String[] path = new String[6];
        String heading = "";
        StringBuilder body = new StringBuilder();
        Set<Element> taken = new HashSet<>();
        for (Element e : doc.body().select("h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, dt, dd, td, th, figcaption")) {
            if (e.parents().stream().anyMatch(taken::contains)) {
                continue;
            }
            taken.add(e);
            String tag = e.normalName();
            if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                sections.add(new SourceDocument.Section(heading, body.toString()));
                body.setLength(0);
                int level = tag.charAt(1) - '0';
                path[level - 1] = e.text();
                for (int i = level; i < path.length; i++) {
                    path[i] = null;
                }
                heading = joinPath(path);
            } else {
                String t = tag.equals("pre") ? e.wholeText() : e.text();
                if (!t.isBlank()) {
                    body.append(t.strip()).append("\n\n");
                }
            }
        }
        sections.add(new SourceDocument.Section(heading, body.toString()));
        if (taken.isEmpty()) { // no block elements: plain body text
            sections = List.of(new SourceDocument.Section("", doc.body().wholeText()));
        }
        String title = doc.title().isBlank() ? doc.select("h1").stream().findFirst().map(Element::text).orElse(stem(fileName)) : doc.title();
        return new SourceDocument(source, title, nonEmpty(sections), Map.of());
    }

    static SourceDocument pdf(String source, String fileName, byte[] bytes) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setParagraphStart("\n");
            List<SourceDocument.Section> pages = new ArrayList<>();
            for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                pages.add(new SourceDocument.Section("page " + p, stripper.getText(pdf)));
            }
            String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            return new SourceDocument(source, title == null || title.isBlank() ? stem(fileName) : title, nonEmpty(pages), Map.of());
        } catch (IOException e) {
            throw new BadFileException("not a readable PDF (" + e.getMessage() + ")", e);
        }
    }

    static List<SourceDocument> json(String source, String fileName, String text) {
        JsonNode root = readJson(text, "JSON");
        if (root.isArray()) {
            List<SourceDocument> out = new ArrayList<>();
            int i = 0;
            for (JsonNode n : root) {
                out.add(record(source, n, i++));
            }
            return out;
        }
        if (root.isObject() && textField(root) != null) {
            return List.of(record(source, root, -1));
        }
        StringBuilder sb = new StringBuilder();
        flatten(root, sb);
        return List.of(SourceDocument.of(source, stem(fileName), sb.toString(), Map.of()));
    }

    /** One document per line; BEIR's {@code corpus.jsonl} layout ({@code _id}, {@code title}, {@code text}) included. */
    static List<SourceDocument> jsonl(String source, String text) {
        List<SourceDocument> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\\R")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = readJson(line, "JSON on line " + lineNo);
            out.add(record(source, n, lineNo));
        }
        return out;
    }

    private static SourceDocument record(String source, JsonNode n, int index) {
        if (!n.isObject()) {
            throw new BadFileException("record " + index + " is not a JSON object");
        }
        String id = n.hasNonNull("_id") ? n.get("_id").asText() : n.hasNonNull("id") ? n.get("id").asText() : Integer.toString(index);
        String title = n.hasNonNull("title") ? n.get("title").asText() : "";
        String body = textField(n);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("id", id);
        JsonNode m = n.get("metadata");
        if (m != null && m.isObject()) {
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    meta.putIfAbsent(e.getKey(), scalar(e.getValue()));
                }
            }
        }
        String src = index < 0 ? source : source + "#" + id;
        return SourceDocument.of(src, title, body == null ? "" : body, meta);
    }

    private static String textField(JsonNode n) {
        for (String f : TEXT_FIELDS) {
            if (n.hasNonNull(f) && n.get(f).isTextual()) {
                return n.get(f).asText();
            }
        }
        return null;
    }

    private static Object scalar(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.asText();
    }

    private static void flatten(JsonNode n, StringBuilder sb) {
        if (n.isTextual()) {
            sb.append(n.asText()).append("\n\n");
        } else if (n.isContainerNode()) {
            n.forEach(child -> flatten(child, sb));
        }
    }

    private static JsonNode readJson(String text, String what) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadFileException("malformed " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String joinPath(String[] path) {
        List<String> parts = new ArrayList<>();
        for (String p : path) {
            if (p != null) {
                parts.add(p);
            }
        }
        return String.join(" > ", parts);
    }

    private static List<SourceDocument.Section> nonEmpty(List<SourceDocument.Section> sections) {
        List<SourceDocument.Section> out = sections.stream().filter(s -> !s.text().isBlank()).toList();
        return out.isEmpty() ? List.of(new SourceDocument.Section("", "")) : out;
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
