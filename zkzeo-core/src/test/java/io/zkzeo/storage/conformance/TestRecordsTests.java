package io.zkzeo.storage.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkzeo.storage.Oid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Checks that {@link TestRecords} makes the very bytes ZODB wrote in the FileStorage vectors.
 */
class TestRecordsTests {

	@Test
	void emptyMappingIsTheNewDatabaseRoot() throws IOException {
		assertThat(TestRecords.mapping(Map.of())).isEqualTo(vectorRecord("empty", 0, 0));
	}

	@Test
	void counterMatchesPythonBytes() throws IOException {
		assertThat(TestRecords.counter(1)).isEqualTo(vectorRecord("undo", 1, 1));
		assertThat(TestRecords.counter(2)).isEqualTo(vectorRecord("undo", 2, 0));
	}

	@Test
	void singleReferenceMatchesPythonBytes() throws IOException {
		assertThat(TestRecords.mapping(Map.of("x", Oid.of(1)))).isEqualTo(vectorRecord("undo", 1, 0));
	}

	@Test
	void valueAndReferenceUseSetItemsAsPythonDoes() throws IOException {
		Map<String, Object> items = new LinkedHashMap<>();
		items.put("keep", 1);
		items.put("gone", Oid.of(1));
		assertThat(TestRecords.mapping(items)).isEqualTo(vectorRecord("undo-creation", 2, 0));
	}

	@Test
	void recordsReadBack() {
		byte[] record = TestRecords.node(70000, Oid.of(5), Oid.of(0x1234));
		assertThat(TestRecords.value(record)).isEqualTo(70000);
		assertThat(TestRecords.references(record)).containsExactly(Oid.of(5), Oid.of(0x1234));
		assertThat(TestRecords.value(TestRecords.counter(-3))).isEqualTo(-3);
		assertThat(TestRecords.value(TestRecords.counter(300))).isEqualTo(300);
	}

	@Test
	void referenceFinderReportsEachReference() {
		List<Long> found = new ArrayList<>();
		new TestRecordsReferenceFinder().findReferences(TestRecords.node(1, Oid.of(7), Oid.of(9)), found::add);
		assertThat(found).containsExactly(7L, 9L);
	}

	@Test
	void otherRecordsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestRecords.items(new byte[] { (byte) 0x80, 3, 0x29 }));
		byte[] truncated = Arrays.copyOf(TestRecords.counter(1), 50);
		assertThatIllegalArgumentException().isThrownBy(() -> TestRecords.items(truncated));
	}

	private static byte[] vectorRecord(String name, int transaction, int record) throws IOException {
		try (InputStream in = TestRecordsTests.class.getResourceAsStream("/vectors/fs/" + name + ".json")) {
			assertThat(in).isNotNull();
			JsonNode root = new ObjectMapper().readTree(in);
			String hex = root.get("transactions").get(transaction).get("records").get(record).get("data").asText();
			return TestRecords.hex(hex);
		}
	}

}
