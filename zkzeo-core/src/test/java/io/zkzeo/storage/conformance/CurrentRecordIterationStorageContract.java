package io.zkzeo.storage.conformance;

import java.util.ArrayList;
import java.util.List;

import io.zkzeo.storage.CurrentRecord;
import io.zkzeo.storage.CurrentRecordIteration;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static io.zkzeo.storage.conformance.TestCommits.undo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walking current records in oid order, as ZODB's {@code record_iternext} does, for storages that are a
 * {@link CurrentRecordIteration}.
 */
public interface CurrentRecordIterationStorageContract extends StorageContract {

	/**
	 * Returns what finds references in the suite's records, for pack.
	 * @return the reference finder
	 */
	ReferenceFinder referenceFinder();

	/** @return the storage under test as a {@link CurrentRecordIteration} */
	default CurrentRecordIteration recordIteration() {
		return (CurrentRecordIteration) storage();
	}

	@Test
	default void emptyStorageHasNoCurrentRecord() {
		assertThat(recordIteration().recordIterNext(null)).isNull();
		assertThat(recordIteration().recordIterNext(Oid.of(5))).isNull();
	}

	@Test
	default void recordIterNextWalksCurrentRecordsInOidOrder() {
		Storage storage = storage();
		Tid t1 = commit(storage, "t1", store(Oid.of(5), Tid.ZERO, TestRecords.counter(50)),
				store(Oid.of(0), Tid.ZERO, TestRecords.counter(0)), store(Oid.of(2), Tid.ZERO, TestRecords.counter(20)));
		Tid t2 = commit(storage, "t2", store(Oid.of(2), t1, TestRecords.counter(21)),
				store(Oid.of(1), Tid.ZERO, TestRecords.counter(10)));
		List<CurrentRecord> records = walk(recordIteration(), null);
		assertThat(records).extracting(CurrentRecord::oid)
			.containsExactly(Oid.of(0), Oid.of(1), Oid.of(2), Oid.of(5));
		assertThat(records).extracting(CurrentRecord::serial).containsExactly(t1, t2, t2, t1);
		assertThat(records).extracting((record) -> TestRecords.value(record.data())).containsExactly(0, 10, 21, 50);
		assertThat(records).extracting(CurrentRecord::next).containsExactly(Oid.of(1), Oid.of(2), Oid.of(5), null);
	}

	@Test
	default void recordIterNextStartsAtTheSmallestOidAtOrAfterNext() {
		Storage storage = storage();
		commit(storage, "t1", store(Oid.of(3), Tid.ZERO, TestRecords.counter(3)),
				store(Oid.of(9), Tid.ZERO, TestRecords.counter(9)));
		CurrentRecord exact = recordIteration().recordIterNext(Oid.of(3));
		assertThat(exact).isNotNull();
		assertThat(exact.oid()).isEqualTo(Oid.of(3));
		assertThat(exact.next()).isEqualTo(Oid.of(9));
		CurrentRecord between = recordIteration().recordIterNext(Oid.of(4));
		assertThat(between).isNotNull();
		assertThat(between.oid()).isEqualTo(Oid.of(9));
		assertThat(between.next()).isNull();
		assertThat(recordIteration().recordIterNext(Oid.of(10))).isNull();
	}

	@Test
	default void recordIterNextOrdersLargeOidsAsUnsigned() {
		Storage storage = storage();
		Oid largest = Oid.of(-1L);
		Oid signBit = Oid.of(Long.MIN_VALUE);
		Oid beyondPages = Oid.of(1L << 40);
		commit(storage, "t1", store(largest, Tid.ZERO, TestRecords.counter(4)),
				store(signBit, Tid.ZERO, TestRecords.counter(3)), store(beyondPages, Tid.ZERO, TestRecords.counter(2)),
				store(Oid.of(7), Tid.ZERO, TestRecords.counter(1)));
		assertThat(walk(recordIteration(), null)).extracting(CurrentRecord::oid)
			.containsExactly(Oid.of(7), beyondPages, signBit, largest);
		assertThat(walk(recordIteration(), Oid.of((1L << 40) + 1))).extracting(CurrentRecord::oid)
			.containsExactly(signBit, largest);
	}

	@Test
	default void recordIterNextSkipsObjectsWithoutCurrentData() {
		Storage storage = storage();
		Tid t1 = commit(storage, "t1", store(Oid.of(1), Tid.ZERO, TestRecords.counter(1)),
				store(Oid.of(4), Tid.ZERO, TestRecords.counter(4)));
		Tid created = commit(storage, "create", store(Oid.of(2), Tid.ZERO, TestRecords.counter(2)),
				store(Oid.of(3), Tid.ZERO, TestRecords.counter(3)), store(Oid.of(6), Tid.ZERO, TestRecords.counter(6)));
		undo(storage, created);
		List<CurrentRecord> records = walk(recordIteration(), null);
		assertThat(records).extracting(CurrentRecord::oid).containsExactly(Oid.of(1), Oid.of(4));
		assertThat(records).extracting(CurrentRecord::serial).containsOnly(t1);
		assertThat(records).extracting(CurrentRecord::next).containsExactly(Oid.of(4), null);
		CurrentRecord fromUndone = recordIteration().recordIterNext(Oid.of(2));
		assertThat(fromUndone).isNotNull();
		assertThat(fromUndone.oid()).isEqualTo(Oid.of(4));
		assertThat(recordIteration().recordIterNext(Oid.of(5))).isNull();
	}

	@Test
	default void recordIterNextAfterPackSkipsCollectedObjectsAndSeesNewOnes() {
		Storage storage = storage();
		Oid kept = Oid.of(1);
		Oid dropped = Oid.of(2);
		Tid t1 = commit(storage, "add", store(Oid.ROOT, Tid.ZERO, TestRecords.node(1, kept, dropped)),
				store(kept, Tid.ZERO, TestRecords.node(1)), store(dropped, Tid.ZERO, TestRecords.node(1)));
		Tid t2 = commit(storage, "drop", store(Oid.ROOT, t1, TestRecords.node(2, kept)));
		storage.pack(PackStorageContract.packTimeOf(t2), referenceFinder());
		assertThat(walk(recordIteration(), null)).extracting(CurrentRecord::oid).containsExactly(Oid.ROOT, kept);
		commit(storage, "after pack", store(Oid.of(9), Tid.ZERO, TestRecords.node(1)),
				store(Oid.of(5), Tid.ZERO, TestRecords.node(1)));
		assertThat(walk(recordIteration(), null)).extracting(CurrentRecord::oid)
			.containsExactly(Oid.ROOT, kept, Oid.of(5), Oid.of(9));
	}

	@Test
	default void recordIterNextReturnsACopyOfTheData() {
		Storage storage = storage();
		commit(storage, "t1", store(Oid.of(1), Tid.ZERO, TestRecords.counter(1)));
		CurrentRecord first = recordIteration().recordIterNext(null);
		assertThat(first).isNotNull();
		first.data()[first.data().length - 2] ^= 1;
		CurrentRecord again = recordIteration().recordIterNext(null);
		assertThat(again).isNotNull();
		assertThat(again.data()).isEqualTo(TestRecords.counter(1));
	}

	/**
	 * Walks current records from an oid to the end.
	 * @param iteration the storage
	 * @param start the oid to start at, or {@code null} for the first object
	 * @return the records, in the order the storage returned them
	 */
	static List<CurrentRecord> walk(CurrentRecordIteration iteration, @Nullable Oid start) {
		List<CurrentRecord> records = new ArrayList<>();
		CurrentRecord record = iteration.recordIterNext(start);
		while (record != null) {
			records.add(record);
			Oid next = record.next();
			record = (next != null) ? iteration.recordIterNext(next) : null;
		}
		return records;
	}

}
