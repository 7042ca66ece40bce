/**
 * Evaluation suites that compare retrieval, routing and memory on public benchmarks.
 */
package dev.maestro.evals;
