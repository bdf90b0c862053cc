package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a storage's {@code <file>.lock}, compatible with zc.lockfile (which Python ZODB
 * uses): an {@code flock(LOCK_EX | LOCK_NB)} on the file, whose content then becomes
 * {@code " <pid>;<host>\n"}. The file is left behind on release, as zc.lockfile does.
 *
 * <p>{@code flock} is called through JNA because Java's own file locks are POSIX record locks, which
 * Linux keeps apart from {@code flock} locks. Where JNA or {@code flock} is not available, the lock falls
 * back to {@link FileChannel#tryLock()}, which other Java processes see but Python may not.
 */
final class LockFile implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LockFile.class);

	private static final int O_RDWR = 2;

	private static final int LOCK_EX = 2;

	private static final int LOCK_NB = 4;

	private static final int LOCK_UN = 8;

	private final Path path;

	private final int fd;

	private final @Nullable FileChannel channel;

	private final @Nullable FileLock javaLock;

	private LockFile(Path path, int fd, @Nullable FileChannel channel, @Nullable FileLock javaLock) {
		this.path = path;
		this.fd = fd;
		this.channel = channel;
		this.javaLock = javaLock;
	}

	/**
	 * Takes the lock without waiting.
	 * @param path the lock file, created if missing
	 * @return the held lock
	 * @throws FileStorageLockedError if another process (or another storage in this one) holds it
	 */
	static LockFile acquire(Path path) {
		try {
			if (!Files.exists(path)) {
				Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create lock file " + path, ex);
		}
		CLibrary libc = NativeFlock.library();
		if (libc != null) {
			LockFile lock = acquireWithFlock(libc, path);
			if (lock != null) {
				return lock;
			}
		}
		return acquireWithJavaLock(path);
	}

	private static @Nullable LockFile acquireWithFlock(CLibrary libc, Path path) {
		int fd;
		try {
			fd = libc.open(path.toString(), O_RDWR, 0);
		}
		catch (LastErrorException ex) {
			logger.debug("Could not open {} natively (errno {}), using a Java file lock", path, ex.getErrorCode());
			return null;
		}
		try {
			libc.flock(fd, LOCK_EX | LOCK_NB);
		}
		catch (LastErrorException ex) {
			closeQuietly(libc, fd);
			if (ex.getErrorCode() == NativeFlock.ewouldblock()) {
				throw new FileStorageLockedError(path.toString(), readHolder(path));
			}
			logger.debug("flock on {} failed (errno {}), using a Java file lock", path, ex.getErrorCode());
			return null;
		}
		try {
			byte[] content = content();
			libc.pwrite(fd, content, content.length, 0);
			libc.ftruncate(fd, content.length);
		}
		catch (LastErrorException ex) {
			logger.warn("Could not write the pid to lock file {} (errno {})", path, ex.getErrorCode());
		}
		return new LockFile(path, fd, null, null);
	}

	static LockFile acquireWithJavaLock(Path path) {
		FileChannel channel = null;
		try {
			channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				throw new FileStorageLockedError(path.toString(), readHolder(path));
			}
			ByteBuffer content = ByteBuffer.wrap(content());
			int length = content.remaining();
			FileStorageFormat.writeFully(channel, content, 0);
			channel.truncate(length);
			return new LockFile(path, -1, channel, lock);
		}
		catch (IOException ex) {
			if (channel != null) {
				try {
					channel.close();
				}
				catch (IOException closeFailure) {
					ex.addSuppressed(closeFailure);
				}
			}
			throw new UncheckedIOException("Could not lock " + path, ex);
		}
	}

	/**
	 * Reads what a lock file says about its holder.
	 * @param path the lock file
	 * @return the content without surrounding blanks, or {@code null} if unreadable
	 */
	static @Nullable String readHolder(Path path) {
		try {
			return new String(Files.readAllBytes(path), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static byte[] content() {
		return (" " + ProcessHandle.current().pid() + ";" + hostName() + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	/** @return the lock file's path */
	Path path() {
		return this.path;
	}

	/** @return whether the lock is an flock (seen by Python) rather than a Java file lock */
	boolean isFlock() {
		return this.fd >= 0;
	}

	/**
	 * Releases the lock; the file stays.
	 */
	@Override
	public void close() {
		if (this.fd >= 0) {
			CLibrary libc = NativeFlock.library();
			if (libc != null) {
				try {
					libc.flock(this.fd, LOCK_UN);
				}
				catch (LastErrorException ex) {
					logger.warn("Could not unlock {} (errno {})", this.path, ex.getErrorCode());
				}
				closeQuietly(libc, this.fd);
			}
			return;
		}
		try {
			if (this.javaLock != null) {
				this.javaLock.release();
			}
			if (this.channel != null) {
				this.channel.close();
			}
		}
		catch (IOException ex) {
			logger.warn("Could not release lock file {}", this.path, ex);
		}
	}

	private static void closeQuietly(CLibrary libc, int fd) {
		try {
			libc.close(fd);
		}
		catch (LastErrorException ex) {
			logger.debug("Could not close lock file descriptor {} (errno {})", fd, ex.getErrorCode());
		}
	}

	/**
	 * The few C library calls the lock needs.
	 */
	interface CLibrary extends Library {

		int open(String path, int flags, int mode) throws LastErrorException;

		int flock(int fd, int operation) throws LastErrorException;

		long pwrite(int fd, byte[] buffer, long count, long offset) throws LastErrorException;

		int ftruncate(int fd, long length) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

	/**
	 * Loads the C library once, if JNA works on this platform.
	 */
	private static final class NativeFlock {

		private static final @Nullable CLibrary LIBRARY = load();

		private static @Nullable CLibrary load() {
			if (Platform.isWindows()) {
				return null;
			}
			try {
				return Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
			}
			catch (Throwable ex) {
				logger.info("flock through JNA is not available ({}); lock files use Java file locks", ex.toString());
				return null;
			}
		}

		static @Nullable CLibrary library() {
			return LIBRARY;
		}

		static int ewouldblock() {
			return Platform.isMac() || Platform.isFreeBSD() || Platform.isOpenBSD() ? 35 : 11;
		}

	}

}
