package io.zkzeo.tools.load;

import java.util.Arrays;
import java.util.List;

/**
 * What one phase measured over a run: objects handled, time the phase took (from the moment every client
 * started it until the last finished, summed over rounds) and the latencies of its transactions.
 *
 * @param phase the phase
 * @param objects objects added, changed or read, over every client and round
 * @param transactions transactions run
 * @param seconds wall-clock seconds the phase took, summed over rounds
 * @param p50Millis median transaction latency in milliseconds
 * @param p99Millis 99th percentile transaction latency in milliseconds
 */
public record PhaseFigures(Phase phase, long objects, int transactions, double seconds, double p50Millis,
		double p99Millis) {

	/**
	 * Computes the figures of a phase.
	 * @param phase the phase
	 * @param objects objects handled
	 * @param wallNanos wall-clock time summed over rounds
	 * @param latencyNanos one latency per transaction
	 * @return the figures
	 */
	static PhaseFigures of(Phase phase, long objects, long wallNanos, List<Long> latencyNanos) {
		long[] sorted = latencyNanos.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return new PhaseFigures(phase, objects, sorted.length, wallNanos / 1e9, percentile(sorted, 0.50) / 1e6,
				percentile(sorted, 0.99) / 1e6);
	}

	/**
	 * Returns the nearest-rank percentile of sorted values.
	 * @param sorted the values, ascending
	 * @param fraction the percentile as a fraction, e.g. 0.99
	 * @return the value, 0 when there are none
	 */
	static long percentile(long[] sorted, double fraction) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(fraction * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/**
	 * Returns the throughput.
	 * @return objects per second, 0 when no time was measured
	 */
	public double objectsPerSecond() {
		return (this.seconds > 0) ? this.objects / this.seconds : 0;
	}

}
