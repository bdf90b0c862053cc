package io.zkzeo.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap use of this JVM after garbage collection, to show memory stays bounded.
 */
final class Heap {

	private Heap() {
	}

	/** @return bytes of heap in use after asking for a few full collections */
	static long usedAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	static long megabytes(long bytes) {
		return bytes / (1024 * 1024);
	}

}
