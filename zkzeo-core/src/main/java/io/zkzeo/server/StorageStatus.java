package io.zkzeo.server;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one served storage's counters, as ZEO's {@code server_status} reports them, plus the commit
 * lock's totals where the storage exposes its lock.
 *
 * @param name the storage name clients register with
 * @param connections registered connections now
 * @param loads {@code loadBefore} calls served
 * @param stores {@code storea} calls received
 * @param commits transactions finished
 * @param aborts transactions aborted (by the client or on disconnect)
 * @param activeTransactions transactions begun and neither finished nor aborted
 * @param conflicts write and read conflicts reported to clients
 * @param conflictsResolved conflicts the storage resolved itself
 * @param lockTime when the current commit-lock holder took the lock, or {@code null} if nobody holds it
 * @param start when the server started serving the storage
 * @param waiting votes waiting for the commit lock now
 * @param transactionTimeout whether a transaction timeout watches lock holders
 * @param lastTransaction the storage's last committed tid
 * @param lockAcquisitions how often the commit lock was taken, or {@code -1} if the storage does not expose it
 * @param lockWait total time spent waiting for the commit lock ({@link Duration#ZERO} if unknown)
 * @param lockHold total time the commit lock was held ({@link Duration#ZERO} if unknown)
 */
public record StorageStatus(String name, int connections, long loads, long stores, long commits, long aborts,
		int activeTransactions, long conflicts, long conflictsResolved, @Nullable Instant lockTime, Instant start,
		int waiting, boolean transactionTimeout, Tid lastTransaction, long lockAcquisitions, Duration lockWait,
		Duration lockHold) {

	private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
			Locale.ENGLISH);

	/**
	 * Returns the dictionary a Python ZEO server sends for {@code server_status} and in {@code ruok} answers,
	 * with the same keys in the same order.
	 * @return the entries (str keys; int, float, str, bool or {@code null} values)
	 */
	public Map<String, @Nullable Object> toServerStatusMap() {
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		map.put("connections", (long) this.connections);
		map.put("loads", this.loads);
		map.put("stores", this.stores);
		map.put("commits", this.commits);
		map.put("aborts", this.aborts);
		map.put("active_txns", (long) this.activeTransactions);
		map.put("lock_time", (this.lockTime != null) ? this.lockTime.toEpochMilli() / 1000.0 : null);
		map.put("conflicts", this.conflicts);
		map.put("conflicts_resolved", this.conflictsResolved);
		map.put("start", CTIME.format(this.start.atZone(ZoneId.systemDefault())));
		map.put("waiting", (long) this.waiting);
		map.put("timeout-thread-is-alive", this.transactionTimeout ? (Object) Boolean.TRUE : "stub");
		map.put("last-transaction", this.lastTransaction.toString());
		return map;
	}

}
