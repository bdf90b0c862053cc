package io.zkzeo.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.LegacyString;
import io.zkzeo.pickle.PickleBytes;
import io.zkzeo.pickle.PickleException;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.pickle.PickleWriter;
import io.zkzeo.protocol.Tuple;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a transaction's extension dictionary between its wire form (the dict a client sends with
 * {@code tpc_begin} and receives from {@code iterator_next} and {@code undoLog}) and its stored form (a
 * protocol 3 pickle, empty for an empty dict, as ZODB's {@code extension_bytes}).
 */
final class TransactionExtensions {

	private static final Logger logger = LoggerFactory.getLogger(TransactionExtensions.class);

	private static final byte[] NONE = new byte[0];

	private TransactionExtensions() {
	}

	/**
	 * Pickles an extension dict received on the wire.
	 * @param extension the dict, or {@code null}
	 * @return the pickle, or no bytes for an empty or missing dict
	 */
	static byte[] toBytes(@Nullable Map<Object, @Nullable Object> extension) {
		if (extension == null || extension.isEmpty()) {
			return NONE;
		}
		PickleWriter writer = new PickleWriter();
		writer.dump(toPickleValue(extension));
		return writer.toByteArray();
	}

	/**
	 * Unpickles a stored extension into the dict to send on the wire.
	 * @param extension the stored pickle, possibly empty
	 * @return the dict, empty if there is none or it cannot be read
	 */
	static Map<Object, @Nullable Object> toMap(byte[] extension) {
		if (extension.length == 0) {
			return new LinkedHashMap<>();
		}
		try {
			Object value = new PickleReader(extension, ClassRegistry.empty()).load();
			if (value instanceof Map<?, ?> map) {
				Map<Object, @Nullable Object> result = new LinkedHashMap<>();
				map.forEach((key, item) -> result.put(toWireValue(key), toWireValue(item)));
				return result;
			}
		}
		catch (PickleException ex) {
			logger.debug("Unreadable transaction extension of {} bytes: {}", extension.length, ex.getMessage());
		}
		return new LinkedHashMap<>();
	}

	private static @Nullable Object toPickleValue(@Nullable Object value) {
		if (value instanceof Tuple tuple) {
			List<@Nullable Object> items = new ArrayList<>(tuple.size());
			tuple.forEach((item) -> items.add(toPickleValue(item)));
			return PickleTuple.copyOf(items);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> items = new ArrayList<>(list.size());
			list.forEach((item) -> items.add(toPickleValue(item)));
			return items;
		}
		if (value instanceof Map<?, ?> map) {
			Map<@Nullable Object, @Nullable Object> result = new LinkedHashMap<>();
			map.forEach((key, item) -> result.put(toPickleValue(key), toPickleValue(item)));
			return result;
		}
		if (value instanceof byte[] bytes) {
			return PickleBytes.of(bytes);
		}
		return value;
	}

	private static @Nullable Object toWireValue(@Nullable Object value) {
		if (value instanceof PickleBytes bytes) {
			return bytes.toByteArray();
		}
		if (value instanceof LegacyString legacy) {
			return legacy.toByteArray();
		}
		if (value instanceof PickleTuple tuple) {
			List<@Nullable Object> items = new ArrayList<>(tuple.size());
			tuple.forEach((item) -> items.add(toWireValue(item)));
			return Tuple.copyOf(items);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> items = new ArrayList<>(list.size());
			list.forEach((item) -> items.add(toWireValue(item)));
			return items;
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> result = new LinkedHashMap<>();
			map.forEach((key, item) -> result.put(String.valueOf(toWireValue(key)), toWireValue(item)));
			return result;
		}
		if (value == null || value instanceof String || value instanceof Long || value instanceof Double
				|| value instanceof Boolean || value instanceof java.math.BigInteger) {
			return value;
		}
		return String.valueOf(value);
	}

}
