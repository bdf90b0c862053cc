package io.zkzeo.storage.conformance;

import java.util.Arrays;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input gets a clear error and loses nothing: null, empty and oversized arguments, unknown
 * transactions and objects.
 */
public interface BadInputStorageContract extends StorageContract {

	@Test
	@SuppressWarnings("NullAway")
	default void nullArgumentsRaiseNullPointerException() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		Oid noOid = null;
		Tid noTid = null;
		byte[] noData = null;
		TransactionMetaData noTxn = null;
		assertThatNullPointerException().isThrownBy(() -> storage.load(noOid));
		assertThatNullPointerException().isThrownBy(() -> storage.loadBefore(noOid, Tid.MAX));
		assertThatNullPointerException().isThrownBy(() -> storage.loadBefore(oid, noTid));
		assertThatNullPointerException().isThrownBy(() -> storage.loadSerial(oid, noTid));
		assertThatNullPointerException().isThrownBy(() -> storage.history(noOid, 1));
		assertThatNullPointerException().isThrownBy(() -> storage.tpcBegin(noTxn));
		assertThatNullPointerException().isThrownBy(() -> storage.store(noOid, t1, TestRecords.counter(2), txn));
		assertThatNullPointerException().isThrownBy(() -> storage.store(oid, noTid, TestRecords.counter(2), txn));
		assertThatNullPointerException().isThrownBy(() -> storage.store(oid, t1, noData, txn));
		assertThatNullPointerException().isThrownBy(() -> storage.store(oid, t1, TestRecords.counter(2), noTxn));
		assertThatNullPointerException().isThrownBy(() -> storage.checkCurrentSerialInTransaction(noOid, t1, txn));
		assertThatNullPointerException().isThrownBy(() -> storage.undo(noTid, txn));
		assertThatNullPointerException().isThrownBy(() -> storage.vote(noTxn));
		assertThatNullPointerException().isThrownBy(() -> storage.tpcFinish(noTxn));
		storage.store(oid, t1, TestRecords.counter(2), txn);
		storage.vote(txn);
		Tid t2 = storage.tpcFinish(txn);
		assertThat(TestRecords.value(storage.load(oid).data())).isEqualTo(2);
		assertThat(storage.load(oid).serial()).isEqualTo(t2);
	}

	@Test
	default void emptyRecordIsRefusedAndTheTransactionGoesOn() {
		Storage storage = storage();
		Oid empty = storage.newOid();
		Oid good = storage.newOid();
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		assertThatIllegalArgumentException().isThrownBy(() -> storage.store(empty, Tid.ZERO, new byte[0], txn));
		storage.store(good, Tid.ZERO, TestRecords.counter(1), txn);
		storage.vote(txn);
		storage.tpcFinish(txn);
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(empty));
		assertThat(TestRecords.value(storage.load(good).data())).isEqualTo(1);
	}

	/**
	 * User, description and extension longer than 65535 bytes do not fit a FileStorage transaction header;
	 * {@code tpcBegin} refuses them with {@link IllegalArgumentException} (or a {@link StorageError}, as
	 * Python's FileStorage raises) and no transaction begins.
	 */
	@Test
	default void oversizedTransactionMetadataIsRefusedAtBegin() {
		Storage storage = storage();
		byte[] huge = new byte[65536];
		Arrays.fill(huge, (byte) 'x');
		byte[] none = new byte[0];
		for (TransactionMetaData txn : new TransactionMetaData[] { new TransactionMetaData(huge, none, none),
				new TransactionMetaData(none, huge, none), new TransactionMetaData(none, none, huge) }) {
			assertThatThrownBy(() -> storage.tpcBegin(txn)).isInstanceOfAny(IllegalArgumentException.class,
					StorageError.class);
			assertThatExceptionOfType(StorageTransactionError.class)
				.isThrownBy(() -> storage.store(Oid.of(1), Tid.ZERO, TestRecords.counter(1), txn));
		}
		byte[] largest = Arrays.copyOf(huge, 65535);
		Tid tid = commit(storage, new TransactionMetaData(largest, largest, none),
				store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		assertThat(TestCommits.transactions(storage, tid, tid).get(0).user()).isEqualTo(largest);
	}

	@Test
	default void negativeCountsAreRefused() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> storage.history(oid, -1));
		assertThatIllegalArgumentException().isThrownBy(() -> storage.newOids(-1));
	}

	@Test
	default void callsWithAnotherTransactionLeaveTheOpenOneIntact() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		TransactionMetaData open = TestCommits.txn();
		TransactionMetaData stranger = TestCommits.txn();
		storage.tpcBegin(open);
		storage.store(oid, Tid.ZERO, TestRecords.counter(1), open);
		assertThatExceptionOfType(StorageTransactionError.class)
			.isThrownBy(() -> storage.store(oid, Tid.ZERO, TestRecords.counter(9), stranger));
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.vote(stranger));
		storage.tpcAbort(stranger);
		storage.vote(open);
		Tid tid = storage.tpcFinish(open);
		assertThat(TestRecords.value(storage.load(oid).data())).isEqualTo(1);
		assertThat(storage.load(oid).serial()).isEqualTo(tid);
	}

	@Test
	default void unknownObjectsRaisePOSKeyErrorNamingThem() {
		Storage storage = storage();
		commit(storage, "v1", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		Oid unknown = Oid.of(0xdeadbeefL);
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(unknown))
			.withMessageContaining("0xdeadbeef")
			.satisfies((ex) -> assertThat(ex.getOid()).isEqualTo(unknown));
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.history(unknown, 1));
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadSerial(unknown, Tid.MAX));
	}

}
