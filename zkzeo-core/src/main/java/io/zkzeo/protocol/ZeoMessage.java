package io.zkzeo.protocol;

/**
 * One ZEO 5 message: the 4-element sequence {@code (msgid, flags, name, args)} of every frame after the
 * handshake.
 *
 * <p>The three kinds map onto the wire as Python ZEO writes them, so that re-encoding a decoded frame gives the same
 * bytes: a {@link ZeoCall} has the flag {@code False} (synchronous) or {@code True} (asynchronous) and a method
 * name; a {@link ZeoReply} has the flag {@code 0} and the name {@code ".reply"}; a {@link ZeoErrorReply} has the flag
 * {@code 2}, the name {@code ".reply"} and {@code (class_name, payload)} as its value.
 */
public sealed interface ZeoMessage permits ZeoCall, ZeoReply, ZeoErrorReply {

	/** The name that marks a reply. */
	String REPLY = ".reply";

	/** The message id of a heartbeat, which a server ignores. */
	long HEARTBEAT_MSGID = -1;

	/**
	 * Returns the message id. It is normally a {@link Long}; Python clients use the {@code (oid, tid)}
	 * {@link Tuple} for {@code loadBefore}. A reply carries its call's id unchanged.
	 * @return the message id
	 */
	Object msgid();

	/**
	 * Returns the message id as a number.
	 * @return the id
	 * @throws ZeoProtocolException if the id is not an int
	 */
	default long msgidAsLong() {
		return PyValues.toLong(msgid());
	}

	/**
	 * Whether this is a heartbeat: a message with msgid {@code -1}, which a server ignores before looking at
	 * anything else (the Python client sends {@code (-1, 0, ".reply", None)} every 60 seconds).
	 * @return {@code true} for a heartbeat
	 */
	default boolean isHeartbeat() {
		return msgid() instanceof Long id && id == HEARTBEAT_MSGID;
	}

}
