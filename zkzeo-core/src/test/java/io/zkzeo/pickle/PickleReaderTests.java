package io.zkzeo.pickle;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.zkzeo.pickle.PersistentReferenceTests.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading pickles of every protocol ZODB records use, safely.
 */
class PickleReaderTests {

	private static final Global THING = new Global("app.models", "Thing");

	private static final Global OO_BUCKET = new Global("BTrees.OOBTree", "OOBucket");

	private final RecordCodec codec = RecordCodec.generic();

	private final ReferenceScanner scanner = new ReferenceScanner();

	/** {@code {'data': {'a': ref(oid 5, Thing), 'n': [1, -2, 2**70, 1.5, 'hé', (True, None)]}}} from CPython. */
	@ParameterizedTest
	@CsvSource({
			"636170702e6d6f64656c730a5468696e670a71002e7d710158040000006461746171027d710328580100000061710428635f636f646563730a656e636f64650a71052858080000000000000000000005710658060000006c6174696e317107747108527109680074710a5158010000006e710b5d710c284b014afeffffff4c313138303539313632303731373431313330333432344c0a473ff8000000000000580300000068c3a9710d284930310a4e74710e6575732e",
			"8002636170702e6d6f64656c730a5468696e670a71002e80027d710158040000006461746171027d7103285801000000617104635f636f646563730a656e636f64650a710558080000000000000000000005710658060000006c6174696e317107867108527109680086710a5158010000006e710b5d710c284b014afeffffff8a09000000000000000040473ff8000000000000580300000068c3a9710d884e86710e6575732e" })
	void decodeShouldReadProtocol1And2RecordsWrittenByPython3(String record) {
		byte[] bytes = hex(record);
		ObjectRecord decoded = this.codec.decode(bytes);
		assertThat(decoded.type()).isEqualTo(THING);
		Map<Object, Object> data = asMap(asMap(decoded.state()).get("data"));
		PersistentReference reference = (PersistentReference) data.get("a");
		assertThat(reference.oid().value()).isEqualTo(5);
		assertThat(reference.type()).isEqualTo(THING);
		assertThat(asList(data.get("n"))).containsExactly(1L, -2L, BigInteger.TWO.pow(70), 1.5, "h\u00e9",
				PickleTuple.of(true, null));
		assertThat(this.scanner.references(bytes)).containsExactly(5L);
		byte[] protocol3 = this.codec.encode(decoded);
		assertThat(protocol3).startsWith(0x80, 0x03);
		assertThat(this.codec.decode(protocol3).state()).isEqualTo(decoded.state());
	}

	@Test
	void decodeShouldReadProtocol0TextOpcodes() {
		byte[] pickle = hex("286470300a56690a70310a49370a73566269670a70320a4c313138303539313632303731373431313330333432344c0a"
				+ "7356660a70330a46302e32350a7356730a70340a5668e95c75303030610a70350a73566c0a70360a286c70370a49310a6128"
				+ "49320a49330a7470380a617356740a70390a4930310a732e");
		Map<Object, Object> value = asMap(new PickleReader(pickle, ClassRegistry.empty()).load());
		assertThat(value).containsEntry("i", 7L)
			.containsEntry("big", BigInteger.TWO.pow(70))
			.containsEntry("f", 0.25)
			.containsEntry("s", "h\u00e9\n")
			.containsEntry("l", new ArrayList<>(List.of(1L, PickleTuple.of(2L, 3L))))
			.containsEntry("t", true);
	}

	@Test
	void decodeShouldReadAPython2Protocol1Record() {
		String state = "7d710255046461746171037d710428" + "550161710528" + "5508000000000000000a7106"
				+ ascii("cBTrees.OOBTree\nOOBucket\n") + "7107747108" + "51" + "550162710949" + ascii("01\n")
				+ "55016371" + "0a" + "550268e9710b" + "550164710c" + ascii("ccopy_reg\n_reconstructor\n") + "710d28"
				+ ascii("capp.models\nThing\n") + "710e" + ascii("c__builtin__\nobject\n") + "710f4e74711052711"
				+ "17d71125501787113" + "4b0173" + "62" + "5501657114" + "4c" + ascii("12345678901234567890L\n")
				+ "75" + "73" + "2e";
		byte[] record = hex(ascii("cpersistent.mapping\nPersistentMapping\n") + "71012e" + state);
		ObjectRecord decoded = this.codec.decode(record);
		assertThat(decoded.type()).isEqualTo(new Global("persistent.mapping", "PersistentMapping"));
		Map<Object, Object> data = asMap(asMap(decoded.state()).get("data"));
		assertThat(data.keySet()).containsExactly("a", "b", "c", "d", "e");
		PersistentReference reference = (PersistentReference) data.get("a");
		assertThat(reference.oid().value()).isEqualTo(10);
		assertThat(reference.type()).isEqualTo(OO_BUCKET);
		assertThat(data.get("b")).isEqualTo(true);
		assertThat(data.get("c")).isEqualTo(LegacyString.of(new byte[] { 0x68, (byte) 0xe9 }));
		PickleObject thing = (PickleObject) data.get("d");
		assertThat(thing.type()).isEqualTo(THING);
		assertThat(thing.construction()).isEqualTo(PickleObject.Construction.NEWOBJ);
		assertThat(thing.args()).isEmpty();
		assertThat(thing.state()).isEqualTo(Map.of("x", 1L));
		assertThat(data.get("e")).isEqualTo(new BigInteger("12345678901234567890"));
		assertThat(this.scanner.references(record)).containsExactly(10L);
		ObjectRecord again = this.codec.decode(this.codec.encode(decoded));
		Map<Object, Object> dataAgain = asMap(asMap(again.state()).get("data"));
		assertThat(dataAgain.get("c")).isEqualTo(data.get("c"));
		assertThat(dataAgain.get("a")).isEqualTo(reference);
	}

	@Test
	void decodeShouldReadAPython2Protocol3Record() {
		byte[] record = hex("8003" + ascii("cpersistent.mapping\nPersistentMapping\n") + "71012e"
				+ "80037d71025504646174617103" + "7d71042855016b7105" + "430800000000000000077106" + "680186710751"
				+ "5501757108" + "5802000000c3a9" + "710975732e");
		ObjectRecord decoded = this.codec.decode(record);
		Map<Object, Object> data = asMap(asMap(decoded.state()).get("data"));
		assertThat(((PersistentReference) data.get("k")).oid().value()).isEqualTo(7);
		assertThat(data.get("u")).isEqualTo("\u00e9");
		assertThat(this.scanner.references(record)).containsExactly(7L);
	}

	@Test
	void unknownClassesShouldDecodeToGenericObjectsWithoutLoadingAnything() {
		byte[] system = hex("8003" + ascii("cos\nsystem\n") + "710058080000006563686f2070776e71018571025271032e");
		PickleObject call = (PickleObject) new PickleReader(system, ClassRegistry.empty()).load();
		assertThat(call.type()).isEqualTo(new Global("os", "system"));
		assertThat(call.construction()).isEqualTo(PickleObject.Construction.REDUCE);
		assertThat(call.args()).containsExactly("echo pwn");
		assertThat(reencode(call)).isEqualTo(system);

		byte[] runtime = hex("8003" + ascii("cjava.lang\nRuntime\n") + "7100298171017d710258040000006578656371035802000000"
				+ "6c7371047362" + "2e");
		PickleObject instance = (PickleObject) new PickleReader(runtime, ClassRegistry.empty()).load();
		assertThat(instance.type()).isEqualTo(new Global("java.lang", "Runtime"));
		assertThat(instance.construction()).isEqualTo(PickleObject.Construction.NEWOBJ);
		assertThat(instance.state()).isEqualTo(Map.of("exec", "ls"));
		assertThat(reencode(instance)).isEqualTo(runtime);

		byte[] witness = hex("8003" + ascii("cio.zkzeo.pickle\nNeverLoaded\n") + "7100298171017d71026271032e");
		Object value = new PickleReader(witness, ClassRegistry.empty()).load();
		assertThat(value).isInstanceOf(PickleObject.class);
		assertThat(((PickleObject) value).type().dottedName()).isEqualTo(NeverLoaded.class.getName());
		assertThat(NeverLoaded.LoadWitness.loaded).isFalse();
	}

	@Test
	void registeredClassesShouldBeCreatedByTheirFactory() {
		List<Object> states = new ArrayList<>();
		ClassRegistry registry = ClassRegistry.builder()
			.register(new Global("datetime", "date"), (type, args) -> {
				byte[] payload = ((PickleBytes) args.get(0)).toByteArray();
				return LocalDate.of(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF), payload[2], payload[3]);
			})
			.register(THING, new ObjectFactory() {
				@Override
				public Object create(Global type, PickleTuple args) {
					return new StringBuilder("thing");
				}

				@Override
				public void build(Object instance, Object state) {
					states.add(state);
				}
			})
			.build();
		byte[] date = hex("8003" + ascii("cdatetime\ndate\n") + "7100430407e8010271018571025271032e");
		assertThat(new PickleReader(date, registry).load()).isEqualTo(LocalDate.of(2024, 1, 2));
		byte[] thing = hex("8003" + ascii("capp.models\nThing\n") + "7100298171014b076271022e");
		assertThat(new PickleReader(thing, registry).load()).hasToString("thing");
		assertThat(states).containsExactly(7L);
		byte[] python2Builtin = hex(ascii("c__builtin__\nset\n") + "5d4b016185522e");
		ClassRegistry sets = ClassRegistry.builder()
			.register(new Global("builtins", "set"), (type, args) -> new java.util.HashSet<>((List<?>) args.get(0)))
			.build();
		assertThat(new PickleReader(python2Builtin, sets).load()).isEqualTo(java.util.Set.of(1L));
		byte[] badDate = hex("8003" + ascii("cdatetime\ndate\n") + "71004b0585710152" + "2e");
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> new PickleReader(badDate, registry).load())
			.withMessageStartingWith("Cannot create datetime.date: ")
			.withMessageEndingWith(" at position 24")
			.withCauseInstanceOf(ClassCastException.class);
		ClassRegistry frozen = ClassRegistry.builder()
			.register(new Global("collections", "OrderedDict"), (type, args) -> Map.of())
			.build();
		byte[] ordered = hex("8003" + ascii("ccollections\nOrderedDict\n") + "2952" + "58010000006171004b0173" + "2e");
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> new PickleReader(ordered, frozen).load())
			.withMessageStartingWith("Cannot add items: java.lang.UnsupportedOperationException")
			.withMessageEndingWith(" at position 39");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"8003|Pickle is truncated: no STOP opcode at position 2",
			"8003ff|Unknown pickle opcode 0xff at position 2",
			"800385|Pickle stack underflow at position 2",
			"800374|MARK not found at position 2",
			"80036805|Memo key 5 has never been stored at position 2",
			"80036a00000080|Memo index 2147483648 is out of range at position 2",
			"800358ffffff7f41|Pickle is truncated: 2147483647 bytes needed, 1 left at position 2",
			"800342ffffffff|Pickle is truncated: 4294967295 bytes needed, 0 left at position 2",
			"80038b00000080|Negative LONG4 length -2147483648 at position 2",
			"80038a05010203|Pickle is truncated: 5 bytes needed, 3 left at position 2",
			"8004|Unsupported pickle protocol 4 at position 0",
			"80038c0161|Unknown pickle opcode 0x8c at position 2",
			"80038201|Extension codes (EXT1/EXT2/EXT4) are not supported at position 2",
			"80035801000000ff2e|Invalid UTF-8 in BINUNICODE at position 2",
			"80037d5d4e732e|Unhashable value (list, dict or set) as a dict key at position 5",
			"80034e4e622e|BUILD on a value that is not an object at position 4",
			"80034e29522e|Cannot construct an object from a value that is not a global at position 4",
			"80034e512e|Persistent id is None at position 3",
			"80032863610a|Pickle is truncated: line without newline at position 3",
			"8003284b01284b02302e|Pickle stack underflow at position 9",
			"80032e|Pickle stack underflow at position 2" })
	void malformedPicklesShouldFailWithThePosition(String hex, String message) {
		byte[] pickle = hex(hex);
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> new PickleReader(pickle, ClassRegistry.empty()).load())
			.withMessage(message);
	}

	@Test
	void keysPythonCannotHashOrThatNestTooDeeplyShouldBeRejected() {
		String deepTuple = "4e" + "85".repeat(100_000);
		byte[] deepKey = hex("80037d" + deepTuple + "4e732e");
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> new PickleReader(deepKey, ClassRegistry.empty()).load())
			.withMessage("Hashed value is nested too deeply as a dict key at position 100005");
		byte[] deepSetItem = hex("8003" + ascii("cbuiltins\nset\n") + "5d" + deepTuple + "6185522e");
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> new PickleReader(deepSetItem, ClassRegistry.standard()).load())
			.withMessageStartingWith("Cannot create builtins.set: Hashed value is nested too deeply in a set");
		byte[] listInSet = hex("8003" + ascii("cbuiltins\nset\n") + "5d5d6185522e");
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> new PickleReader(listInSet, ClassRegistry.standard()).load())
			.withMessage("Cannot create builtins.set: Unhashable value (list, dict or set) in a set at position 20");
		byte[] setAsKey = hex("80037d" + ascii("cbuiltins\nset\n") + "5d8552" + "4e732e");
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> new PickleReader(setAsKey, ClassRegistry.standard()).load())
			.withMessage("Unhashable value (list, dict or set) as a dict key at position 21");
		byte[] frozenAsKey = hex("80037d" + ascii("cbuiltins\nfrozenset\n") + "5d4b01618552" + "4e732e");
		Map<Object, Object> dict = asMap(new PickleReader(frozenAsKey, ClassRegistry.standard()).load());
		assertThat(dict.keySet()).containsExactly((Object) java.util.Set.of(1L));
	}

	@Test
	void recordsWithTrailingBytesOrOnePickleShouldBeRejected() {
		byte[] root = VectorRecords.load("empty").get(0).data();
		byte[] trailing = Arrays.copyOf(root, root.length + 1);
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> this.codec.decode(trailing))
			.withMessage("Record has 1 bytes after its state pickle at position " + root.length);
		byte[] classOnly = Arrays.copyOf(root, 43);
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> this.codec.decode(classOnly))
			.withMessage("Pickle is truncated: no STOP opcode at position 43");
	}

	@SuppressWarnings("unchecked")
	static Map<Object, Object> asMap(Object value) {
		return (Map<Object, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> asList(Object value) {
		return (List<Object>) value;
	}

	private static byte[] reencode(Object value) {
		PickleWriter writer = new PickleWriter();
		writer.dump(value);
		return writer.toByteArray();
	}

	private static String ascii(String text) {
		StringBuilder hex = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
			hex.append(String.format("%02x", b));
		}
		return hex.toString();
	}

}
