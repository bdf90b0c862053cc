package io.zkzeo.storage.file;

import java.nio.charset.StandardCharsets;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;

/**
 * Small helpers to commit records in tests.
 */
final class Commits {

	private Commits() {
	}

	static TransactionMetaData txn(String description) {
		return TransactionMetaData.of("", description);
	}

	static TransactionMetaData forced(long tid, String user, String description) {
		return new TransactionMetaData(user.getBytes(StandardCharsets.UTF_8),
				description.getBytes(StandardCharsets.UTF_8), new byte[0], Tid.of(tid), ' ');
	}

	/** Commits one record and returns the new tid. */
	static Tid store(Storage storage, long oid, Tid serial, byte[] data) {
		return store(storage, txn("store " + oid), oid, serial, data);
	}

	static Tid store(Storage storage, TransactionMetaData txn, long oid, Tid serial, byte[] data) {
		storage.tpcBegin(txn);
		storage.store(Oid.of(oid), serial, data, txn);
		storage.vote(txn);
		return storage.tpcFinish(txn);
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
