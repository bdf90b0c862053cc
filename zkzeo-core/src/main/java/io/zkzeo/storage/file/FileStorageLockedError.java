package io.zkzeo.storage.file;

import io.zkzeo.storage.StorageError;
import org.jspecify.annotations.Nullable;

/**
 * Another process holds the lock file of a storage opened read-write (zc.lockfile's {@code LockError}).
 */
public class FileStorageLockedError extends StorageError {

	private static final long serialVersionUID = 1L;

	private final String holder;

	/**
	 * Creates the error.
	 * @param lockFile the lock file
	 * @param holder what the lock file says about its holder ({@code pid} or {@code pid;host}), if anything
	 */
	public FileStorageLockedError(String lockFile, @Nullable String holder) {
		super("Could not lock " + lockFile + ": it is held by " + describe(holder));
		this.holder = (holder != null) ? holder : "";
	}

	private static String describe(@Nullable String holder) {
		if (holder == null || holder.isBlank()) {
			return "another process (no pid recorded)";
		}
		String[] parts = holder.strip().split(";", 2);
		return "pid " + parts[0] + ((parts.length > 1) ? " on host " + parts[1] : "");
	}

	/** @return the holder as the lock file records it, empty if unknown */
	public String getHolder() {
		return this.holder;
	}

}
