/** Implementation details shared by rag's packages: SQL fragments, metadata filters, writes, JSON. Not API. */
package dev.maestro.rag.internal;
