package dev.maestro.memory;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * What each kind of job does. Slow work (embedding, model calls) happens outside transactions; results are written in
 * the same transaction that deletes the job, and only while this worker still holds it, so a job whose lease expired
 * and was taken over is never applied twice.
 */
final class JobRunner {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final int RELATED_FACTS = 8;

    private final PostgresMemory memory;
    private final String worker;

    JobRunner(PostgresMemory memory, String worker) {
        this.memory = memory;
        this.worker = worker;
    }

    /** Embeds the turns of many episode jobs in one call. */
    void episodes(List<JobQueue.Job> jobs) {
        record Pending(JobQueue.Job job, StoredMessage turn, EpisodeFormatter.Episode episode) {
        }
        Map<UUID, Scope> scopes = new HashMap<>();
        List<Pending> pending = new ArrayList<>();
        List<JobQueue.Job> nothingToDo = new ArrayList<>();
        memory.jdbc.read("reading messages for episodes", c -> {
            for (JobQueue.Job job : jobs) {
                List<StoredMessage> rows = ConversationDao.withPrevious(c, job.messageId());
                if (rows.isEmpty() || !PostgresMemory.episodic(rows.getFirst().role(), rows.getFirst().content())) {
                    nothingToDo.add(job);
                    continue;
                }
                StoredMessage turn = rows.getFirst();
                StoredMessage previous = rows.size() > 1 ? rows.get(1) : null;
                if (!scopes.containsKey(job.conversationId())) {
                    scopes.put(job.conversationId(), ConversationDao.scopeOf(c, job.conversationId()).orElse(null));
                }
                pending.add(new Pending(job, turn, memory.episodeFormatter.format(turn, previous)));
            }
            return null;
        });
        List<float[]> vectors = pending.isEmpty() ? List.of()
                : memory.embedPassages(pending.stream().map(p -> p.episode().embeddedText()).toList());
        memory.jdbc.tx("storing episodes", c -> {
            for (JobQueue.Job job : nothingToDo) {
                JobQueue.complete(c, job, worker);
            }
            for (int i = 0; i < pending.size(); i++) {
                Pending p = pending.get(i);
                Scope scope = scopes.get(p.job().conversationId());
                if (!JobQueue.complete(c, p.job(), worker) || scope == null) {
                    continue; // taken over by another worker, or the conversation is gone
                }
                Map<String, String> meta = new HashMap<>(p.turn().metadata());
                meta.put("role", p.turn().role());
                ItemDao.insert(c, scope, p.turn().conversationId(), MemoryKind.EPISODE, p.episode().content(), vectors.get(i),
                        List.of(p.turn().id()), meta, memory.episodeImportance, memory.clock.instant(), p.turn().createdAt());
            }
            return null;
        });
    }

    /** Folds the messages that left the window, and are not yet summarised, into the rolling summary. */
    void summarize(JobQueue.Job job) {
        UUID conversation = job.conversationId();
        record State(Optional<Summary> last, List<StoredMessage> evicted) {
        }
        State state = memory.jdbc.read("reading conversation " + conversation + " to summarise", c -> {
            Optional<Summary> last = ConversationDao.latestSummary(c, conversation);
            List<StoredMessage> rest = ConversationDao.messages(c, conversation, last.map(Summary::toMessageId).orElse(0L), true);
            int start = Window.start(rest.stream().map(StoredMessage::tokenCount).toList(), memory.windowTokens);
            return new State(last, rest.subList(0, start));
        });
        int evictedTokens = state.evicted().stream().mapToInt(StoredMessage::tokenCount).sum();
        if (memory.chatModel == null || state.evicted().isEmpty() || evictedTokens < memory.summarizeMinTokens) {
            memory.jdbc.tx("completing a summary job", c -> JobQueue.complete(c, job, worker));
            return;
        }
        StringJoiner lines = new StringJoiner("\n");
        for (StoredMessage m : state.evicted()) {
            lines.add("[" + DATE.format(m.createdAt()) + "] " + (m.name() != null ? m.name() : m.role()) + ": " + m.content());
        }
        String prompt = Templates.render(memory.summaryPrompt, Map.of(
                "summary", state.last().map(Summary::content).orElse("(none yet)"),
                "messages", lines.toString()));
        String text = memory.chatModel.chat(prompt);
        if (text == null || text.isBlank()) {
            throw new MemoryException("The chat model returned an empty summary for conversation " + conversation);
        }
        String content = text.strip();
        List<StoredMessage> evicted = state.evicted();
        memory.jdbc.tx("storing a summary of conversation " + conversation, c -> {
            if (!JobQueue.complete(c, job, worker)) {
                return null;
            }
            ConversationDao.lock(c, conversation);
            long lastTo = ConversationDao.latestSummary(c, conversation).map(Summary::toMessageId).orElse(0L);
            if (lastTo != state.last().map(Summary::toMessageId).orElse(0L)) {
                return null; // another summariser got there first; its range already covers these messages
            }
            ConversationDao.insertSummary(c, conversation, evicted.getFirst().id(), evicted.getLast().id(), evicted.size(), content,
                    memory.estimator.estimateTokenCountInText(content), memory.clock.instant());
            return null;
        });
    }

    /** Extracts facts from one user message; a fact that replaces a known one supersedes it. */
    void extract(JobQueue.Job job) {
        record Turn(StoredMessage message, StoredMessage previous, Scope scope) {
        }
        Turn turn = memory.jdbc.read("reading a message for fact extraction", c -> {
            List<StoredMessage> rows = ConversationDao.withPrevious(c, job.messageId());
            Optional<Scope> scope = ConversationDao.scopeOf(c, job.conversationId());
            return rows.isEmpty() || scope.isEmpty() ? null : new Turn(rows.getFirst(), rows.size() > 1 ? rows.get(1) : null, scope.get());
        });
        if (turn == null || memory.chatModel == null) {
            memory.jdbc.tx("completing a fact job", c -> JobQueue.complete(c, job, worker));
            return;
        }
        List<RecallHit> related = memory.recall(turn.scope(), turn.message().content(),
                RecallOptions.defaults().withK(RELATED_FACTS).withKinds(Set.of(MemoryKind.FACT)).similarityOnly());
        StringJoiner existing = new StringJoiner("\n");
        Set<Long> relatedIds = new HashSet<>();
        for (RecallHit h : related) {
            existing.add(h.item().id() + ": " + h.item().content());
            relatedIds.add(h.item().id());
        }
        StoredMessage m = turn.message();
        StoredMessage p = turn.previous();
        String prompt = Templates.render(memory.factPrompt, Map.of(
                "date", DATE.format(m.createdAt()),
                "speaker", m.name() != null ? m.name() : m.role(),
                "previous", p == null ? "(none)" : (p.name() != null ? p.name() : p.role()) + ": " + p.content(),
                "message", m.content(),
                "existing", relatedIds.isEmpty() ? "(none)" : existing.toString()));
        List<FactParser.Fact> facts = FactParser.parse(memory.chatModel.chat(prompt));
        List<float[]> vectors = facts.isEmpty() ? List.of() : memory.embedPassages(facts.stream().map(FactParser.Fact::text).toList());
        memory.jdbc.tx("storing facts of message " + m.id(), c -> {
            if (!JobQueue.complete(c, job, worker)) {
                return null;
            }
            for (int i = 0; i < facts.size(); i++) {
                FactParser.Fact fact = facts.get(i);
                Map<String, String> meta = new HashMap<>();
                if (m.name() != null) {
                    meta.put(StoredMessage.NAME, m.name());
                }
                long id = ItemDao.insert(c, turn.scope(), m.conversationId(), MemoryKind.FACT, fact.text(), vectors.get(i),
                        List.of(m.id()), meta, fact.importance(), memory.clock.instant(), m.createdAt());
                for (long old : fact.replaces()) {
                    if (relatedIds.contains(old)) { // only facts the model was shown, never an arbitrary id
                        ItemDao.supersede(c, turn.scope(), old, id, m.createdAt());
                    }
                }
            }
            return null;
        });
    }
}
