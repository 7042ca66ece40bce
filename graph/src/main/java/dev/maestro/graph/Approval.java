package dev.maestro.graph;

import dev.maestro.core.Ensure;

/**
 * An operator's answer to a supervised agent waiting before it runs.
 *
 * @param decision    approve, reject, or edit (approve with {@code editedInput} instead of the original input)
 * @param editedInput the replacement input for {@link Decision#EDIT}, else empty
 */
public record Approval(Decision decision, String editedInput) {

    public enum Decision { APPROVE, REJECT, EDIT }

    public Approval {
        Ensure.notNull(decision, "decision");
        editedInput = editedInput == null ? "" : editedInput;
        if (decision == Decision.EDIT && editedInput.isBlank()) {
            throw new IllegalArgumentException("an edited approval needs the edited input");
        }
    }

    public static Approval approve() {
        return new Approval(Decision.APPROVE, "");
    }

    public static Approval reject() {
        return new Approval(Decision.REJECT, "");
    }

    public static Approval edit(String input) {
        return new Approval(Decision.EDIT, input);
    }
}
