package io.zkzeo.zookeeper;

import org.jspecify.annotations.Nullable;

/**
 * A ZooKeeper operation of zkzeo failed.
 */
public class ZkException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what failed, naming the connect string and path
	 * @param cause the underlying failure, or {@code null}
	 */
	public ZkException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
