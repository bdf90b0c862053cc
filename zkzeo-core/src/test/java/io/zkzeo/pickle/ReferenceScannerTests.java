package io.zkzeo.pickle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageError;
import org.junit.jupiter.api.Test;

import static io.zkzeo.pickle.PersistentReferenceTests.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The pack reference scan, beyond the vectors: order and duplicates, long memo indices, protocol 0,
 * and malformed records.
 */
class ReferenceScannerTests {

	private static final Global BUCKET = new Global("BTrees.OOBTree", "OOBucket");

	private final RecordCodec codec = RecordCodec.generic();

	private final ReferenceScanner scanner = new ReferenceScanner();

	@Test
	void scanShouldKeepOrderAndDuplicatesAndSkipWeakReferences() {
		List<Object> items = new ArrayList<>(List.of(PersistentReference.of(Oid.of(2), BUCKET),
				PersistentReference.weak(Oid.of(9)), PersistentReference.ofOid(Oid.of(1)),
				PersistentReference.crossDatabase("other", Oid.of(8), BUCKET), PersistentReference.of(Oid.of(2), BUCKET)));
		byte[] record = this.codec.encode(BUCKET, PickleTuple.of(PickleTuple.of("k", items)));
		assertThat(this.scanner.references(record)).containsExactly(2L, 1L, 2L);
	}

	@Test
	void scanShouldFollowLongMemoIndices() {
		PickleBytes oid = PickleBytes.of(Oid.of(0x0102030405060708L).toBytes());
		List<Object> state = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			state.add("s" + i);
		}
		state.add(PersistentReference.fromPid(PickleTuple.of(oid, BUCKET)));
		state.add(PersistentReference.fromPid(PickleTuple.of(oid, BUCKET)));
		byte[] record = this.codec.encode(BUCKET, state);
		assertThat(record).contains(Opcodes.LONG_BINGET, Opcodes.LONG_BINPUT);
		assertThat(this.scanner.references(record)).containsExactly(0x0102030405060708L, 0x0102030405060708L);
	}

	@Test
	void scanShouldReadProtocol0PersistentIds() {
		String text = "cpersistent.mapping\nPersistentMapping\np0\n.(dp1\nVdata\np2\n(dp3\nVa\np4\n"
				+ "P\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0005\np5\nss.";
		byte[] record = text.getBytes(StandardCharsets.ISO_8859_1);
		assertThat(this.scanner.references(record)).containsExactly(5L);
		Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) this.codec.decode(record).state()).get("data");
		assertThat(((PersistentReference) data.get("a")).oid()).isEqualTo(Oid.of(5));
	}

	@Test
	void scanShouldIgnoreBytesAfterTheStatePickleAsPythonDoes() {
		byte[] record = VectorRecords.load("refs").get(1).data();
		byte[] trailing = Arrays.copyOf(record, record.length + 3);
		assertThat(this.scanner.references(trailing)).isEqualTo(this.scanner.references(record)).isNotEmpty();
	}

	@Test
	void malformedRecordsShouldFailWithStorageErrorAndReportNothing() {
		byte[] record = VectorRecords.load("refs").get(1).data();
		byte[] truncated = Arrays.copyOf(record, record.length - 3);
		List<Long> reported = new ArrayList<>();
		assertThatExceptionOfType(StorageError.class)
			.isThrownBy(() -> this.scanner.findReferences(truncated, reported::add))
			.withMessageStartingWith("Cannot find references in record: Pickle is truncated")
			.withCauseInstanceOf(PickleException.class);
		assertThat(reported).isEmpty();
	}

	@Test
	void persistentIdsWithoutAnEightByteOidShouldBeRejected() {
		byte[] shortOid = hex("80034e2e" + "8003" + "4303000001" + "7100" + "5d7101" + "30" + "51" + "6800" + "2e");
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> this.scanner.references(shortOid))
			.withMessageContaining("not 8 bytes");
		byte[] emptyTuple = hex("80034e2e" + "800329512e");
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> this.scanner.references(emptyTuple))
			.withMessageContaining("empty tuple");
		byte[] integer = hex("80034e2e" + "80034b05512e");
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> this.scanner.references(integer))
			.withMessageContaining("not 8 bytes");
	}

	@Test
	void scanShouldAgreeWithTheDecodedValues() {
		Map<Object, Object> inner = new LinkedHashMap<>();
		inner.put(PickleTuple.of("key", PersistentReference.of(Oid.of(4), BUCKET)), "tuple key");
		PickleObject object = PickleObject.withState(new Global("app", "Plain"), PickleTuple.empty(),
				PickleObject.Construction.NEWOBJ, inner);
		byte[] record = this.codec.encode(BUCKET, PickleTuple.of(object, PersistentReference.ofOid(Oid.of(6))));
		assertThat(this.scanner.references(record)).containsExactly(4L, 6L);
		PickleTuple state = (PickleTuple) this.codec.decode(record).state();
		PickleObject decoded = (PickleObject) state.get(0);
		assertThat(decoded.state()).isEqualTo(inner);
	}

}
