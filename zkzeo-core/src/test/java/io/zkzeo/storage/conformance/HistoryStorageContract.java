package io.zkzeo.storage.conformance;

import java.util.List;

import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An object's history: its revisions newest first, with the transactions' metadata.
 */
public interface HistoryStorageContract extends StorageContract {

	@Test
	default void historyListsRevisionsNewestFirstWithTransactionMetadata() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, TransactionMetaData.of("/ alice", "first"), store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, TransactionMetaData.of("/ bob", "second"), store(oid, t1, TestRecords.counter(300)));
		Tid t3 = commit(storage, TransactionMetaData.of("/ carol", "third \u00e9"), store(oid, t2, TestRecords.counter(70000)));
		List<HistoryEntry> history = storage.history(oid, 10);
		assertThat(history).extracting(HistoryEntry::tid).containsExactly(t3, t2, t1);
		assertThat(history).extracting(HistoryEntry::userText).containsExactly("/ carol", "/ bob", "/ alice");
		assertThat(history).extracting(HistoryEntry::descriptionText).containsExactly("third \u00e9", "second", "first");
		assertThat(history).extracting(HistoryEntry::size)
			.containsExactly(TestRecords.counter(70000).length, TestRecords.counter(300).length, TestRecords.counter(1).length);
		assertThat(history.get(0).time()).isEqualTo(t3.toTimeStamp().timeTime());
	}

	@Test
	default void historyIsLimitedToTheGivenSize() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid serial = Tid.ZERO;
		for (int i = 0; i < 5; i++) {
			serial = commit(storage, "v" + i, store(oid, serial, TestRecords.counter(i)));
		}
		assertThat(storage.history(oid, 1)).extracting(HistoryEntry::tid).containsExactly(serial);
		assertThat(storage.history(oid, 3)).hasSize(3).first().extracting(HistoryEntry::tid).isEqualTo(serial);
		assertThat(storage.history(oid, 0)).isEmpty();
		assertThat(storage.history(oid, Integer.MAX_VALUE)).hasSize(5);
	}

	@Test
	default void historyOfAnUnknownObjectRaisesPOSKeyError() {
		Storage storage = storage();
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.history(Oid.of(0x42), 5))
			.satisfies((ex) -> assertThat(ex.getOid()).isEqualTo(Oid.of(0x42)));
	}

}
