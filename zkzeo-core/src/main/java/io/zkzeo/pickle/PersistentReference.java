package io.zkzeo.pickle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.zkzeo.storage.Oid;
import org.jspecify.annotations.Nullable;

/**
 * A reference to another persistent object, as ZODB pickles it: a <em>persistent id</em> followed by
 * {@code BINPERSID}. The original persistent id is kept, so a decoded reference is written back
 * unchanged; the factory methods build the persistent ids ZODB 5 writes.
 */
public final class PersistentReference {

	/**
	 * The shapes of persistent id ZODB reads.
	 */
	public enum Form {

		/** {@code oid}: a plain reference; the class is read from the target's record. */
		OID,

		/** {@code (oid, class)} or {@code (oid, (module, name))}: a reference with the class cached. */
		CLASS,

		/** {@code ['w', (oid,)]} or {@code ['w', (oid, database)]}: a weak reference. */
		WEAK,

		/** {@code [oid]}: the old weak reference form. */
		LEGACY_WEAK,

		/** {@code ['m', (database, oid, class)]}: a reference into another database, with class. */
		CROSS_DATABASE,

		/** {@code ['n', (database, oid)]}: a reference into another database, without class. */
		CROSS_DATABASE_OID

	}

	private final Form form;

	private final Oid oid;

	private final @Nullable Object klass;

	private final @Nullable String database;

	private final Object pid;

	private final boolean created;

	private PersistentReference(Form form, Oid oid, @Nullable Object klass, @Nullable String database,
			Object pid) {
		this(form, oid, klass, database, pid, false);
	}

	private PersistentReference(Form form, Oid oid, @Nullable Object klass, @Nullable String database,
			Object pid, boolean created) {
		this.form = form;
		this.oid = oid;
		this.klass = klass;
		this.database = database;
		this.pid = pid;
		this.created = created;
	}

	/**
	 * Returns a reference with a cached class, the form ZODB writes for ordinary persistent objects.
	 * @param oid the target's oid
	 * @param type the target's class, as its own record names it
	 * @return the reference
	 */
	public static PersistentReference of(Oid oid, Global type) {
		Objects.requireNonNull(type, "'type' must not be null");
		return new PersistentReference(Form.CLASS, oid, type, null, PickleTuple.of(oidBytes(oid), type), true);
	}

	/**
	 * Returns a plain reference (the target's class is read from its record).
	 * @param oid the target's oid
	 * @return the reference
	 */
	public static PersistentReference ofOid(Oid oid) {
		return new PersistentReference(Form.OID, oid, null, null, oidBytes(oid), true);
	}

	/**
	 * Returns a weak reference to an object in the same database.
	 * @param oid the target's oid
	 * @return the reference
	 */
	public static PersistentReference weak(Oid oid) {
		return new PersistentReference(Form.WEAK, oid, null, null, listPid("w", PickleTuple.of(oidBytes(oid))), true);
	}

	/**
	 * Returns a weak reference to an object in another database of a multi-database.
	 * @param oid the target's oid
	 * @param database the other database's name
	 * @return the reference
	 */
	public static PersistentReference weak(Oid oid, String database) {
		Objects.requireNonNull(database, "'database' must not be null");
		return new PersistentReference(Form.WEAK, oid, null, database,
				listPid("w", PickleTuple.of(oidBytes(oid), database)), true);
	}

	/**
	 * Returns a reference into another database of a multi-database, with the target's class.
	 * @param database the other database's name
	 * @param oid the target's oid
	 * @param type the target's class
	 * @return the reference
	 */
	public static PersistentReference crossDatabase(String database, Oid oid, Global type) {
		Objects.requireNonNull(database, "'database' must not be null");
		Objects.requireNonNull(type, "'type' must not be null");
		return new PersistentReference(Form.CROSS_DATABASE, oid, type, database,
				listPid("m", PickleTuple.of(database, oidBytes(oid), type)), true);
	}

	/**
	 * Returns a reference into another database of a multi-database, without class.
	 * @param database the other database's name
	 * @param oid the target's oid
	 * @return the reference
	 */
	public static PersistentReference crossDatabase(String database, Oid oid) {
		Objects.requireNonNull(database, "'database' must not be null");
		return new PersistentReference(Form.CROSS_DATABASE_OID, oid, null, database,
				listPid("n", PickleTuple.of(database, oidBytes(oid))), true);
	}

	/**
	 * Interprets a persistent id as ZODB's {@code ObjectReader} does.
	 * @param pid the unpickled persistent id
	 * @return the reference
	 * @throws PickleException if the persistent id has no shape ZODB reads
	 */
	public static PersistentReference fromPid(@Nullable Object pid) {
		return fromPid(pid, -1);
	}

	static PersistentReference fromPid(@Nullable Object pid, int position) {
		if (pid instanceof PickleTuple tuple) {
			if (tuple.size() != 2) {
				throw new PickleException("Persistent id is a tuple of " + tuple.size() + " items, not (oid, class)",
						position);
			}
			return new PersistentReference(Form.CLASS, toOid(tuple.get(0), position), tuple.get(1), null, tuple);
		}
		if (pid instanceof List<?> list) {
			if (list.size() == 1) {
				return new PersistentReference(Form.LEGACY_WEAK, toOid(list.get(0), position), null, null, pid);
			}
			if (list.size() == 2 && list.get(1) instanceof PickleTuple args) {
				String code = typeCode(list.get(0));
				if ("w".equals(code) && (args.size() == 1 || args.size() == 2)) {
					return new PersistentReference(Form.WEAK, toOid(args.get(0), position), null,
							(args.size() == 2) ? toName(args.get(1), position) : null, pid);
				}
				if ("m".equals(code) && args.size() == 3) {
					return new PersistentReference(Form.CROSS_DATABASE, toOid(args.get(1), position), args.get(2),
							toName(args.get(0), position), pid);
				}
				if ("n".equals(code) && args.size() == 2) {
					return new PersistentReference(Form.CROSS_DATABASE_OID, toOid(args.get(1), position), null,
							toName(args.get(0), position), pid);
				}
			}
			throw new PickleException("Persistent id is a list of an unknown reference type", position);
		}
		if (pid != null) {
			return new PersistentReference(Form.OID, toOid(pid, position), null, null, pid);
		}
		throw new PickleException("Persistent id is None", position);
	}

	/**
	 * Reads an oid as it appears in a persistent id: {@code bytes}, or a Python 2 {@code str} of 8 bytes.
	 * @return the oid
	 * @throws PickleException if the value is not 8 bytes
	 */
	static Oid toOid(@Nullable Object value, int position) {
		long oid = 0;
		if (value instanceof PickleBytes bytes && bytes.length() == 8) {
			for (int i = 0; i < 8; i++) {
				oid = (oid << 8) | (bytes.byteAt(i) & 0xFF);
			}
			return Oid.of(oid);
		}
		if (value instanceof LegacyString legacy && legacy.length() == 8) {
			return Oid.fromBytes(legacy.array());
		}
		if (value instanceof String text && text.length() == 8) {
			for (int i = 0; i < 8; i++) {
				char c = text.charAt(i);
				if (c > 0xFF) {
					throw new PickleException("Persistent reference oid is not a byte string", position);
				}
				oid = (oid << 8) | c;
			}
			return Oid.of(oid);
		}
		throw new PickleException("Persistent reference oid is not 8 bytes", position);
	}

	private static String toName(@Nullable Object value, int position) {
		if (value instanceof String text) {
			return text;
		}
		throw new PickleException("Persistent reference database name is not a string", position);
	}

	private static @Nullable String typeCode(@Nullable Object value) {
		if (value instanceof String text) {
			return text;
		}
		if (value instanceof PickleBytes bytes && bytes.length() == 1) {
			return String.valueOf((char) bytes.byteAt(0));
		}
		return null;
	}

	private static PickleBytes oidBytes(Oid oid) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		return PickleBytes.wrap(oid.toBytes());
	}

	private static List<Object> listPid(String code, PickleTuple args) {
		List<Object> pid = new ArrayList<>(2);
		pid.add(code);
		pid.add(args);
		return pid;
	}

	/** Tells whether the reference was made by a factory method rather than read from a pickle. */
	boolean isCreated() {
		return this.created;
	}

	/**
	 * Returns a new persistent id like {@link #pid()} built around the given oid bytes, for references
	 * made by the factory methods: ZODB pickles one {@code _p_oid} object per persistent object, so
	 * every reference to it in a record shares the oid bytes (written once, then fetched from the memo).
	 */
	Object pidSharing(PickleBytes sharedOid) {
		return switch (this.form) {
			case OID -> sharedOid;
			case CLASS -> PickleTuple.of(sharedOid, this.klass);
			case WEAK -> listPid("w", (this.database != null) ? PickleTuple.of(sharedOid, this.database)
					: PickleTuple.of(sharedOid));
			case CROSS_DATABASE -> listPid("m", PickleTuple.of(this.database, sharedOid, this.klass));
			case CROSS_DATABASE_OID -> listPid("n", PickleTuple.of(this.database, sharedOid));
			case LEGACY_WEAK -> this.pid;
		};
	}

	/**
	 * Returns the shape of the persistent id.
	 * @return the form
	 */
	public Form form() {
		return this.form;
	}

	/**
	 * Returns the target's oid.
	 * @return the oid
	 */
	public Oid oid() {
		return this.oid;
	}

	/**
	 * Returns the class cached in the reference, as a name.
	 * @return the class for {@link Form#CLASS} and {@link Form#CROSS_DATABASE} when it is a global or a
	 * {@code (module, name)} pair, otherwise {@code null}
	 */
	public @Nullable Global type() {
		if (this.klass instanceof Global global) {
			return global;
		}
		if (this.klass instanceof PickleTuple pair && pair.size() == 2 && pair.get(0) instanceof String module
				&& pair.get(1) instanceof String name && module.indexOf('\n') < 0 && name.indexOf('\n') < 0) {
			return new Global(module, name);
		}
		return null;
	}

	/**
	 * Returns the database the target lives in, for references into another database.
	 * @return the database name, or {@code null} for the same database
	 */
	public @Nullable String database() {
		return this.database;
	}

	/**
	 * Tells whether the reference is weak (it does not keep its target alive through pack).
	 * @return {@code true} for {@link Form#WEAK} and {@link Form#LEGACY_WEAK}
	 */
	public boolean isWeak() {
		return this.form == Form.WEAK || this.form == Form.LEGACY_WEAK;
	}

	/**
	 * Tells whether pack's reachability scan follows this reference (as ZODB's {@code referencesf}).
	 * @return {@code true} for {@link Form#OID} and {@link Form#CLASS}
	 */
	public boolean isFollowedByPack() {
		return this.form == Form.OID || this.form == Form.CLASS;
	}

	/**
	 * Returns the persistent id exactly as read or as it will be written.
	 * @return the persistent id value
	 */
	public Object pid() {
		return this.pid;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof PersistentReference that && this.form == that.form
				&& this.oid.equals(that.oid) && Objects.equals(this.database, that.database)
				&& Objects.equals(type(), that.type()));
	}

	@Override
	public int hashCode() {
		return this.oid.hashCode() * 31 + this.form.ordinal();
	}

	@Override
	public String toString() {
		return "<ref " + this.form + " " + this.oid + ((this.klass != null) ? " " + this.klass : "")
				+ ((this.database != null) ? " in " + this.database : "") + ">";
	}

}
