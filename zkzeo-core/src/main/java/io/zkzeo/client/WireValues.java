package io.zkzeo.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleBytes;
import io.zkzeo.pickle.PickleException;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.pickle.PickleWriter;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoProtocolException;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.CurrentRecord;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoInfo;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between the storage SPI's values and the values ZEO 5 calls carry: the transaction extension (a
 * pickled dict in the SPI, a map on the wire), history and undo-log entries, iterator results, vote results and
 * pack times.
 */
final class WireValues {

	private static final byte[] EMPTY = new byte[0];

	private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

	private static final Set<String> UNDO_INFO_KEYS = Set.of("id", "time", "user_name", "description", "size");

	private WireValues() {
	}

	/**
	 * Reads a transaction's pickled extension dict into the map {@code tpc_begin} sends.
	 * @param extension the pickle, or empty for none
	 * @return the map (empty for none)
	 * @throws IllegalArgumentException if the bytes are not a pickled dict of plain values
	 */
	static Map<Object, @Nullable Object> extensionToWire(byte[] extension) {
		if (extension.length == 0) {
			return new LinkedHashMap<>();
		}
		Object value;
		try {
			value = new PickleReader(extension, ClassRegistry.empty()).load();
		}
		catch (PickleException ex) {
			throw new IllegalArgumentException("Transaction extension is not a pickle: " + ex.getMessage(), ex);
		}
		if (!(value instanceof Map<?, ?> dict)) {
			throw new IllegalArgumentException("Transaction extension is not a pickled dict but " + describe(value));
		}
		Map<Object, @Nullable Object> wire = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : dict.entrySet()) {
			Object key = toWire(entry.getKey());
			if (!(key instanceof String) && !(key instanceof byte[])) {
				throw new IllegalArgumentException("Transaction extension key " + entry.getKey() + " is not a str");
			}
			wire.put(key, toWire(entry.getValue()));
		}
		return wire;
	}

	private static @Nullable Object toWire(@Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
				|| value instanceof Double || value instanceof BigInteger) {
			return value;
		}
		if (value instanceof PickleBytes bytes) {
			return bytes.toByteArray();
		}
		if (value instanceof PickleTuple tuple) {
			Object[] items = new Object[tuple.size()];
			for (int i = 0; i < items.length; i++) {
				items[i] = toWire(tuple.get(i));
			}
			return Tuple.of(items);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> items = new ArrayList<>(list.size());
			for (Object item : list) {
				items.add(toWire(item));
			}
			return items;
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> items = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				items.put(toWire(entry.getKey()), toWire(entry.getValue()));
			}
			return items;
		}
		throw new IllegalArgumentException("Transaction extension holds " + describe(value)
				+ ", which cannot be sent to a ZEO server");
	}

	/**
	 * Pickles a map received from the server (iterator, undo log) back into an extension dict.
	 * @param wire the map, or {@code null}
	 * @return the pickle, empty for an empty or absent map
	 */
	static byte[] extensionFromWire(@Nullable Map<?, ?> wire) {
		if (wire == null || wire.isEmpty()) {
			return EMPTY;
		}
		PickleWriter writer = new PickleWriter();
		writer.dump(fromWire(wire));
		return writer.toByteArray();
	}

	private static @Nullable Object fromWire(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			return PickleBytes.of(bytes);
		}
		if (value instanceof Tuple tuple) {
			List<@Nullable Object> items = new ArrayList<>(tuple.size());
			for (Object item : tuple) {
				items.add(fromWire(item));
			}
			return PickleTuple.copyOf(items);
		}
		if (value instanceof List<?> list) {
			ArrayList<@Nullable Object> items = new ArrayList<>(list.size());
			for (Object item : list) {
				items.add(fromWire(item));
			}
			return items;
		}
		if (value instanceof Map<?, ?> map) {
			LinkedHashMap<@Nullable Object, @Nullable Object> items = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				items.put(fromWire(entry.getKey()), fromWire(entry.getValue()));
			}
			return items;
		}
		return value;
	}

	/**
	 * Reads a list of oids ({@code new_oids}).
	 */
	static List<Oid> oids(@Nullable Object value) {
		List<@Nullable Object> items = PyValues.toList(value);
		List<Oid> oids = new ArrayList<>(items.size());
		for (Object item : items) {
			oids.add(PyValues.toOid(item));
		}
		return oids;
	}

	/**
	 * Reads a {@code vote} result: the oids the server resolved or undid. A list of conflict dicts (a server in
	 * client-conflict-resolution mode) becomes a {@link ConflictError} for the first one, since this client does not
	 * resolve conflicts itself.
	 */
	static Set<Oid> voteResult(@Nullable Object value) {
		if (value == null) {
			return Set.of();
		}
		Set<Oid> oids = new LinkedHashSet<>();
		for (Object item : PyValues.toList(value)) {
			if (item instanceof Map<?, ?> conflict) {
				Oid oid = PyValues.toNullableOid(conflict.get("oid"));
				List<@Nullable Object> serials = PyValues.toList(conflict.get("serials"));
				throw new ConflictError("database conflict error", oid, PyValues.toNullableTid(serials.get(0)),
						PyValues.toNullableTid(serials.get(1)));
			}
			oids.add(PyValues.toOid(item));
		}
		return oids;
	}

	/**
	 * Reads a {@code record_iternext} result: {@code (oid, tid, data, next_oid)}.
	 */
	static CurrentRecord currentRecord(@Nullable Object value) {
		List<Object> fields = PyValues.toList(value);
		if (fields.size() != 4) {
			throw new StorageError("Malformed record_iternext reply: " + describe(value));
		}
		Object next = fields.get(3);
		return new CurrentRecord(PyValues.toOid(fields.get(0)), PyValues.toTid(fields.get(1)), bytes(fields.get(2)),
				(next != null) ? PyValues.toOid(next) : null);
	}

	/**
	 * Reads a {@code history} result.
	 */
	static List<HistoryEntry> history(@Nullable Object value) {
		List<HistoryEntry> entries = new ArrayList<>();
		for (Object item : PyValues.toList(value)) {
			Map<Object, @Nullable Object> entry = PyValues.toMap(item);
			Object tid = entry.containsKey("tid") ? entry.get("tid") : entry.get("serial");
			entries.add(new HistoryEntry(PyValues.toTid(tid), bytes(entry.get("user_name")),
					bytes(entry.get("description")), PyValues.toInt(entry.get("size"))));
		}
		return entries;
	}

	/**
	 * Reads an {@code undoLog} result. The undo id of a FileStorage transaction is its tid in base64; extension
	 * keys, merged into each entry by the server, are pickled back into the extension.
	 */
	static List<UndoInfo> undoInfos(@Nullable Object value) {
		List<UndoInfo> infos = new ArrayList<>();
		for (Object item : PyValues.toList(value)) {
			Map<Object, @Nullable Object> entry = PyValues.toMap(item);
			Map<Object, @Nullable Object> extension = new LinkedHashMap<>();
			for (Map.Entry<Object, @Nullable Object> field : entry.entrySet()) {
				if (!UNDO_INFO_KEYS.contains(field.getKey())) {
					extension.put(field.getKey(), field.getValue());
				}
			}
			infos.add(new UndoInfo(undoIdToTid(bytes(entry.get("id"))), bytes(entry.get("user_name")),
					bytes(entry.get("description")), extensionFromWire(extension), PyValues.toLong(entry.get("size"))));
		}
		return infos;
	}

	/**
	 * Returns the undo id ZODB's FileStorage gives a transaction: its tid in base64, as bytes.
	 */
	static byte[] undoId(Tid tid) {
		return Base64.getEncoder().encode(tid.toBytes());
	}

	static Tid undoIdToTid(byte[] id) {
		try {
			return Tid.fromBytes(Base64.getDecoder().decode(id));
		}
		catch (IllegalArgumentException ex) {
			throw new StorageError("Undo id " + PyValues.repr(id) + " does not name a transaction", ex);
		}
	}

	/**
	 * Reads an {@code iterator_next} result into a transaction without its records.
	 */
	static TransactionRecord transactionHeader(List<@Nullable Object> fields) {
		String status = PyValues.toStr(fields.get(1));
		Object extension = fields.get(4);
		return new TransactionRecord(PyValues.toTid(fields.get(0)), status.isEmpty() ? ' ' : status.charAt(0),
				bytes(fields.get(2)), bytes(fields.get(3)),
				extensionFromWire((extension != null) ? PyValues.toMap(extension) : null), List.of());
	}

	/**
	 * Reads an {@code iterator_record_next} result.
	 */
	static DataRecord dataRecord(List<@Nullable Object> fields) {
		return new DataRecord(PyValues.toOid(fields.get(0)), PyValues.toTid(fields.get(1)),
				PyValues.toNullableBytes(fields.get(2)), PyValues.toNullableTid(fields.get(3)));
	}

	/**
	 * Returns the POSIX time a pack call sends: the nearest float at or after the instant, so that the server's
	 * pack includes every transaction up to the instant. It is moved up a few ulps more (well under a microsecond)
	 * if needed so that a server converting it as {@code round(seconds * 1e9)} nanoseconds, which loses up to
	 * 128 ns at today's dates, still lands at or after the instant.
	 */
	static double packTime(Instant instant) {
		BigDecimal exact = BigDecimal.valueOf(instant.getEpochSecond())
			.add(BigDecimal.valueOf(instant.getNano()).divide(NANOS_PER_SECOND));
		double seconds = exact.doubleValue();
		if (new BigDecimal(seconds).compareTo(exact) < 0) {
			seconds = Math.nextUp(seconds);
		}
		BigDecimal wantedNanos = exact.movePointRight(9);
		for (int i = 0; i < 4 && BigDecimal.valueOf(Math.round(seconds * 1e9)).compareTo(wantedNanos) < 0; i++) {
			seconds = Math.nextUp(seconds);
		}
		return seconds;
	}

	private static byte[] bytes(@Nullable Object value) {
		if (value == null) {
			return EMPTY;
		}
		try {
			return PyValues.toBytesOrStr(value);
		}
		catch (ZeoProtocolException ex) {
			throw new ZeoProtocolException("Expected bytes or str, got " + PyValues.typeName(value), ex);
		}
	}

	private static String describe(@Nullable Object value) {
		return (value == null) ? "None" : value.getClass().getSimpleName();
	}

}
