package io.zkzeo.pickle;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.pickle.PersistentReference.Form;
import io.zkzeo.pickle.VectorRecords.VectorRecord;
import io.zkzeo.storage.Oid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every persistent id shape ZODB reads and writes.
 */
class PersistentReferenceTests {

	private static final Global PERSISTENT_MAPPING = new Global("persistent.mapping", "PersistentMapping");

	private static final Global PERSISTENT_LIST = new Global("persistent.list", "PersistentList");

	private static final Global OO_BUCKET = new Global("BTrees.OOBTree", "OOBucket");

	private final RecordCodec codec = RecordCodec.generic();

	private final ReferenceScanner scanner = new ReferenceScanner();

	@Test
	void classReferenceShouldEncodeAsPythonWritesTheRoot() {
		byte[] expected = hex("80036370657273697374656e742e6d617070696e670a50657273697374656e744d617070696e670a71002e"
				+ "80037d710158040000006461746171027d71035801000000627104430800000000000000017105634254726565732e4f4f42"
				+ "547265650a4f4f4275636b65740a71068671075173732e");
		byte[] record = this.codec.encode(PERSISTENT_MAPPING, mapping("b", PersistentReference.of(Oid.of(1), OO_BUCKET)));
		assertThat(record).isEqualTo(expected);
		PersistentReference reference = referenceAt(this.codec.decode(record), "b");
		assertThat(reference.form()).isEqualTo(Form.CLASS);
		assertThat(reference.oid()).isEqualTo(Oid.of(1));
		assertThat(reference.type()).isEqualTo(OO_BUCKET);
		assertThat(reference.isFollowedByPack()).isTrue();
		assertThat(this.scanner.references(record)).containsExactly(1L);
	}

	@Test
	void referenceToTheRecordsOwnClassShouldUseTheMemoizedClass() {
		byte[] record = this.codec.encode(PERSISTENT_MAPPING,
				mapping("child", PersistentReference.of(Oid.of(9), PERSISTENT_MAPPING)));
		assertThat(HexFormat.of().formatHex(record)).contains("4308000000000000000971056800867106");
		assertThat(referenceAt(this.codec.decode(record), "child").type()).isEqualTo(PERSISTENT_MAPPING);
	}

	@Test
	void referencesToOneObjectShouldShareTheOidButNotTheIdAsPythonWritesThem() {
		PersistentReference first = PersistentReference.of(Oid.of(0x17), OO_BUCKET);
		PersistentReference second = PersistentReference.of(Oid.of(0x17), OO_BUCKET);
		String expected = "8003" + "28" + "430800000000000000177100" + "634254726565732e4f4f42547265650a4f4f4275636b65740a7101"
				+ "8671025158010000006b7103" + "6800680186710451" + "6800680186710551" + "7471062e";
		PickleWriter writer = new PickleWriter();
		writer.dump(PickleTuple.of(first, "k", second, second));
		assertThat(writer.toByteArray()).isEqualTo(hex(expected));
		PickleTuple decoded = (PickleTuple) new PickleReader(hex(expected), ClassRegistry.empty()).load();
		PickleWriter again = new PickleWriter();
		again.dump(PickleTuple.of(decoded.get(0), decoded.get(1), decoded.get(2), decoded.get(2)));
		assertThat(again.toByteArray()).isEqualTo(hex(expected));
	}

	@Test
	void weakReferenceShouldEncodeAsPythonWritesItAndNotBeFollowedByPack() {
		VectorRecord python = VectorRecords.load("refs").stream()
			.filter((record) -> record.oid().equals("0000000000000003"))
			.findFirst()
			.orElseThrow();
		byte[] record = this.codec.encode(PERSISTENT_MAPPING, mapping("ref", PersistentReference.weak(Oid.of(7))));
		assertThat(record).isEqualTo(python.data());
		PersistentReference reference = referenceAt(this.codec.decode(record), "ref");
		assertThat(reference.form()).isEqualTo(Form.WEAK);
		assertThat(reference.oid()).isEqualTo(Oid.of(7));
		assertThat(reference.database()).isNull();
		assertThat(reference.isWeak()).isTrue();
		assertThat(this.scanner.references(record)).isEmpty();
	}

	@Test
	void weakReferenceIntoAnotherDatabaseShouldKeepTheDatabaseName() {
		byte[] record = this.codec.encode(PERSISTENT_MAPPING,
				mapping("ref", PersistentReference.weak(Oid.of(3), "other")));
		PersistentReference reference = referenceAt(this.codec.decode(record), "ref");
		assertThat(reference.form()).isEqualTo(Form.WEAK);
		assertThat(reference.database()).isEqualTo("other");
		assertThat(reference.oid()).isEqualTo(Oid.of(3));
		assertThat(this.scanner.references(record)).isEmpty();
	}

	@Test
	void crossDatabaseReferenceShouldEncodeAsPythonWritesIt() {
		byte[] record = this.codec.encode(PERSISTENT_MAPPING,
				mapping("x", PersistentReference.crossDatabase("other", Oid.of(2), PERSISTENT_LIST)));
		String expected = "5d7105285801000000" + "6d7106" + "58050000006f74686572" + "7107"
				+ "430800000000000000027108" + "6370657273697374656e742e6c6973740a50657273697374656e744c6973740a7109"
				+ "87710a" + "6551";
		assertThat(HexFormat.of().formatHex(record)).contains(expected);
		PersistentReference reference = referenceAt(this.codec.decode(record), "x");
		assertThat(reference.form()).isEqualTo(Form.CROSS_DATABASE);
		assertThat(reference.database()).isEqualTo("other");
		assertThat(reference.oid()).isEqualTo(Oid.of(2));
		assertThat(reference.type()).isEqualTo(PERSISTENT_LIST);
		assertThat(this.scanner.references(record)).isEmpty();
	}

	@Test
	void crossDatabaseReferenceWithoutClassShouldDecode() {
		byte[] record = this.codec.encode(PERSISTENT_MAPPING,
				mapping("x", PersistentReference.crossDatabase("other", Oid.of(4))));
		PersistentReference reference = referenceAt(this.codec.decode(record), "x");
		assertThat(reference.form()).isEqualTo(Form.CROSS_DATABASE_OID);
		assertThat(reference.database()).isEqualTo("other");
		assertThat(reference.oid()).isEqualTo(Oid.of(4));
		assertThat(reference.type()).isNull();
		assertThat(this.scanner.references(record)).isEmpty();
	}

	@Test
	void plainOidReferenceShouldBeFollowedByPack() {
		byte[] record = this.codec.encode(PERSISTENT_MAPPING, mapping("x", PersistentReference.ofOid(Oid.of(0x1234))));
		assertThat(HexFormat.of().formatHex(record)).contains("4308000000000000123471055173");
		PersistentReference reference = referenceAt(this.codec.decode(record), "x");
		assertThat(reference.form()).isEqualTo(Form.OID);
		assertThat(reference.oid()).isEqualTo(Oid.of(0x1234));
		assertThat(this.scanner.references(record)).containsExactly(0x1234L);
	}

	@Test
	void referenceWithClassGivenByNameShouldResolveTheName() {
		Object pid = PickleTuple.of(PickleBytes.of(Oid.of(5).toBytes()), PickleTuple.of("app.models", "Thing"));
		PersistentReference reference = PersistentReference.fromPid(pid);
		assertThat(reference.form()).isEqualTo(Form.CLASS);
		assertThat(reference.type()).isEqualTo(new Global("app.models", "Thing"));
		byte[] record = this.codec.encode(PERSISTENT_MAPPING, mapping("x", reference));
		assertThat(referenceAt(this.codec.decode(record), "x")).isEqualTo(reference);
		assertThat(this.scanner.references(record)).containsExactly(5L);
	}

	@Test
	void legacyWeakReferenceShouldDecodeAsWeak() {
		List<Object> pid = new java.util.ArrayList<>(List.of(PickleBytes.of(Oid.of(6).toBytes())));
		PersistentReference reference = PersistentReference.fromPid(pid);
		assertThat(reference.form()).isEqualTo(Form.LEGACY_WEAK);
		assertThat(reference.isWeak()).isTrue();
		byte[] record = this.codec.encode(PERSISTENT_MAPPING, mapping("x", reference));
		assertThat(referenceAt(this.codec.decode(record), "x").form()).isEqualTo(Form.LEGACY_WEAK);
		assertThat(this.scanner.references(record)).isEmpty();
	}

	@Test
	void python2OidsShouldBeNormalisedToEightBytes() {
		byte[] ascii = hex("80026370657273697374656e742e6d617070696e670a50657273697374656e744d617070696e670a71012e"
				+ "80027d71025504646174617103" + "7d71045501617105" + "550800000000000000097106"
				+ "68018671075173732e");
		byte[] high = hex("80026370657273697374656e742e6d617070696e670a50657273697374656e744d617070696e670a71012e"
				+ "80027d71025504646174617103" + "7d71045501617105" + "5508000000000000ff097106"
				+ "68018671075173732e");
		assertThat(referenceAt(this.codec.decode(ascii), "a").oid()).isEqualTo(Oid.of(9));
		assertThat(referenceAt(this.codec.decode(high), "a").oid()).isEqualTo(Oid.of(0xff09));
		assertThat(this.scanner.references(ascii)).containsExactly(9L);
		assertThat(this.scanner.references(high)).containsExactly(0xff09L);
	}

	@Test
	void pidsOfOtherShapesShouldBeRejected() {
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> PersistentReference.fromPid(42L))
			.withMessageContaining("oid");
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> PersistentReference.fromPid(PickleTuple.of(PickleBytes.of(new byte[3]), OO_BUCKET)))
			.withMessageContaining("not 8 bytes");
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> PersistentReference.fromPid(new java.util.ArrayList<>(List.of("x", PickleTuple.empty()))))
			.withMessageContaining("unknown reference type");
	}

	private static Map<Object, Object> mapping(String key, Object value) {
		Map<Object, Object> data = new LinkedHashMap<>();
		data.put(key, value);
		Map<Object, Object> state = new LinkedHashMap<>();
		state.put("data", data);
		return state;
	}

	private static PersistentReference referenceAt(ObjectRecord record, String key) {
		Map<?, ?> state = (Map<?, ?>) record.state();
		Map<?, ?> data = (Map<?, ?>) state.get("data");
		return (PersistentReference) data.get(key);
	}

	static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

}
