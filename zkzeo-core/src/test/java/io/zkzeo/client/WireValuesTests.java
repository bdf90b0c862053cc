package io.zkzeo.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.zkzeo.protocol.Tuple;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.UndoInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Conversions between the storage SPI's values and what ZEO calls carry.
 */
class WireValuesTests {

	@Test
	void extensionPickledByZodbBecomesAMapAndBack() {
		// ZODB 5's pickle of {'app': 'capture'} (protocol 3, with memo)
		byte[] pickle = HexFormat.of().parseHex("80037d7100580300000061707071015807000000636170747572657102732e");
		Map<Object, Object> wire = WireValues.extensionToWire(pickle);
		assertThat(wire).containsExactly(Map.entry("app", "capture"));
		assertThat(WireValues.extensionToWire(WireValues.extensionFromWire(wire))).isEqualTo(wire);
	}

	@Test
	void emptyExtensionIsAnEmptyMapAndBack() {
		assertThat(WireValues.extensionToWire(new byte[0])).isEmpty();
		assertThat(WireValues.extensionFromWire(Map.of())).isEmpty();
		assertThat(WireValues.extensionFromWire(null)).isEmpty();
	}

	@Test
	void nestedExtensionValuesSurviveTheRoundTrip() {
		Map<Object, Object> wire = new LinkedHashMap<>();
		wire.put("bytes", new byte[] { 1, 2 });
		wire.put("tuple", Tuple.of(1L, "two"));
		wire.put("list", List.of(3.5, true));
		Map<Object, Object> back = WireValues.extensionToWire(WireValues.extensionFromWire(wire));
		assertThat((byte[]) back.get("bytes")).containsExactly(1, 2);
		assertThat(back.get("tuple")).isEqualTo(Tuple.of(1L, "two"));
		assertThat(back.get("list")).isEqualTo(List.of(3.5, true));
	}

	@Test
	void extensionThatIsNotAPickledDictIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> WireValues.extensionToWire(new byte[] { 'x', 'y' }));
		byte[] pickledList = HexFormat.of().parseHex("80035d71002e");
		assertThatIllegalArgumentException().isThrownBy(() -> WireValues.extensionToWire(pickledList))
			.withMessageContaining("not a pickled dict");
	}

	@Test
	void undoIdIsTheTidInBase64AsFileStorageMakesIt() {
		Tid tid = Tid.fromHex("040d3d045b3cfe77");
		assertThat(new String(WireValues.undoId(tid))).isEqualTo("BA09BFs8/nc=");
		assertThat(WireValues.undoIdToTid(WireValues.undoId(tid))).isEqualTo(tid);
	}

	@Test
	void undoLogEntriesKeepExtensionKeys() {
		Map<Object, Object> entry = new LinkedHashMap<>();
		entry.put("id", WireValues.undoId(Tid.of(5)));
		entry.put("time", 1.5);
		entry.put("user_name", "/ alice".getBytes());
		entry.put("description", "d".getBytes());
		entry.put("size", 120L);
		entry.put("app", "x");
		UndoInfo info = WireValues.undoInfos(List.of(entry)).get(0);
		assertThat(info.tid()).isEqualTo(Tid.of(5));
		assertThat(info.userText()).isEqualTo("/ alice");
		assertThat(info.size()).isEqualTo(120);
		assertThat(WireValues.extensionToWire(info.extension())).containsExactly(Map.entry("app", "x"));
	}

	@Test
	void voteResultOfConflictDictsBecomesAConflictError() {
		Map<Object, Object> conflict = Map.of("oid", Oid.of(4).toBytes(), "serials",
				Tuple.of(Tid.of(9).toBytes(), Tid.of(7).toBytes()), "data", new byte[] { 1 });
		assertThatExceptionOfType(ConflictError.class).isThrownBy(() -> WireValues.voteResult(List.of(conflict)))
			.satisfies((ex) -> {
				assertThat(ex.getOid()).isEqualTo(Oid.of(4));
				assertThat(ex.getCommittedSerial()).isEqualTo(Tid.of(9));
				assertThat(ex.getOldSerial()).isEqualTo(Tid.of(7));
			});
		assertThat(WireValues.voteResult(List.of(Oid.of(1).toBytes()))).containsExactly(Oid.of(1));
		assertThat(WireValues.voteResult(null)).isEmpty();
	}

	@Test
	void packTimeIsNeverBeforeTheInstantHoweverTheServerConvertsIt() {
		Random random = new Random(42);
		for (int i = 0; i < 10_000; i++) {
			Instant instant = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(200_000_000),
					random.nextInt(1_000_000_000));
			double seconds = WireValues.packTime(instant);
			BigDecimal exact = BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
			assertThat(new BigDecimal(seconds)).isGreaterThanOrEqualTo(exact);
			assertThat(Math.round(seconds * 1e9)).isGreaterThanOrEqualTo(instant.getEpochSecond() * 1_000_000_000L
					+ instant.getNano());
			assertThat(new BigDecimal(seconds).subtract(exact)).isLessThan(new BigDecimal("0.000001"));
		}
	}

	@Test
	void recordedPackTimeIsSentUnchanged() {
		double recorded = 1795553545.6520002;
		assertThat(WireValues.packTime(SessionDriver.floorToNanos(recorded))).isEqualTo(recorded);
	}

}
