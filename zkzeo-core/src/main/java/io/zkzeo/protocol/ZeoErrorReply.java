package io.zkzeo.protocol;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The error reply to a synchronous call: {@code (msgid, 2, ".reply", (class_name, payload))}, where
 * {@code class_name} is the Python exception's {@code module.Class} and {@code payload} its {@code __dict__} (a
 * dict) if that is not empty, else its {@code args} (a tuple). {@link ZeoErrors} converts between these and Java
 * exceptions.
 *
 * @param msgid the msgid of the call this answers
 * @param className the Python exception class, such as {@code ZODB.POSException.ConflictError}
 * @param payload the exception's attributes (a dict) or arguments (a tuple)
 */
public record ZeoErrorReply(Object msgid, String className, @Nullable Object payload) implements ZeoMessage {

	/**
	 * Creates an error reply.
	 * @param msgid the msgid of the call this answers
	 * @param className the Python exception class
	 * @param payload the exception's attributes or arguments
	 */
	public ZeoErrorReply {
		Objects.requireNonNull(msgid, "'msgid' must not be null");
		Objects.requireNonNull(className, "'className' must not be null");
	}

	/**
	 * Creates the error reply a Python server would send for an exception.
	 * @param msgid the msgid of the call this answers
	 * @param error the exception
	 * @return the error reply
	 */
	public static ZeoErrorReply of(Object msgid, Throwable error) {
		ZeoErrors.RemoteError remote = ZeoErrors.toRemote(error);
		return new ZeoErrorReply(msgid, remote.className(), remote.payload());
	}

	/**
	 * Returns the Java exception for this error, as {@link ZeoErrors#toException} does.
	 * @param storageName the storage the call was made on, used in messages of errors that carry no text
	 * @return the exception, to be thrown by the caller
	 */
	public RuntimeException toException(String storageName) {
		return ZeoErrors.toException(this.className, this.payload, storageName);
	}

	@Override
	public String toString() {
		return "ZeoErrorReply[" + PyValues.repr(this.msgid) + ", " + this.className + ", "
				+ PyValues.repr(this.payload) + "]";
	}

}
