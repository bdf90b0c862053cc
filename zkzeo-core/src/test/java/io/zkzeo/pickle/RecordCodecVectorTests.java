package io.zkzeo.pickle;

import java.util.ArrayList;
import java.util.List;
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
