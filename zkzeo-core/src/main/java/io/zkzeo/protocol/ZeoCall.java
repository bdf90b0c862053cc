package io.zkzeo.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * A method call: synchronous (the peer answers with a reply carrying the same msgid) or asynchronous (no reply,
 * msgid {@code 0}). Clients call the server both ways; the server only makes asynchronous calls.
 *
 * <p>The typed accessors read an argument and fail with a {@link ZeoProtocolException} naming the method and the
 * position when it has the wrong type.
 *
 * @param msgid the message id ({@code 0} for asynchronous calls)
 * @param async whether the call expects no reply
 * @param method the method name, as in {@link ZeoMethods}
 * @param args the positional arguments
 */
public record ZeoCall(Object msgid, boolean async, String method, List<@Nullable Object> args) implements ZeoMessage {

	/**
	 * Creates a call.
	 * @param msgid the message id
	 * @param async whether the call expects no reply
	 * @param method the method name
	 * @param args the positional arguments
	 */
	public ZeoCall {
		Objects.requireNonNull(msgid, "'msgid' must not be null");
		Objects.requireNonNull(method, "'method' must not be null");
		Objects.requireNonNull(args, "'args' must not be null");
	}

	/**
	 * Creates a synchronous call.
	 * @param msgid the message id, unique among the caller's outstanding calls
	 * @param method the method name
	 * @param args the arguments (the array is kept, not copied)
	 * @return the call
	 */
	public static ZeoCall sync(long msgid, String method, @Nullable Object... args) {
		return new ZeoCall(msgid, false, method, Tuple.of(args));
	}

	/**
	 * Creates an asynchronous call (msgid 0).
	 * @param method the method name
	 * @param args the arguments (the array is kept, not copied)
	 * @return the call
	 */
	public static ZeoCall async(String method, @Nullable Object... args) {
		return new ZeoCall(0L, true, method, Tuple.of(args));
	}

	/**
	 * Returns the number of arguments.
	 * @return the count
	 */
	public int argCount() {
		return this.args.size();
	}

	/**
	 * Returns an argument as decoded.
	 * @param index the position
	 * @return the value
	 */
	public @Nullable Object arg(int index) {
		checkIndex(index);
		return this.args.get(index);
	}

	/**
	 * Reads an argument as an oid (eight bytes).
	 * @param index the position
	 * @return the oid
	 */
	public Oid oidArg(int index) {
		try {
			return PyValues.toOid(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a tid (eight bytes).
	 * @param index the position
	 * @return the tid
	 */
	public Tid tidArg(int index) {
		try {
			return PyValues.toTid(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a tid that may be {@code None}.
	 * @param index the position
	 * @return the tid, or {@code null}
	 */
	public @Nullable Tid nullableTidArg(int index) {
		try {
			return PyValues.toNullableTid(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as bytes.
	 * @param index the position
	 * @return the bytes (not copied)
	 */
	public byte[] bytesArg(int index) {
		try {
			return PyValues.toBytes(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as bytes that may be {@code None}.
	 * @param index the position
	 * @return the bytes, or {@code null}
	 */
	public byte @Nullable [] nullableBytesArg(int index) {
		try {
			return PyValues.toNullableBytes(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument that Python sends as bytes or as str (user name, description) as bytes.
	 * @param index the position
	 * @return the bytes; a str is encoded as UTF-8
	 */
	public byte[] bytesOrStrArg(int index) {
		try {
			return PyValues.toBytesOrStr(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as str.
	 * @param index the position
	 * @return the string
	 */
	public String strArg(int index) {
		try {
			return PyValues.toStr(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a 64-bit int.
	 * @param index the position
	 * @return the number
	 */
	public long longArg(int index) {
		try {
			return PyValues.toLong(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a 32-bit int.
	 * @param index the position
	 * @return the number
	 */
	public int intArg(int index) {
		try {
			return PyValues.toInt(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a float (an int is accepted).
	 * @param index the position
	 * @return the number
	 */
	public double doubleArg(int index) {
		try {
			return PyValues.toDouble(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a flag; Python sends these as bool or int.
	 * @param index the position
	 * @return the truth value
	 */
	public boolean booleanArg(int index) {
		try {
			return PyValues.toBoolean(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a tuple or list.
	 * @param index the position
	 * @return the items
	 */
	public List<@Nullable Object> listArg(int index) {
		try {
			return PyValues.toList(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	/**
	 * Reads an argument as a dict.
	 * @param index the position
	 * @return the entries in wire order
	 */
	public Map<Object, @Nullable Object> mapArg(int index) {
		try {
			return PyValues.toMap(arg(index));
		}
		catch (ZeoProtocolException ex) {
			throw wrongArgument(index, ex);
		}
	}

	private void checkIndex(int index) {
		if (index < 0 || index >= this.args.size()) {
			throw new ZeoProtocolException(
					this.method + " takes an argument at position " + index + " but got " + this.args.size());
		}
	}

	private ZeoProtocolException wrongArgument(int index, ZeoProtocolException cause) {
		return new ZeoProtocolException("Argument " + index + " of " + this.method + ": " + cause.getMessage(), cause);
	}

	@Override
	public String toString() {
		return "ZeoCall[" + PyValues.repr(this.msgid) + (this.async ? ", async " : ", ") + this.method
				+ PyValues.repr(Tuple.copyOf(this.args)) + "]";
	}

}
