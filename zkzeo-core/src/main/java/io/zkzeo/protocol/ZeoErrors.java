package io.zkzeo.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSException;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.UndoError;
import org.jspecify.annotations.Nullable;

/**
 * Maps Java exceptions to the Python exception class names and payloads of ZEO error replies, and back.
 *
 * <p>A Python server sends {@code (class_name, exc.__dict__ or exc.args)}; the Python client rebuilds
 * {@code ConflictError}/{@code ReadConflictError} from the dict keys {@code message}, {@code oid}, {@code serials}
 * (and {@code class_name}), {@code POSKeyError}, {@code ReadOnlyError}, {@code StorageTransactionError},
 * {@code KeyError} and {@code TypeError} from the args, and raises {@code ServerException(class_name, payload)} for
 * anything else. The table:
 * <table>
 * <caption>Error mapping</caption>
 * <tr><th>Java</th><th>Python class</th><th>payload</th></tr>
 * <tr><td>{@link ReadConflictError}</td><td>{@value #READ_CONFLICT_ERROR}</td>
 * <td>{@code {message, oid, class_name, serials: (committed, read)}}</td></tr>
 * <tr><td>{@link ConflictError}</td><td>{@value #CONFLICT_ERROR}</td><td>the same dict</td></tr>
 * <tr><td>{@link POSKeyError}</td><td>{@value #POS_KEY_ERROR}</td><td>{@code (oid,)} or {@code (oid, serial)}</td></tr>
 * <tr><td>{@link ReadOnlyError}</td><td>{@value #READ_ONLY_ERROR}</td><td>{@code ()}</td></tr>
 * <tr><td>{@link StorageTransactionError}</td><td>{@value #STORAGE_TRANSACTION_ERROR}</td><td>{@code (message,)}</td></tr>
 * <tr><td>{@link UndoError}</td><td>{@value #UNDO_ERROR}</td><td>{@code {_reason, _oid}}</td></tr>
 * <tr><td>{@link ClientDisconnectedException}</td><td>{@value #CLIENT_DISCONNECTED}</td><td>{@code (message,)}</td></tr>
 * <tr><td>{@link ZeoServerException}</td><td>its class name</td><td>its payload</td></tr>
 * <tr><td>other {@link StorageError}</td><td>{@value #STORAGE_ERROR}</td><td>{@code (message,)}</td></tr>
 * <tr><td>other {@link POSException}</td><td>{@value #POS_ERROR}</td><td>{@code (message,)}</td></tr>
 * <tr><td>{@link IllegalArgumentException}</td><td>{@value #VALUE_ERROR}</td><td>{@code (message,)}</td></tr>
 * <tr><td>{@link UnsupportedOperationException}</td><td>{@value #NOT_IMPLEMENTED_ERROR}</td><td>{@code (message,)}</td></tr>
 * <tr><td>anything else</td><td>{@value #EXCEPTION}</td><td>{@code ("JavaClass: message",)}</td></tr>
 * </table>
 * Decoding also understands {@value #BTREES_CONFLICT_ERROR} (as a {@link ConflictError}) and
 * {@value #MULTIPLE_UNDO_ERRORS} (as an {@link UndoError} of its first object whose message has every object's reason);
 * any other class becomes a {@link ZeoServerException}.
 */
public final class ZeoErrors {

	/** Python's {@code ConflictError}. */
	public static final String CONFLICT_ERROR = "ZODB.POSException.ConflictError";

	/** Python's {@code ReadConflictError}. */
	public static final String READ_CONFLICT_ERROR = "ZODB.POSException.ReadConflictError";

	/** Python's {@code BTreesConflictError}. */
	public static final String BTREES_CONFLICT_ERROR = "ZODB.POSException.BTreesConflictError";

	/** Python's {@code POSKeyError}. */
	public static final String POS_KEY_ERROR = "ZODB.POSException.POSKeyError";

	/** Python's {@code ReadOnlyError}. */
	public static final String READ_ONLY_ERROR = "ZODB.POSException.ReadOnlyError";

	/** Python's {@code StorageTransactionError}. */
	public static final String STORAGE_TRANSACTION_ERROR = "ZODB.POSException.StorageTransactionError";

	/** Python's {@code StorageError}. */
	public static final String STORAGE_ERROR = "ZODB.POSException.StorageError";

	/** Python's {@code POSError}. */
	public static final String POS_ERROR = "ZODB.POSException.POSError";

	/** Python's {@code UndoError}. */
	public static final String UNDO_ERROR = "ZODB.POSException.UndoError";

	/** Python's {@code MultipleUndoErrors}. */
	public static final String MULTIPLE_UNDO_ERRORS = "ZODB.POSException.MultipleUndoErrors";

	/** ZEO's {@code ClientDisconnected}. */
	public static final String CLIENT_DISCONNECTED = "ZEO.Exceptions.ClientDisconnected";

	/** Python's {@code ValueError} (Python 3 module name). */
	public static final String VALUE_ERROR = "builtins.ValueError";

	/** Python's {@code AttributeError}: a ZEO server's answer to a method it does not have. */
	public static final String ATTRIBUTE_ERROR = "builtins.AttributeError";

	/** Python's {@code NotImplementedError}. */
	public static final String NOT_IMPLEMENTED_ERROR = "builtins.NotImplementedError";

	/** Python's {@code Exception}. */
	public static final String EXCEPTION = "builtins.Exception";

	private static final String[] BTREES_REASONS = { "Conflicting bucket split", "Conflicting changes",
			"Conflicting delete and change", "Conflicting delete and change", "Conflicting inserts or deletes",
			"Conflicting deletes", "Conflicting inserts", "Conflicting deletes, or delete and change",
			"Conflicting deletes, or delete and change", "Conflicting deletes", "Empty bucket from deleting all keys",
			"Conflicting changes in an internal BTree node", "Empty bucket in a transaction", "Delete of first key" };

	private ZeoErrors() {
	}

	/**
	 * The wire form of an exception.
	 *
	 * @param className the Python exception class
	 * @param payload the attributes (a dict) or arguments (a {@link Tuple})
	 */
	public record RemoteError(String className, @Nullable Object payload) {
	}

	/**
	 * Returns the class name and payload a Python server would send for an exception.
	 * @param error the exception
	 * @return its wire form
	 */
	public static RemoteError toRemote(Throwable error) {
		if (error instanceof ZeoServerException server) {
			return new RemoteError(server.getClassName(), server.getPayload());
		}
		if (error instanceof ReadConflictError conflict) {
			return new RemoteError(READ_CONFLICT_ERROR, conflictDict(conflict));
		}
		if (error instanceof ConflictError conflict) {
			return new RemoteError(CONFLICT_ERROR, conflictDict(conflict));
		}
		if (error instanceof POSKeyError keyError) {
			Tid serial = keyError.getSerial();
			Tuple args = (serial != null) ? Tuple.of(keyError.getOid().toBytes(), serial.toBytes())
					: Tuple.of((Object) keyError.getOid().toBytes());
			return new RemoteError(POS_KEY_ERROR, args);
		}
		if (error instanceof ReadOnlyError) {
			return new RemoteError(READ_ONLY_ERROR, Tuple.EMPTY);
		}
		if (error instanceof StorageTransactionError) {
			return new RemoteError(STORAGE_TRANSACTION_ERROR, messageArgs(error));
		}
		if (error instanceof UndoError undo) {
			return undoError(undo);
		}
		if (error instanceof ClientDisconnectedException) {
			return new RemoteError(CLIENT_DISCONNECTED, messageArgs(error));
		}
		if (error instanceof StorageError) {
			return new RemoteError(STORAGE_ERROR, messageArgs(error));
		}
		if (error instanceof POSException) {
			return new RemoteError(POS_ERROR, messageArgs(error));
		}
		if (error instanceof IllegalArgumentException) {
			return new RemoteError(VALUE_ERROR, messageArgs(error));
		}
		if (error instanceof UnsupportedOperationException) {
			return new RemoteError(NOT_IMPLEMENTED_ERROR, messageArgs(error));
		}
		String text = error.getClass().getName() + ((error.getMessage() != null) ? ": " + error.getMessage() : "");
		return new RemoteError(EXCEPTION, Tuple.of(text));
	}

	private static Map<Object, @Nullable Object> conflictDict(ConflictError conflict) {
		Map<Object, @Nullable Object> dict = new LinkedHashMap<>();
		dict.put("message", conflictMessage(conflict));
		dict.put("oid", (conflict.getOid() != null) ? conflict.getOid().toBytes() : null);
		dict.put("class_name", null);
		Tid committed = conflict.getCommittedSerial();
		Tid old = conflict.getOldSerial();
		dict.put("serials", (committed != null && old != null) ? Tuple.of(committed.toBytes(), old.toBytes()) : null);
		return dict;
	}

	/**
	 * Recovers the bare message ("database conflict error") that ConflictError's constructor extended with the
	 * oid and serials, which travel in fields of their own.
	 */
	private static String conflictMessage(ConflictError conflict) {
		String full = String.valueOf(conflict.getMessage());
		String details = new ConflictError("", conflict.getOid(), conflict.getCommittedSerial(),
				conflict.getOldSerial()).getMessage();
		if (details != null && !details.isEmpty() && full.endsWith(details)) {
			return full.substring(0, full.length() - details.length());
		}
		return full;
	}

	/**
	 * An undo that fails on an object travels as Python's FileStorage raises it, a {@code MultipleUndoErrors} of
	 * {@code (oid, UndoError)} pairs, with that class's odd {@code _reason} (the first oid) and {@code _oid} (the
	 * first error): a Python client rebuilds only this class, not a plain {@code UndoError}. One without an object
	 * (an unknown transaction) is a plain {@code UndoError}, as there.
	 */
	private static RemoteError undoError(UndoError undo) {
		byte @Nullable [] oid = (undo.getOid() != null) ? undo.getOid().toBytes() : null;
		Map<Object, @Nullable Object> dict = new LinkedHashMap<>();
		dict.put("_reason", undoReason(undo));
		dict.put("_oid", oid);
		if (oid == null) {
			return new RemoteError(UNDO_ERROR, dict);
		}
		Tuple nested = Tuple.of(UNDO_ERROR, dict);
		Map<Object, @Nullable Object> multiple = new LinkedHashMap<>();
		multiple.put("_reason", oid);
		multiple.put("_oid", nested);
		multiple.put("_errs", List.of(Tuple.of(oid, nested)));
		return new RemoteError(MULTIPLE_UNDO_ERRORS, multiple);
	}

	private static String undoReason(UndoError undo) {
		String full = String.valueOf(undo.getMessage());
		Oid oid = undo.getOid();
		if (oid != null && full.startsWith(oid + " ")) {
			return full.substring(oid.toString().length() + 1);
		}
		return full;
	}

	private static Tuple messageArgs(Throwable error) {
		return (error.getMessage() != null) ? Tuple.of(error.getMessage()) : Tuple.EMPTY;
	}

	/**
	 * Returns the Java exception for an error reply.
	 * @param className the Python exception class
	 * @param payload the attributes (a dict) or arguments (a tuple)
	 * @param storageName the storage the call was made on, for errors whose Python form carries no text
	 *     ({@code ReadOnlyError})
	 * @return the exception, to be thrown by the caller
	 */
	public static RuntimeException toException(String className, @Nullable Object payload, String storageName) {
		try {
			RuntimeException mapped = mapKnown(className, payload, storageName);
			if (mapped != null) {
				return mapped;
			}
		}
		catch (ZeoProtocolException ex) {
			// A known class with an unexpected payload: keep everything the server sent.
		}
		return new ZeoServerException(className, payload);
	}

	private static @Nullable RuntimeException mapKnown(String className, @Nullable Object payload,
			String storageName) {
		switch (className) {
			case CONFLICT_ERROR, READ_CONFLICT_ERROR -> {
				Map<Object, @Nullable Object> dict = PyValues.toMap(payload);
				Object message = dict.get("message");
				Oid oid = PyValues.toNullableOid(dict.get("oid"));
				Tid committed = null;
				Tid old = null;
				if (dict.get("serials") != null) {
					List<@Nullable Object> serials = PyValues.toList(dict.get("serials"));
					if (serials.size() == 2) {
						committed = PyValues.toNullableTid(serials.get(0));
						old = PyValues.toNullableTid(serials.get(1));
					}
				}
				boolean read = className.equals(READ_CONFLICT_ERROR);
				if (read && oid != null && committed != null && old != null) {
					return new ReadConflictError(oid, committed, old);
				}
				String text = (message instanceof String string) ? string
						: (read ? "database read conflict error" : "database conflict error");
				return new ConflictError(text, oid, committed, old);
			}
			case BTREES_CONFLICT_ERROR -> {
				Map<Object, @Nullable Object> dict = PyValues.toMap(payload);
				int reason = PyValues.toInt(dict.get("reason"));
				String text = "BTrees conflict error at " + PyValues.toLong(dict.get("p1")) + "/"
						+ PyValues.toLong(dict.get("p2")) + "/" + PyValues.toLong(dict.get("p3")) + ": "
						+ ((reason >= 0 && reason < BTREES_REASONS.length) ? BTREES_REASONS[reason] : reason);
				return new ConflictError(text, null, null, null);
			}
			case POS_KEY_ERROR -> {
				List<@Nullable Object> args = PyValues.toList(payload);
				if (args.isEmpty()) {
					return null;
				}
				Oid oid = PyValues.toOid(args.get(0));
				if (args.size() > 1 && args.get(1) != null) {
					return new POSKeyError(oid, PyValues.toTid(args.get(1)));
				}
				return new POSKeyError(oid);
			}
			case READ_ONLY_ERROR -> {
				return new ReadOnlyError(storageName);
			}
			case STORAGE_TRANSACTION_ERROR -> {
				return new StorageTransactionError(argumentsText(payload));
			}
			case STORAGE_ERROR -> {
				return new StorageError(argumentsText(payload));
			}
			case UNDO_ERROR, MULTIPLE_UNDO_ERRORS -> {
				Map<Object, @Nullable Object> dict = PyValues.toMap(payload);
				if (className.equals(MULTIPLE_UNDO_ERRORS) && dict.get("_errs") != null) {
					return multipleUndoErrors(PyValues.toList(dict.get("_errs")));
				}
				Object reason = dict.get("_reason");
				return new UndoError((reason != null) ? String.valueOf(reason) : "", PyValues.toNullableOid(dict.get("_oid")));
			}
			case CLIENT_DISCONNECTED -> {
				return new ClientDisconnectedException(argumentsText(payload));
			}
			default -> {
				return null;
			}
		}
	}

	/**
	 * Reads {@code MultipleUndoErrors._errs}, a list of {@code (oid, error)} whose errors travel as
	 * {@code (class name, {_reason, _oid})}: the first object is the error's oid, and the reasons of all of them
	 * make its message. (Python's own {@code _reason} and {@code _oid} of this class hold the first oid and the
	 * first error, so they are not used.)
	 */
	private static @Nullable RuntimeException multipleUndoErrors(List<@Nullable Object> errors) {
		if (errors.isEmpty()) {
			return null;
		}
		Oid first = null;
		StringBuilder reasons = new StringBuilder();
		for (Object entry : errors) {
			List<@Nullable Object> pair = PyValues.toList(entry);
			if (pair.size() != 2) {
				return null;
			}
			Oid oid = PyValues.toOid(pair.get(0));
			String reason = PyValues.repr(pair.get(1));
			List<@Nullable Object> error = PyValues.toList(pair.get(1));
			if (error.size() == 2 && error.get(1) instanceof Map<?, ?> attributes
					&& attributes.get("_reason") instanceof String text) {
				reason = text;
			}
			if (first == null) {
				first = oid;
				reasons.append(reason);
			}
			else {
				reasons.append("; ").append(oid).append(' ').append(reason);
			}
		}
		return new UndoError(reasons.toString(), first);
	}

	/**
	 * Formats an exception payload as text: a single str argument as itself, no arguments as an empty string,
	 * anything else as Python would print the tuple or dict.
	 * @param payload the attributes or arguments
	 * @return the text
	 */
	static String argumentsText(@Nullable Object payload) {
		if (payload instanceof List<?> args) {
			if (args.isEmpty()) {
				return "";
			}
			if (args.size() == 1 && args.get(0) instanceof String text) {
				return text;
			}
		}
		return PyValues.repr(payload);
	}

}
