package dev.maestro.memory;

import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;

/** LangChain4j's reference store passes the contract: the contract itself is right. */
class InMemoryChatMemoryStoreContractTest extends ChatMemoryStoreContract {

    private final ChatMemoryStore store = new InMemoryChatMemoryStore();

    @Override
    protected ChatMemoryStore store() {
        return store;
    }
}
