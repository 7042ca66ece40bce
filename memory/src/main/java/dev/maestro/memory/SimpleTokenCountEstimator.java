package dev.maestro.memory;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;

/**
 * A tokenizer-free estimate close to OpenAI's cl100k on English prose: a letter run costs one token per 5 letters
 * (rounded up), a digit run one per 3 digits, any other visible character one, and every message
 * {@value #MESSAGE_OVERHEAD} more for its role framing. Needs no network and no model files; pass a real
 * estimator (for example {@code OpenAiTokenCountEstimator}) where exact counts matter.
 *
 * @since 0.1
 */
public final class SimpleTokenCountEstimator implements TokenCountEstimator {

    /** Tokens added per message for the role and separators. */
    public static final int MESSAGE_OVERHEAD = 4;

    @Override
    public int estimateTokenCountInText(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int tokens = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (Character.isLetter(cp)) {
                int start = i;
                while (i < n && Character.isLetter(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                tokens += (i - start + 4) / 5;
            } else if (Character.isDigit(cp)) {
                int start = i;
                while (i < n && Character.isDigit(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                tokens += (i - start + 2) / 3;
            } else {
                if (!Character.isWhitespace(cp)) {
                    tokens++;
                }
                i += len;
            }
        }
        return tokens;
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        return MESSAGE_OVERHEAD + estimateTokenCountInText(Messages.text(message));
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage m : messages) {
            total += estimateTokenCountInMessage(m);
        }
        return total;
    }
}
