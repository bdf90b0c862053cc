package io.zkzeo.pickle;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.zkzeo.pickle.VectorRecords.VectorRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every data record of every FileStorage vector, as Python ZODB wrote it.
 */
class RecordCodecVectorTests {

	private final RecordCodec codec = RecordCodec.generic();

	private final ReferenceScanner scanner = new ReferenceScanner();

	static Stream<VectorRecord> records() {
		return VectorRecords.all().stream();
	}

	@Test
	void vectorsHoldManyRecords() {
		assertThat(VectorRecords.all()).hasSizeGreaterThan(800);
	}

	@ParameterizedTest
	@MethodSource("records")
	void decodeShouldFindTheRecordedClass(VectorRecord record) {
		ObjectRecord decoded = this.codec.decode(record.data());
		assertThat(decoded.type().dottedName()).isEqualTo(record.className());
		assertThat(this.codec.decodeType(record.data()).dottedName()).isEqualTo(record.className());
	}

	@ParameterizedTest
	@MethodSource("records")
	void decodeThenEncodeShouldGiveIdenticalBytes(VectorRecord record) {
		ObjectRecord decoded = this.codec.decode(record.data());
		assertThat(this.codec.encode(decoded)).isEqualTo(record.data());
	}

	@ParameterizedTest
	@MethodSource("records")
	void scannerShouldFindTheReferencesPythonFound(VectorRecord record) {
		List<Long> found = new ArrayList<>();
		this.scanner.findReferences(record.data(), found::add);
		assertThat(found).isEqualTo(record.refs());
	}

	@ParameterizedTest
	@MethodSource("records")
	void decodedReferencesShouldMatchTheScanner(VectorRecord record) {
		ObjectRecord decoded = this.codec.decode(record.data());
		List<Long> strong = new ArrayList<>();
		collectStrongReferences(decoded.classMetadata(), strong);
		collectStrongReferences(decoded.state(), strong);
		assertThat(strong).containsExactlyInAnyOrderElementsOf(record.refs());
	}

	@ParameterizedTest
	@MethodSource("records")
	void recordsBuiltWithNewReferencesShouldMatchPythonByteForByte(VectorRecord record) {
		ObjectRecord decoded = this.codec.decode(record.data());
		Map<Object, Object> rebuilt = new IdentityHashMap<>();
		Object classMetadata = withNewReferences(decoded.classMetadata(), rebuilt);
		Object state = withNewReferences(decoded.state(), rebuilt);
		assertThat(this.codec.encode(classMetadata, state)).isEqualTo(record.data());
	}

	/** Replaces every decoded reference by one made with the factory methods, as application code would. */
	private static Object withNewReferences(Object value, Map<Object, Object> rebuilt) {
		if (value instanceof PersistentReference reference) {
			return switch (reference.form()) {
				case CLASS -> PersistentReference.of(reference.oid(), reference.type());
				case OID -> PersistentReference.ofOid(reference.oid());
				case WEAK -> (reference.database() != null) ? PersistentReference.weak(reference.oid(), reference.database())
						: PersistentReference.weak(reference.oid());
				case CROSS_DATABASE -> PersistentReference.crossDatabase(reference.database(), reference.oid(),
						reference.type());
				case CROSS_DATABASE_OID -> PersistentReference.crossDatabase(reference.database(), reference.oid());
				case LEGACY_WEAK -> reference;
			};
		}
		if (rebuilt.containsKey(value)) {
			return rebuilt.get(value);
		}
		if (value instanceof PickleTuple tuple) {
			Object[] items = new Object[tuple.size()];
			for (int i = 0; i < items.length; i++) {
				items[i] = withNewReferences(tuple.get(i), rebuilt);
			}
			PickleTuple copy = PickleTuple.of(items);
			rebuilt.put(tuple, copy);
			return copy;
		}
		if (value instanceof List<?> list) {
			rebuilt.put(list, list);
			@SuppressWarnings("unchecked")
			List<Object> items = (List<Object>) list;
			items.replaceAll((item) -> withNewReferences(item, rebuilt));
		}
		else if (value instanceof Map<?, ?> map) {
			rebuilt.put(map, map);
			@SuppressWarnings("unchecked")
			Map<Object, Object> items = (Map<Object, Object>) map;
			items.replaceAll((key, item) -> withNewReferences(item, rebuilt));
		}
		return value;
	}

	private static void collectStrongReferences(Object value, List<Long> oids) {
		if (value instanceof PersistentReference reference) {
			if (reference.isFollowedByPack()) {
				oids.add(reference.oid().value());
			}
		}
		else if (value instanceof List<?> list) {
			list.forEach((item) -> collectStrongReferences(item, oids));
		}
		else if (value instanceof java.util.Map<?, ?> map) {
			map.forEach((key, item) -> {
				collectStrongReferences(key, oids);
				collectStrongReferences(item, oids);
			});
		}
		else if (value instanceof PickleObject object) {
			collectStrongReferences(object.args(), oids);
			collectStrongReferences(object.state(), oids);
		}
	}

}
