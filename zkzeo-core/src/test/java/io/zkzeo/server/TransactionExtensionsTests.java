package io.zkzeo.server;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.protocol.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension dict of {@code tpc_begin}, pickled as ZODB stores it (bytes from the FileStorage vectors).
 */
class TransactionExtensionsTests {

	/** {@code {'note': 'first', 'n': 1}} as ZODB 5 wrote it into containers.fs. */
	private static final String PYTHON_EXTENSION = "80037d71002858040000006e6f7465710158050000006669727374710258010000006e71034b01752e";

	@Test
	void extensionIsPickledAsZodbPicklesIt() {
		Map<Object, Object> extension = new LinkedHashMap<>();
		extension.put("note", "first");
		extension.put("n", 1L);
		assertThat(HexFormat.of().formatHex(TransactionExtensions.toBytes(extension))).isEqualTo(PYTHON_EXTENSION);
	}

	@Test
	void emptyOrMissingExtensionIsStoredAsNoBytes() {
		assertThat(TransactionExtensions.toBytes(Map.of())).isEmpty();
		assertThat(TransactionExtensions.toBytes(null)).isEmpty();
		assertThat(TransactionExtensions.toMap(new byte[0])).isEmpty();
	}

	@Test
	void storedExtensionIsReadBackAsWireValues() {
		assertThat(TransactionExtensions.toMap(HexFormat.of().parseHex(PYTHON_EXTENSION)))
			.containsExactly(Map.entry("note", "first"), Map.entry("n", 1L));
		Map<Object, Object> nested = new LinkedHashMap<>();
		nested.put("bytes", new byte[] { 1, 2 });
		nested.put("tuple", Tuple.of("a", 2L));
		nested.put("list", List.of(true, 2.5));
		Map<Object, Object> back = TransactionExtensions.toMap(TransactionExtensions.toBytes(nested));
		assertThat(back.get("bytes")).isEqualTo(new byte[] { 1, 2 });
		assertThat(back.get("tuple")).isInstanceOf(Tuple.class).isEqualTo(List.of("a", 2L));
		assertThat(back.get("list")).isEqualTo(List.of(true, 2.5));
	}

	@Test
	void unreadableExtensionGivesAnEmptyDict() {
		assertThat(TransactionExtensions.toMap(new byte[] { (byte) 0x80, 3, 0x7d })).isEmpty();
	}

}
