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
 * @param clientCpuSeconds processor seconds the load tool's process used during the phase, over all its threads
 * @param serverCpuSeconds processor seconds the server's process used during the phase, or {@code NaN} when not
 * measured
 */
public record PhaseFigures(Phase phase, long objects, int transactions, double seconds, double p50Millis,
		double p99Millis, double clientCpuSeconds, double serverCpuSeconds) {

	/**
	 * Computes the figures of a phase.
	 * @param phase the phase
	 * @param objects objects handled
	 * @param wallNanos wall-clock time summed over rounds
	 * @param latencyNanos one latency per transaction
	 * @param clientCpuNanos processor time of the load tool's process during the phase
	 * @param serverCpuNanos processor time of the server's process during the phase, negative when not measured
	 * @return the figures
	 */
	static PhaseFigures of(Phase phase, long objects, long wallNanos, List<Long> latencyNanos, long clientCpuNanos,
			long serverCpuNanos) {
		long[] sorted = latencyNanos.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return new PhaseFigures(phase, objects, sorted.length, wallNanos / 1e9, percentile(sorted, 0.50) / 1e6,
				percentile(sorted, 0.99) / 1e6, clientCpuNanos / 1e9,
				(serverCpuNanos >= 0) ? serverCpuNanos / 1e9 : Double.NaN);
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

	/**
	 * Returns the load tool's processor time per object.
	 * @return microseconds, {@code NaN} when no object was handled
	 */
	public double clientCpuMicrosPerObject() {
		return perObject(this.clientCpuSeconds);
	}

	/**
	 * Returns the server's processor time per object.
	 * @return microseconds, {@code NaN} when not measured or no object was handled
	 */
	public double serverCpuMicrosPerObject() {
		return perObject(this.serverCpuSeconds);
	}

	private double perObject(double cpuSeconds) {
		return (this.objects > 0) ? cpuSeconds * 1e6 / this.objects : Double.NaN;
	}

}
