package io.zkzeo.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Fired through the pipeline (as a user event, to the handlers after the ZEO handlers) when the protocol
 * handshake of a connection has succeeded or failed. After a success the pipeline decodes and encodes
 * {@link ZeoMessage}s in the agreed encoding; after a failure the connection is being closed.
 *
 * @param protocol the agreed protocol, or {@code null} if the handshake failed
 * @param cause why the handshake failed, or {@code null} if it succeeded
 */
public record ZeoHandshakeCompletionEvent(@Nullable ProtocolId protocol, @Nullable Throwable cause) {

	/**
	 * Returns the event for a successful handshake.
	 * @param protocol the agreed protocol
	 * @return the event
	 */
	public static ZeoHandshakeCompletionEvent success(ProtocolId protocol) {
		return new ZeoHandshakeCompletionEvent(protocol, null);
	}

	/**
	 * Returns the event for a failed handshake.
	 * @param cause why it failed
	 * @return the event
	 */
	public static ZeoHandshakeCompletionEvent failure(Throwable cause) {
		return new ZeoHandshakeCompletionEvent(null, cause);
	}

	/**
	 * Whether the handshake succeeded.
	 * @return {@code true} on success
	 */
	public boolean isSuccess() {
		return this.cause == null;
	}

}
