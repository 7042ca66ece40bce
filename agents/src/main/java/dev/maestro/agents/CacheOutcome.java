package dev.maestro.agents;

/**
 * What the answer cache did for one reply.
 *
 * @param outcome    {@code hit} (the cached answer was reused), {@code miss} (answered afresh) or {@code bypass} (the
 *                   request was not eligible: see {@code reason})
 * @param kind       {@code exact} or {@code semantic} for a hit or an explored entry, empty otherwise
 * @param similarity the request's similarity to the entry, NaN without one
 * @param ageSeconds the entry's age, 0 without one
 * @param entryId    the entry reused or explored, 0 without one
 * @param reason     why a request was bypassed or a miss was not stored (e.g. it depended on memory, or called tools); may be empty
 */
public record CacheOutcome(String outcome, String kind, double similarity, long ageSeconds, long entryId, String reason) {

    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String BYPASS = "bypass";

    public CacheOutcome {
        kind = kind == null ? "" : kind;
        reason = reason == null ? "" : reason;
    }

    public static CacheOutcome bypass(String reason) {
        return new CacheOutcome(BYPASS, "", Double.NaN, 0, 0, reason);
    }

    public boolean hit() {
        return HIT.equals(outcome);
    }

    /** This outcome, noting why the fresh answer was not stored. */
    public CacheOutcome withReason(String why) {
        return new CacheOutcome(outcome, kind, similarity, ageSeconds, entryId, why);
    }
}
