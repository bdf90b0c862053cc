package io.zkzeo.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * The normal reply to a synchronous call: {@code (msgid, 0, ".reply", value)}. The value is the method's return
 * value itself, not wrapped.
 *
 * <p>The Python client also sends a reply with msgid {@code -1} and value {@code None} every 60 seconds as a
 * heartbeat ({@link #heartbeat()}); a server ignores it.
 *
 * @param msgid the msgid of the call this answers
 * @param value the return value
 */
public record ZeoReply(Object msgid, @Nullable Object value) implements ZeoMessage {

	private static final ZeoReply HEARTBEAT = new ZeoReply(HEARTBEAT_MSGID, null);

	/**
	 * Creates a reply.
	 * @param msgid the msgid of the call this answers
	 * @param value the return value
	 */
	public ZeoReply {
		Objects.requireNonNull(msgid, "'msgid' must not be null");
	}

	/**
	 * Returns the heartbeat message {@code (-1, 0, ".reply", None)}.
	 * @return the heartbeat
	 */
	public static ZeoReply heartbeat() {
		return HEARTBEAT;
	}

	/**
	 * Reads the value as a tid.
	 * @return the tid
	 */
	public Tid tidValue() {
		return PyValues.toTid(this.value);
	}

	/**
	 * Reads the value as a tid that may be {@code None}.
	 * @return the tid, or {@code null}
	 */
	public @Nullable Tid nullableTidValue() {
		return PyValues.toNullableTid(this.value);
	}

	/**
	 * Reads the value as an oid.
	 * @return the oid
	 */
	public Oid oidValue() {
		return PyValues.toOid(this.value);
	}

	/**
	 * Reads the value as bytes.
	 * @return the bytes
	 */
	public byte[] bytesValue() {
		return PyValues.toBytes(this.value);
	}

	/**
	 * Reads the value as a 64-bit int.
	 * @return the number
	 */
	public long longValue() {
		return PyValues.toLong(this.value);
	}

	/**
	 * Reads the value as a tuple or list.
	 * @return the items
	 */
	public List<@Nullable Object> listValue() {
		return PyValues.toList(this.value);
	}

	/**
	 * Reads the value as a dict.
	 * @return the entries in wire order
	 */
	public Map<Object, @Nullable Object> mapValue() {
		return PyValues.toMap(this.value);
	}

	@Override
	public String toString() {
		return "ZeoReply[" + PyValues.repr(this.msgid) + ", " + PyValues.repr(this.value) + "]";
	}

}
