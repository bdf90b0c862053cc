package io.zkzeo.pickle;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.Oid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zkzeo.pickle.PersistentReferenceTests.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Writing protocol 3 byte for byte as CPython's C pickler (which zodbpickle's follows) writes it. The
 * expected bytes were produced by {@code pickle.dumps(value, 3)} on CPython 3.11.
 */
class PickleWriterTests {

	@Test
	void dumpShouldWriteEveryBuiltinTypeAsPythonDoes() {
		Map<Object, Object> value = new LinkedHashMap<>();
		value.put("a", list(1L, PickleTuple.of(2L, 3L)));
		value.put("b", PickleBytes.of("x".repeat(300).getBytes()));
		value.put("c", BigInteger.TWO.pow(70));
		value.put("d", BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE));
		value.put("e", -5L);
		value.put("f", "\ud800x\u00e9\ud83d\ude00");
		value.put("g", 1.5);
		value.put("h", null);
		value.put("i", true);
		value.put("j", 65535L);
		value.put("k", 65536L);
		value.put("l", -1L);
		value.put("m", 2147483648L);
		value.put("n", PickleTuple.empty());
		value.put("o", PickleTuple.of(1L, 2L, 3L, 4L));
		String expected = "80037d71002858010000006171015d7102284b014b024b03867103655801000000627104422c010000"
				+ "78".repeat(300)
				+ "710558010000006371068a0900000000000000004058010000006471078a09ffffffffffffff7fff5801000000657108"
				+ "4afbffffff5801000000667109580a000000eda08078c3a9f09f9880710a580100000067710b473ff800000000000058"
				+ "0100000068710c4e580100000069710d8858010000006a710e4dffff58010000006b710f4a0000010058010000006c71"
				+ "104affffffff58010000006d71118a05000000800058010000006e71122958010000006f7113284b014b024b034b0474"
				+ "7114752e";
		assertThat(dump(value)).isEqualTo(hex(expected));
		assertThat(new PickleReader(hex(expected), ClassRegistry.empty()).load()).isEqualTo(value);
	}

	@Test
	@SuppressWarnings("unchecked")
	void standardLibraryObjectsShouldRoundTripAsGenericObjects() {
		byte[] python = hex("80037d71002858030000007365747101636275696c74696e730a7365740a71025d7103284b014b0265857104"
				+ "527105580900000066726f7a656e7365747106636275696c74696e730a66726f7a656e7365740a71075d71084b036185"
				+ "710952710a58080000006461746574696d65710b636461746574696d650a6461746574696d650a710c430a07e8010203"
				+ "0405000006710d85710e52710f5802000000747a7110680c430a07e801020000000000007111636461746574696d650a"
				+ "74696d657a6f6e650a7112636461746574696d650a74696d6564656c74610a71134b004b004b00877114527115857116"
				+ "527117867118527119580400000064617465711a636461746574696d650a646174650a711b430407e80102711c85711d"
				+ "52711e5807000000646563696d616c711f63646563696d616c0a446563696d616c0a71205803000000312e3571218571"
				+ "225271235807000000636f6d706c65787124636275696c74696e730a636f6d706c65780a7125473ff000000000000047"
				+ "400000000000000086712652712758090000006279746561727261797128636275696c74696e730a6279746561727261"
				+ "790a712943026162712a85712b52712c58070000006f726465726564712d63636f6c6c656374696f6e730a4f72646572"
				+ "6564446963740a712e2952712f2858010000006171304b0158010000006271314b0275580700000064656661756c7471"
				+ "3263636f6c6c656374696f6e730a64656661756c74646963740a7133636275696c74696e730a6c697374"
				+ "0a713485713552713658010000006b71375d71384b01617358050000007468696e677139636170702e6d6f64656c730a"
				+ "5468696e670a713a2981713b7d713c2868304b0168315d713d683b61756258050000006465717565713e63636f6c6c65"
				+ "6374696f6e730a64657175650a713f29527140284b014b024b0365752e");
		Map<Object, Object> value = PickleReaderTests.asMap(new PickleReader(python, ClassRegistry.empty()).load());
		PickleObject set = (PickleObject) value.get("set");
		assertThat(set.type()).isEqualTo(new Global("builtins", "set"));
		assertThat(set.args()).containsExactly(list(1L, 2L));
		PickleObject ordered = (PickleObject) value.get("ordered");
		assertThat(ordered.dictItems()).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
		PickleObject deque = (PickleObject) value.get("deque");
		assertThat(deque.listItems()).containsExactly(1L, 2L, 3L);
		PickleObject thing = (PickleObject) value.get("thing");
		Map<Object, Object> thingState = PickleReaderTests.asMap(thing.state());
		assertThat(PickleReaderTests.asList(thingState.get("b")).get(0)).isSameAs(thing);
		assertThat(dump(value)).isEqualTo(python);

		PickleReader standard = new PickleReader(python, ClassRegistry.standard());
		Map<Object, Object> withSets = PickleReaderTests.asMap(standard.load());
		assertThat(withSets.get("set")).isInstanceOf(java.util.LinkedHashSet.class).isEqualTo(java.util.Set.of(1L, 2L));
		assertThat(withSets.get("frozenset")).isEqualTo(java.util.Set.of(3L));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((java.util.Set<Object>) withSets.get("frozenset")).add(4L));
		PickleWriter writer = new PickleWriter(ClassRegistry.standard(), null);
		writer.dump(withSets);
		assertThat(writer.toByteArray()).isEqualTo(python);
	}

	@Test
	void largeContainersShouldBeBatchedAsPythonBatchesThem() throws Exception {
		List<Object> numbers = new ArrayList<>();
		for (long i = 0; i <= 2000; i++) {
			numbers.add(i);
		}
		Map<Object, Object> names = new LinkedHashMap<>();
		for (long i = 0; i <= 1000; i++) {
			names.put(i, String.valueOf(i));
		}
		byte[] pickle = dump(list(numbers, names));
		assertThat(pickle).hasSize(20663);
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pickle)))
			.isEqualTo("c910ca8a0153d8aa86e620a918a1f3784013411dc128a2ba0cd17faa1f14c8fe");
		Map<Object, Object> thousand = new LinkedHashMap<>();
		for (long i = 0; i < 1000; i++) {
			thousand.put(i, i);
		}
		assertThat(HexFormat.of().formatHex(dump(thousand))).endsWith("034de7037528752e");
		assertThat(new PickleReader(pickle, ClassRegistry.empty()).load()).isEqualTo(list(numbers, names));
	}

	@Test
	void sharedAndCyclicObjectsShouldUseTheMemo() {
		List<Object> cycle = new ArrayList<>();
		cycle.add(cycle);
		assertThat(dump(cycle)).isEqualTo(hex("80035d71006800612e"));
		List<Object> shared = list(1L);
		assertThat(dump(list(shared, shared))).isEqualTo(hex("80035d7100285d71014b01616801652e"));
		byte[] recursiveTuple = hex("80035d71006800857101613068012e");
		Object tuple = new PickleReader(recursiveTuple, ClassRegistry.empty()).load();
		assertThat(dump(tuple)).isEqualTo(recursiveTuple);
		byte[] recursiveLongTuple = hex("8003285d71002868004b014b024b03747101614b014b024b033168012e");
		Object longTuple = new PickleReader(recursiveLongTuple, ClassRegistry.empty()).load();
		assertThat(dump(longTuple)).isEqualTo(recursiveLongTuple);
	}

	@Test
	void memoShouldBeSharedBetweenTheTwoPicklesOfARecord() {
		Global type = new Global("persistent.mapping", "PersistentMapping");
		PickleWriter writer = new PickleWriter();
		writer.dump(type);
		writer.dump(PickleTuple.of(type));
		assertThat(writer.toByteArray()).isEqualTo(hex("8003" + "6370657273697374656e742e6d617070696e670a50657273697374"
				+ "656e744d617070696e670a71002e" + "8003680085710"+ "12e"));
		writer.reset();
		writer.dump("x");
		assertThat(writer.toByteArray()).isEqualTo(hex("8003580100000078710" + "02e"));
	}

	@Test
	void aWriterResetAfterALargeRecordShouldWriteAsANewOne() {
		List<Object> manyStrings = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			manyStrings.add("item " + i);
		}
		String shared = "shared";
		Object small = list(shared, shared, PickleTuple.of("a", 1L));
		PickleWriter reused = new PickleWriter();
		for (Object large : List.of(manyStrings, "y".repeat(100_000))) {
			reused.reset();
			reused.dump(large);
			reused.dump(large);
			assertThat(reused.toByteArray()).isEqualTo(twice(large));
			reused.reset();
			reused.dump(small);
			assertThat(reused.toByteArray()).isEqualTo(dump(small));
		}
	}

	private static byte[] twice(Object value) {
		PickleWriter writer = new PickleWriter();
		writer.dump(value);
		writer.dump(value);
		return writer.toByteArray();
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 255, 256, 65535, 65536, -1, -128, Integer.MAX_VALUE, Integer.MIN_VALUE,
			2147483648L, -2147483649L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, -(1L << 40) })
	void integersShouldRoundTrip(long number) {
		assertThat(new PickleReader(dump(number), ClassRegistry.empty()).load()).isEqualTo(number);
		BigInteger big = BigInteger.valueOf(number).shiftLeft(64).add(BigInteger.ONE);
		Object normalized = (big.bitLength() < 64) ? (Object) big.longValue() : big;
		assertThat(new PickleReader(dump(big), ClassRegistry.empty()).load()).isEqualTo(normalized);
	}

	@Test
	void hugeIntegersShouldUseLong4() {
		BigInteger huge = BigInteger.ONE.shiftLeft(3000).negate();
		byte[] pickle = dump(huge);
		assertThat(pickle[2] & 0xFF).isEqualTo(0x8b);
		assertThat(new PickleReader(pickle, ClassRegistry.empty()).load()).isEqualTo(huge);
	}

	@Test
	void objectsOutsideTheModelShouldBeRejectedUnlessTheyHaveAPersistentId() {
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> dump(new Object()))
			.withMessage("Cannot pickle a java.lang.Object");
		Object target = new Object();
		PickleWriter writer = new PickleWriter(ClassRegistry.empty(),
				(object) -> (object == target) ? PersistentReference.ofOid(Oid.of(3)) : null);
		writer.dump(list(target));
		Object decoded = new PickleReader(writer.toByteArray(), ClassRegistry.empty()).load();
		assertThat(PickleReaderTests.asList(decoded)).containsExactly(PersistentReference.ofOid(Oid.of(3)));
	}

	@Test
	void registeredJavaValuesShouldBeWrittenWithTheirReducerAndShared() {
		Global dateType = new Global("datetime", "date");
		ClassRegistry registry = ClassRegistry.builder()
			.register(dateType, (type, args) -> {
				byte[] payload = ((PickleBytes) args.get(0)).toByteArray();
				return LocalDate.of(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF), payload[2], payload[3]);
			})
			.registerReducer(LocalDate.class, (date) -> new PickleObject(dateType,
					PickleTuple.of(PickleBytes.of(new byte[] { (byte) (date.getYear() >> 8), (byte) date.getYear(),
							(byte) date.getMonthValue(), (byte) date.getDayOfMonth() })),
					PickleObject.Construction.REDUCE))
			.build();
		RecordCodec codec = new RecordCodec(registry);
		byte[] python = hex("8003" + "6370657273697374656e742e6d617070696e670a50657273697374656e744d617070696e670a71002e"
				+ "80035d710128" + "636461746574696d650a646174650a7102" + "430407e801027103" + "8571045271056805" + "652e");
		ObjectRecord record = codec.decode(python);
		List<Object> dates = PickleReaderTests.asList(record.state());
		assertThat(dates).containsExactly(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 2));
		assertThat(dates.get(0)).isSameAs(dates.get(1));
		assertThat(codec.encode(record)).isEqualTo(python);
		assertThatExceptionOfType(PickleException.class)
			.isThrownBy(() -> RecordCodec.generic().encode(record))
			.withMessage("Cannot pickle a java.time.LocalDate");
	}

	@Test
	void absurdlyDeepValuesShouldBeRejected() {
		List<Object> deep = new ArrayList<>();
		List<Object> current = deep;
		for (int i = 0; i < 10_000; i++) {
			List<Object> next = new ArrayList<>();
			current.add(next);
			current = next;
		}
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> dump(deep))
			.withMessage("Value nests deeper than 1200 levels");
	}

	private static byte[] dump(Object value) {
		PickleWriter writer = new PickleWriter();
		writer.dump(value);
		return writer.toByteArray();
	}

	private static List<Object> list(Object... items) {
		return new ArrayList<>(List.of(items));
	}

}
