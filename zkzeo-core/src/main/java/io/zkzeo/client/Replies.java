package io.zkzeo.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.storage.StorageError;

/**
 * Waits for replies on behalf of the calling thread and rethrows what the server answered.
 */
final class Replies {

	private Replies() {
	}

	/**
	 * Waits for a reply without a time limit: a lost connection fails it with
	 * {@link ClientDisconnectedException}, and a server may rightly take long (a vote queued for the commit lock).
	 * @param reply the pending reply
	 * @return its value
	 */
	static <T> T await(CompletableFuture<T> reply) {
		try {
			return reply.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = Objects.requireNonNull(ex.getCause());
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new StorageError("ZEO call failed: " + cause, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClientDisconnectedException("Interrupted while waiting for a ZEO server's reply");
		}
	}

}
