package dev.maestro.prompts.experiments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** An {@link ExperimentStore} in this process only: for runs without a database, and for simulations. */
public final class InMemoryExperimentStore implements ExperimentStore {

    private record Vote(int version, boolean up) {
    }

    private final Map<String, Integer> assignments = new HashMap<>();
    private final Map<String, Long> turns = new HashMap<>();
    private final Map<String, Vote> votes = new HashMap<>();
    private final Map<String, Integer> winners = new HashMap<>();

    @Override
    public synchronized List<ArmStats> stats(Experiment experiment) {
        List<ArmStats> out = new ArrayList<>();
        for (int v : experiment.versions()) {
            long up = 0;
            long down = 0;
            String prefix = experiment.id() + "\n";
            for (Map.Entry<String, Vote> e : votes.entrySet()) {
                if (e.getKey().startsWith(prefix) && e.getValue().version() == v) {
                    up += e.getValue().up() ? 1 : 0;
                    down += e.getValue().up() ? 0 : 1;
                }
            }
            out.add(new ArmStats(v, up, down, turns.getOrDefault(experiment.id() + "\n" + v, 0L)));
        }
        return out;
    }

    @Override
    public synchronized OptionalInt assignment(String experimentId, String conversation) {
        Integer v = assignments.get(experimentId + "\n" + conversation);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public synchronized int assign(String experimentId, String conversation, int version) {
        return assignments.computeIfAbsent(experimentId + "\n" + conversation, k -> version);
    }

    @Override
    public synchronized void recordTurn(String experimentId, int version) {
        turns.merge(experimentId + "\n" + version, 1L, Long::sum);
    }

    @Override
    public synchronized void recordVote(String experimentId, String key, int version, boolean up) {
        votes.put(experimentId + "\n" + key, new Vote(version, up));
    }

    @Override
    public synchronized OptionalInt winner(String experimentId) {
        Integer v = winners.get(experimentId);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public synchronized void declareWinner(String experimentId, int version, double probability) {
        winners.putIfAbsent(experimentId, version);
    }
}
