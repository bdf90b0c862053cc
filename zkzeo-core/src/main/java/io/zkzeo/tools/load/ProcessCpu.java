package io.zkzeo.tools.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The processor time a process has used so far, over all its threads: this process's through the JVM, another's
 * (a server's) from Linux's {@code /proc/PID/stat}. The load tool reads it around every phase to report
 * processor time per object.
 */
abstract class ProcessCpu {

	/** Linux reports {@code /proc} times in units of USER_HZ, 100 a second on every architecture it runs on. */
	private static final long NANOS_PER_USER_HZ_TICK = 10_000_000L;

	/**
	 * Returns the processor time used so far.
	 * @return nanoseconds
	 */
	abstract long nanos();

	/**
	 * Returns the clock of this process.
	 * @return the clock
	 * @throws IllegalStateException if the JVM does not measure its processor time
	 */
	static ProcessCpu self() {
		if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				|| os.getProcessCpuTime() < 0) {
			throw new IllegalStateException("This JVM does not measure its processor time");
		}
		return new ProcessCpu() {
			@Override
			long nanos() {
				return os.getProcessCpuTime();
			}
		};
	}

	/**
	 * Returns the clock of another process on this (Linux) machine.
	 * @param pid the process
	 * @return the clock
	 * @throws IllegalArgumentException if there is no such process or no {@code /proc} to read it from
	 */
	static ProcessCpu of(long pid) {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		ProcessCpu clock = new ProcessCpu() {
			@Override
			long nanos() {
				try {
					return ticks(Files.readString(stat, StandardCharsets.US_ASCII)) * NANOS_PER_USER_HZ_TICK;
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not read " + stat, ex);
				}
			}
		};
		try {
			clock.nanos();
		}
		catch (UncheckedIOException ex) {
			throw new IllegalArgumentException("No process " + pid + " to measure (" + stat + " unreadable)", ex);
		}
		return clock;
	}

	/**
	 * Reads user plus system time from the text of {@code /proc/PID/stat}: fields 14 and 15, counted after the
	 * command name in parentheses, which may itself hold spaces.
	 * @param stat the text
	 * @return clock ticks
	 */
	static long ticks(String stat) {
		int close = stat.lastIndexOf(')');
		if (close < 0) {
			throw new IllegalArgumentException("Not a /proc/PID/stat line: " + stat);
		}
		String[] fields = stat.substring(close + 2).trim().split(" ");
		// fields[0] is field 3 (state): user time (14) and system time (15) are fields[11] and fields[12].
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
