package io.zkzeo.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * The objects changed by the last transactions this client heard of (its own commits and invalidations), so that
 * an undo of a recent transaction can report them without asking the server.
 */
final class RecentTransactions {

	static final int CAPACITY = 1000;

	private final Map<Tid, List<Oid>> transactions = new LinkedHashMap<>(64, 0.75f, false) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<Tid, List<Oid>> eldest) {
			return size() > CAPACITY;
		}

	};

	synchronized void put(Tid tid, List<Oid> oids) {
		this.transactions.put(tid, List.copyOf(oids));
	}

	synchronized @Nullable List<Oid> get(Tid tid) {
		return this.transactions.get(tid);
	}

	synchronized void clear() {
		this.transactions.clear();
	}

}
