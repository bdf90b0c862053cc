/**
 * JMH benchmarks of the storages, each measured beside a baseline in the same run so results are read
 * as ratios: raw file appends and fsyncs for commits, raw positional reads for loads.
 */
@NullMarked
package io.zkzeo.benchmarks;

import org.jspecify.annotations.NullMarked;
