package dev.maestro.rag.ingest;

import dev.maestro.core.Ensure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Structure-aware chunking. Each heading section is packed into parents of at most {@code maxParentTokens}
 * (paragraph boundaries), and each parent into leaf chunks of at most {@code maxTokens}, cutting at paragraph,
 * then sentence, then word boundaries, with about {@code overlapTokens} of trailing sentences repeated at the
 * start of the next leaf. Leaves are searched; parents are what a hit expands to.
 */
final class Chunker {

    private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");
    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}\"'(\\[])");
    private static final Pattern WORDS = Pattern.compile("\\s+");

    private final TokenCounter counter;
    private final int maxTokens;
    private final int overlapTokens;
    private final int maxParentTokens;

    Chunker(TokenCounter counter, int maxTokens, int overlapTokens, int maxParentTokens) {
        this.counter = Ensure.notNull(counter, "counter");
        this.maxTokens = Ensure.positive(maxTokens, "maxTokens");
        this.overlapTokens = Ensure.notNegative(overlapTokens, "overlapTokens");
        if (overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("overlapTokens must be < maxTokens, was " + overlapTokens + " >= " + maxTokens);
        }
        this.maxParentTokens = Math.max(maxTokens, maxParentTokens);
    }

    /** Identifies the settings, so that changing them re-ingests unchanged files. */
    String signature() {
        return "chunker:" + maxTokens + "/" + overlapTokens + "/" + maxParentTokens;
    }

    /** A parent section piece and its leaves. */
    record Parent(String heading, String text, List<String> leaves) {
    }

    List<Parent> chunk(SourceDocument doc) {
        List<Parent> parents = new ArrayList<>();
        for (SourceDocument.Section section : doc.sections()) {
            List<String> paragraphs = split(PARAGRAPHS, section.text());
            if (paragraphs.isEmpty()) {
                continue;
            }
            for (List<String> block : pack(paragraphs, maxParentTokens, 0, "\n\n")) {
                String parentText = String.join("\n\n", block);
                List<String> units = new ArrayList<>();
                for (String p : block) {
                    units.addAll(units(p));
                }
                List<String> leaves = new ArrayList<>();
                for (List<String> leaf : pack(units, maxTokens, overlapTokens, " ")) {
                    leaves.add(String.join(" ", leaf));
                }
                parents.add(new Parent(section.heading(), parentText, leaves));
            }
        }
        return parents;
    }

    /** A paragraph as units no larger than maxTokens: itself, its sentences, or word runs. */
    private List<String> units(String paragraph) {
        String flat = WORDS.matcher(paragraph).replaceAll(" ").strip();
        if (counter.count(flat) <= maxTokens) {
            return List.of(flat);
        }
        List<String> out = new ArrayList<>();
        for (String sentence : split(SENTENCES, flat)) {
            if (counter.count(sentence) <= maxTokens) {
                out.add(sentence);
            } else {
                out.addAll(pack(split(WORDS, sentence), maxTokens, 0, " ").stream().map(w -> String.join(" ", w)).toList());
            }
        }
        return out;
    }

    /**
     * Greedily packs units into groups of at most {@code max} tokens; each new group starts with the previous
     * group's trailing units worth at most {@code overlap} tokens (never the whole previous group).
     */
    private List<List<String>> pack(List<String> units, int max, int overlap, String joiner) {
        List<List<String>> groups = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int tokens = 0;
        int fresh = 0; // units in current that are not overlap carried from the previous group
        int joinCost = counter.count(joiner.strip());
        for (String unit : units) {
            int t = counter.count(unit);
            if (!current.isEmpty() && tokens + t + joinCost > max && fresh > 0) {
                groups.add(current);
                List<String> carried = new ArrayList<>();
                int carriedTokens = 0;
                for (int i = current.size() - 1; i > 0 && overlap > 0; i--) {
                    int ct = counter.count(current.get(i));
                    if (carriedTokens + ct > overlap || carriedTokens + ct + t > max) {
                        break;
                    }
                    carried.addFirst(current.get(i));
                    carriedTokens += ct;
                }
                current = carried;
                tokens = carriedTokens;
                fresh = 0;
            }
            current.add(unit);
            tokens += t + (current.size() > 1 ? joinCost : 0);
            fresh++;
        }
        if (fresh > 0) {
            groups.add(current);
        }
        return groups;
    }

    private static List<String> split(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        for (String s : p.split(text)) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
