package dev.maestro.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@code ChatMemoryStore.updateMessages} call (always the full new list) maps onto the stored visible messages:
 * stored messages that reappear, in order, are kept; the others are hidden (evicted by the caller, still kept for
 * summaries and episodes); new messages are appended. Once one new message has been appended, later ones are
 * appended too, because appended rows always come after the kept ones.
 *
 * @param kept     indices into the stored list that stay visible
 * @param hidden   indices into the stored list to hide
 * @param appended indices into the new list to append, in order
 */
record StoreAlignment(List<Integer> kept, List<Integer> hidden, List<Integer> appended) {

    static StoreAlignment of(List<String> stored, List<String> updated) {
        List<Integer> kept = new ArrayList<>();
        List<Integer> hidden = new ArrayList<>();
        List<Integer> appended = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < updated.size(); i++) {
            int match = appended.isEmpty() ? stored.subList(j, stored.size()).indexOf(updated.get(i)) : -1;
            if (match < 0) {
                appended.add(i);
                continue;
            }
            for (int h = j; h < j + match; h++) {
                hidden.add(h);
            }
            kept.add(j + match);
            j = j + match + 1;
        }
        for (int h = j; h < stored.size(); h++) {
            hidden.add(h);
        }
        return new StoreAlignment(kept, hidden, appended);
    }
}
