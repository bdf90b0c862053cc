package io.zkzeo.storage.conformance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static io.zkzeo.storage.conformance.TestCommits.transactions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Iteration over committed transactions: order, inclusive bounds, metadata and data records, including
 * the records undo writes.
 */
public interface IteratorStorageContract extends StorageContract {

	/**
	 * Returns the extension the iterator test commits its first transaction with.
	 * @return a pickled dict
	 */
	default byte[] iteratedExtension() {
		return TestRecords.hex("80037d71002e");
	}

	/**
	 * Checks the extension the iterator gives back for the one committed: the same bytes, unless a storage
	 * says otherwise.
	 * @param committed what the transaction was committed with
	 * @param iterated what the iterator gave back
	 */
	default void assertIteratedExtension(byte[] committed, byte[] iterated) {
		assertThat(iterated).isEqualTo(committed);
	}

	@Test
	default void iteratorListsTransactionsInOrderWithMetadataAndRecords() {
		Storage storage = storage();
		Oid a = storage.newOid();
		Oid b = storage.newOid();
		byte[] extension = iteratedExtension();
		TransactionMetaData first = new TransactionMetaData("/ alice".getBytes(StandardCharsets.UTF_8),
				"first".getBytes(StandardCharsets.UTF_8), extension);
		Tid t1 = commit(storage, first, store(a, Tid.ZERO, TestRecords.counter(1)), store(b, Tid.ZERO, TestRecords.counter(2)));
		Tid t2 = commit(storage, "second", store(a, t1, TestRecords.counter(3)));
		List<TransactionRecord> transactions = transactions(storage, null, null);
		assertThat(transactions).extracting(TransactionRecord::tid).containsExactly(t1, t2);
		TransactionRecord one = transactions.get(0);
		assertThat(one.status()).isEqualTo(' ');
		assertThat(one.userText()).isEqualTo("/ alice");
		assertThat(one.descriptionText()).isEqualTo("first");
		assertIteratedExtension(extension, one.extension());
		assertThat(one.records()).extracting(DataRecord::oid).containsExactly(a, b);
		assertThat(one.records()).extracting(DataRecord::tid).containsOnly(t1);
		assertThat(one.records()).extracting(DataRecord::dataTxn).containsOnlyNulls();
		assertThat(one.records().get(1).data()).isEqualTo(TestRecords.counter(2));
		TransactionRecord two = transactions.get(1);
		assertThat(two.extension()).isEmpty();
		assertThat(two.records()).singleElement().satisfies((record) -> {
			assertThat(record.oid()).isEqualTo(a);
			assertThat(record.data()).isEqualTo(TestRecords.counter(3));
		});
	}

	@Test
	default void boundsAreInclusiveAndOptional() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "2", store(oid, t1, TestRecords.counter(2)));
		Tid t3 = commit(storage, "3", store(oid, t2, TestRecords.counter(3)));
		Tid t4 = commit(storage, "4", store(oid, t3, TestRecords.counter(4)));
		assertThat(tids(storage, t2, t3)).containsExactly(t2, t3);
		assertThat(tids(storage, t2, null)).containsExactly(t2, t3, t4);
		assertThat(tids(storage, null, t2)).containsExactly(t1, t2);
		assertThat(tids(storage, t1.next(), t4.previous())).containsExactly(t2, t3);
		assertThat(tids(storage, t3, t3)).containsExactly(t3);
		assertThat(tids(storage, t3, t2)).isEmpty();
		assertThat(tids(storage, t4.next(), null)).isEmpty();
		assertThat(tids(storage, null, t1.previous())).isEmpty();
		assertThat(tids(storage, Tid.ZERO, Tid.MAX)).containsExactly(t1, t2, t3, t4);
	}

	@Test
	default void undoRecordsNameTheTransactionHoldingTheirData() {
		Storage storage = storage();
		Oid changed = storage.newOid();
		Oid created = storage.newOid();
		Tid t1 = commit(storage, "v1", store(changed, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(changed, t1, TestRecords.counter(2)), store(created, Tid.ZERO, TestRecords.counter(7)));
		Tid undo = TestCommits.undo(storage, t2);
		List<TransactionRecord> transactions = transactions(storage, undo, undo);
		assertThat(transactions).singleElement().satisfies((transaction) -> {
			assertThat(transaction.records()).extracting(DataRecord::oid).containsExactlyInAnyOrder(changed, created);
			for (DataRecord record : transaction.records()) {
				assertThat(record.tid()).isEqualTo(undo);
				if (record.oid().equals(changed)) {
					assertThat(record.data()).isEqualTo(TestRecords.counter(1));
					assertThat(record.dataTxn()).isEqualTo(t1);
				}
				else {
					assertThat(record.data()).isNull();
					assertThat(record.dataTxn()).isNull();
				}
			}
		});
	}

	@Test
	default void iteratorEndsWithNoSuchElementException() {
		Storage storage = storage();
		commit(storage, "1", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		try (StorageIterator iterator = storage.iterator(null, null)) {
			assertThat(iterator.hasNext()).isTrue();
			iterator.next();
			assertThat(iterator.hasNext()).isFalse();
			assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(iterator::next);
		}
	}

	private static List<Tid> tids(Storage storage, @Nullable Tid start, @Nullable Tid stop) {
		return transactions(storage, start, stop).stream().map(TransactionRecord::tid).toList();
	}

}
