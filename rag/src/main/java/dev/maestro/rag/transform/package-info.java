/** Query transforms through a chat model: HyDE and multi-query, each wrapping another retriever. */
package dev.maestro.rag.transform;
