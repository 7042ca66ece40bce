/**
 * The assembly behind {@link dev.maestro.Maestro}: configuration and parts in, a wired graph out. Internal: the CLI
 * and the server reach Maestro through {@code dev.maestro} only (an architecture test in {@code cli} holds them to it),
 * and this package may change without notice.
 */
package dev.maestro.runtime;
