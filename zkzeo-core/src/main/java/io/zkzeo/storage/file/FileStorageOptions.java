package io.zkzeo.storage.file;

import org.jspecify.annotations.Nullable;

/**
 * Immutable options of a {@link FileStorage}; start from {@link #defaults()} and change with the
 * {@code withX} methods.
 */
public final class FileStorageOptions {

	/** The default size of the cache of records written lately: 16 MiB. */
	public static final long DEFAULT_RECORD_CACHE_SIZE = 16L * 1024 * 1024;

	private static final FileStorageOptions DEFAULTS = new FileStorageOptions(false, true, true, true, null,
			DEFAULT_RECORD_CACHE_SIZE);

	private final boolean readOnly;

	private final boolean fsync;

	private final boolean keepOldOnPack;

	private final boolean indexSnapshot;

	private final @Nullable String name;

	private final long recordCacheSize;

	private FileStorageOptions(boolean readOnly, boolean fsync, boolean keepOldOnPack, boolean indexSnapshot,
			@Nullable String name, long recordCacheSize) {
		if (recordCacheSize < 0) {
			throw new IllegalArgumentException("'recordCacheSize' must not be negative, not " + recordCacheSize);
		}
		this.readOnly = readOnly;
		this.fsync = fsync;
		this.keepOldOnPack = keepOldOnPack;
		this.indexSnapshot = indexSnapshot;
		this.name = name;
		this.recordCacheSize = recordCacheSize;
	}

	/**
	 * Returns the defaults: read-write, fsync on every commit, keep {@code Data.fs.old} after pack, use and
	 * write the index snapshot, name taken from the file, a {@link #DEFAULT_RECORD_CACHE_SIZE} cache of records
	 * written lately.
	 * @return the default options
	 */
	public static FileStorageOptions defaults() {
		return DEFAULTS;
	}

	/** @return whether the storage refuses writes and takes no lock */
	public boolean readOnly() {
		return this.readOnly;
	}

	/** @return whether each commit is forced to disk before it returns */
	public boolean fsync() {
		return this.fsync;
	}

	/** @return whether pack keeps the previous file as {@code <file>.old} */
	public boolean keepOldOnPack() {
		return this.keepOldOnPack;
	}

	/** @return whether the index snapshot file is read at open and written at close */
	public boolean indexSnapshot() {
		return this.indexSnapshot;
	}

	/** @return the storage name for messages, or {@code null} for the file's path */
	public @Nullable String name() {
		return this.name;
	}

	/**
	 * Returns how many bytes of the records it wrote lately the storage keeps in memory, so that
	 * loads of current revisions and the serial checks of stores need not read the file.
	 * @return bytes, 0 for no cache
	 */
	public long recordCacheSize() {
		return this.recordCacheSize;
	}

	/**
	 * Returns options with another size of the cache of records written lately.
	 * @param recordCacheSize bytes of record data to keep (at most 1 GiB are used), 0 for none
	 * @return the new options
	 */
	public FileStorageOptions withRecordCacheSize(long recordCacheSize) {
		return new FileStorageOptions(this.readOnly, this.fsync, this.keepOldOnPack, this.indexSnapshot, this.name,
				recordCacheSize);
	}

	/**
	 * Returns options with the read-only flag set.
	 * @param readOnly whether writes are refused
	 * @return the new options
	 */
	public FileStorageOptions withReadOnly(boolean readOnly) {
		return new FileStorageOptions(readOnly, this.fsync, this.keepOldOnPack, this.indexSnapshot, this.name,
				this.recordCacheSize);
	}

	/**
	 * Returns options with fsync on commit switched. Without it a commit that returned survives a process
	 * crash but not an operating system crash or power loss.
	 * @param fsync whether to force each commit to disk
	 * @return the new options
	 */
	public FileStorageOptions withFsync(boolean fsync) {
		return new FileStorageOptions(this.readOnly, fsync, this.keepOldOnPack, this.indexSnapshot, this.name,
				this.recordCacheSize);
	}

	/**
	 * Returns options saying whether pack keeps the previous file.
	 * @param keepOldOnPack whether to keep {@code <file>.old}
	 * @return the new options
	 */
	public FileStorageOptions withKeepOldOnPack(boolean keepOldOnPack) {
		return new FileStorageOptions(this.readOnly, this.fsync, keepOldOnPack, this.indexSnapshot, this.name,
				this.recordCacheSize);
	}

	/**
	 * Returns options saying whether to use the index snapshot file.
	 * @param indexSnapshot whether to read it at open and write it at close
	 * @return the new options
	 */
	public FileStorageOptions withIndexSnapshot(boolean indexSnapshot) {
		return new FileStorageOptions(this.readOnly, this.fsync, this.keepOldOnPack, indexSnapshot, this.name,
				this.recordCacheSize);
	}

	/**
	 * Returns options with a storage name.
	 * @param name the name for messages
	 * @return the new options
	 */
	public FileStorageOptions withName(@Nullable String name) {
		return new FileStorageOptions(this.readOnly, this.fsync, this.keepOldOnPack, this.indexSnapshot, name,
				this.recordCacheSize);
	}

	@Override
	public String toString() {
		return "FileStorageOptions[readOnly=" + this.readOnly + ", fsync=" + this.fsync + ", keepOldOnPack="
				+ this.keepOldOnPack + ", indexSnapshot=" + this.indexSnapshot + ", name=" + this.name
				+ ", recordCacheSize=" + this.recordCacheSize + "]";
	}

}
