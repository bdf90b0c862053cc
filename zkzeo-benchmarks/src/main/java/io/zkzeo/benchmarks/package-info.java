/**
 * JMH benchmarks of the storages, each measured beside a baseline in the same run so results are read
 * as ratios: raw file appends and fsyncs for commits, raw positional reads for loads, and for commits through
 * client storages the same commits with {@code tpc_finish} sent by the committing thread.
 */
@NullMarked
package io.zkzeo.benchmarks;

import org.jspecify.annotations.NullMarked;
