/**
 * JMH benchmarks of the storages, each measured beside a baseline in the same run so results are read
 * as ratios: raw file appends and fsyncs for commits, raw positional reads for loads, for commits through
 * client storages the same commits with {@code tpc_finish} sent by the committing thread, and for commits through
 * the object database records of the same sizes committed straight to a storage.
 */
@NullMarked
package io.zkzeo.benchmarks;

import org.jspecify.annotations.NullMarked;
