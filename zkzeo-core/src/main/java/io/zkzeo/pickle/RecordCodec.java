package io.zkzeo.pickle;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes ZODB object records: two pickles, the class metadata and the state, sharing one memo
 * and written back byte for byte as ZODB 5 on Python 3 writes them. Thread-safe; each call uses its own
 * reader or writer.
 */
public final class RecordCodec {

	private final ClassRegistry registry;

	/**
	 * Creates a codec that constructs the registered classes and keeps every other object generic, and
	 * writes Java values with the registry's reducers.
	 * @param registry the classes that may be constructed and the reducers for writing
	 */
	public RecordCodec(ClassRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
	}

	/**
	 * Creates a codec that constructs no class: every instance decodes to a {@link PickleObject}.
	 * @return the codec
	 */
	public static RecordCodec generic() {
		return new RecordCodec(ClassRegistry.empty());
	}

	/**
	 * Returns the registry this codec constructs classes with.
	 * @return the registry
	 */
	public ClassRegistry registry() {
		return this.registry;
	}

	/**
	 * Decodes a whole record.
	 * @param record the record bytes
	 * @return the class metadata and state
	 * @throws PickleException if the record is not two well-formed pickles
	 */
	public ObjectRecord decode(byte[] record) {
		PickleReader reader = new PickleReader(record, this.registry);
		Object classMetadata = reader.load();
		Object state = reader.load();
		if (!reader.atEnd()) {
			throw new PickleException("Record has " + (record.length - reader.position())
					+ " bytes after its state pickle", reader.position());
		}
		return new ObjectRecord(classMetadata, state);
	}

	/**
	 * Decodes only the class metadata pickle (enough to make a ghost).
	 * @param record the record bytes
	 * @return the class metadata
	 * @throws PickleException if the first pickle is malformed
	 */
	public @Nullable Object decodeClassMetadata(byte[] record) {
		return new PickleReader(record, this.registry).load();
	}

	/**
	 * Returns the class of a record, reading the common {@code PROTO 3 GLOBAL [BINPUT 0] STOP} shape
	 * directly, as ZODB's {@code get_pickle_metadata} does, and decoding the first pickle otherwise.
	 * @param record the record bytes
	 * @return the class
	 * @throws PickleException if the first pickle is malformed or names no class
	 */
	public Global decodeType(byte[] record) {
		Global type = canonicalType(record);
		if (type != null) {
			return type;
		}
		type = ObjectRecord.typeOf(decodeClassMetadata(record));
		if (type == null) {
			throw new PickleException("Class metadata names no class", 0);
		}
		return type;
	}

	private static @Nullable Global canonicalType(byte[] record) {
		int p = 0;
		if (record.length > 2 && (record[0] & 0xFF) == Opcodes.PROTO) {
			p = 2;
		}
		if (p >= record.length || record[p] != Opcodes.GLOBAL) {
			return null;
		}
		int moduleEnd = indexOfNewline(record, p + 1);
		int nameEnd = (moduleEnd < 0) ? -1 : indexOfNewline(record, moduleEnd + 1);
		if (nameEnd < 0) {
			return null;
		}
		int next = nameEnd + 1;
		if (next + 1 < record.length && record[next] == Opcodes.BINPUT) {
			next += 2;
		}
		if (next >= record.length || record[next] != Opcodes.STOP) {
			return null;
		}
		for (int i = p + 1; i < nameEnd; i++) {
			if (record[i] < 0) {
				return null;
			}
		}
		return new Global(new String(record, p + 1, moduleEnd - p - 1, StandardCharsets.ISO_8859_1),
				new String(record, moduleEnd + 1, nameEnd - moduleEnd - 1, StandardCharsets.ISO_8859_1));
	}

	private static int indexOfNewline(byte[] record, int from) {
		for (int i = from; i < record.length && i < from + 1024; i++) {
			if (record[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Encodes a record.
	 * @param classMetadata the class metadata, normally a {@link Global}
	 * @param state the state
	 * @return the record bytes
	 * @throws PickleException if a value cannot be pickled
	 */
	public byte[] encode(@Nullable Object classMetadata, @Nullable Object state) {
		return encode(classMetadata, state, null);
	}

	/**
	 * Encodes a decoded record.
	 * @param record the class metadata and state
	 * @return the record bytes
	 * @throws PickleException if a value cannot be pickled
	 */
	public byte[] encode(ObjectRecord record) {
		return encode(record.classMetadata(), record.state(), null);
	}

	/**
	 * Encodes a record whose state holds objects that stand for persistent references.
	 * @param classMetadata the class metadata, normally a {@link Global}
	 * @param state the state
	 * @param persistentIds returns the reference for an object outside the value model, or {@code null}
	 * @return the record bytes
	 * @throws PickleException if a value cannot be pickled
	 */
	public byte[] encode(@Nullable Object classMetadata, @Nullable Object state,
			@Nullable Function<Object, @Nullable PersistentReference> persistentIds) {
		return encode(new PickleWriter(this.registry, persistentIds), classMetadata, state);
	}

	/**
	 * Encodes a record with a writer kept for many records (made with this codec's {@link #registry()}), which
	 * spares allocating a writer's buffer and memo for each: the writer is reset first.
	 * @param writer the writer, used by one thread at a time
	 * @param classMetadata the class metadata, normally a {@link Global}
	 * @param state the state
	 * @return the record bytes
	 * @throws PickleException if a value cannot be pickled
	 */
	public byte[] encode(PickleWriter writer, @Nullable Object classMetadata, @Nullable Object state) {
		writer.reset();
		writer.dump(classMetadata);
		writer.dump(state);
		return writer.toByteArray();
	}

}
