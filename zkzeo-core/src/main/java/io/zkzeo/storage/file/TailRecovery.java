package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals with a torn tail found at open, as ZODB does: a read-write storage saves the bytes after the last
 * complete transaction to {@code <file>.trN} (the first free N) and truncates them; a read-only one just
 * ignores them.
 */
final class TailRecovery {

	private static final Logger logger = LoggerFactory.getLogger(TailRecovery.class);

	private final FileChannel channel;

	private final Path path;

	private final String name;

	TailRecovery(FileChannel channel, Path path, String name) {
		this.channel = channel;
		this.path = path;
		this.name = name;
	}

	/**
	 * Recovers from the torn tail a scan found.
	 * @param scan the scan, whose end is the end of the last complete transaction
	 * @param readOnly whether to leave the file alone
	 */
	void recover(FileScanner.ScanResult scan, boolean readOnly) {
		long size;
		try {
			size = this.channel.size();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the size of " + this.name, ex);
		}
		if (readOnly) {
			logger.warn("Ignoring torn tail of read-only storage {}: bytes [{}, {}) ({})", this.name, scan.end(), size,
					scan.tornReason());
			return;
		}
		Path saved = saveTail(scan.end(), size);
		try {
			this.channel.truncate(scan.end());
			this.channel.force(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not truncate the torn tail of " + this.name, ex);
		}
		logger.warn("Truncated torn tail of storage {}: bytes [{}, {}) ({}), saved to {}", this.name, scan.end(), size,
				scan.tornReason(), saved);
	}

	private Path saveTail(long from, long size) {
		for (int n = 0;; n++) {
			Path target = this.path.resolveSibling(this.path.getFileName() + ".tr" + n);
			if (Files.exists(target)) {
				continue;
			}
			try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
				long copied = 0;
				while (copied < size - from) {
					copied += this.channel.transferTo(from + copied, size - from - copied, out);
				}
				out.force(true);
				return target;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not save the torn tail of " + this.name + " to " + target, ex);
			}
		}
	}

}
