package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Walks a {@code Data.fs} file transaction by transaction and record by record, reporting positions and
 * raw header fields without interpreting them, for command-line tools such as fsdump and fstest.
 *
 * <p>The walker checks only what it needs to move on: a transaction header must be complete, and a data
 * record must lie inside its transaction. Every other check (tid order, status, {@code tloc}, redundant
 * lengths) is left to the caller, which sees every field. Not thread-safe.
 *
 * <pre>
 * try (FileWalker walker = FileWalker.open(path)) {
 * 	for (TransactionHeader txn = walker.next(); txn != null; txn = walker.next()) {
 * 		for (DataRecordHeader record : walker.records(txn)) { ... }
 * 	}
 * }
 * </pre>
 */
public final class FileWalker implements AutoCloseable {

	private final FileChannel channel;

	private final boolean ownsChannel;

	private final byte[] magic;

	private long position = FileStorageFormat.MAGIC_LENGTH;

	private FileWalker(FileChannel channel, boolean ownsChannel) {
		this.channel = channel;
		this.ownsChannel = ownsChannel;
		this.magic = FileStorageFormat.readMagic(channel);
	}

	/**
	 * Opens a file for walking, read-only.
	 * @param path the file
	 * @return the walker, positioned at the first transaction
	 * @throws FileStorageFormatError if the magic is missing or unknown
	 * @throws UncheckedIOException if the file cannot be opened
	 */
	public static FileWalker open(Path path) {
		FileChannel channel;
		try {
			channel = FileChannel.open(path, StandardOpenOption.READ);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open " + path, ex);
		}
		try {
			return new FileWalker(channel, true);
		}
		catch (RuntimeException ex) {
			try {
				channel.close();
			}
			catch (IOException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	/**
	 * Walks an open channel, which the walker does not close.
	 * @param channel the file
	 * @return the walker, positioned at the first transaction
	 */
	public static FileWalker of(FileChannel channel) {
		return new FileWalker(channel, false);
	}

	/** @return the file's magic, {@code FS30} or {@code FS21} */
	public byte[] magic() {
		return this.magic.clone();
	}

	/** @return the file's size now */
	public long size() {
		try {
			return this.channel.size();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return where the next transaction is expected */
	public long position() {
		return this.position;
	}

	/**
	 * Moves to a position, which must be the start of a transaction.
	 * @param position the position
	 */
	public void seek(long position) {
		this.position = position;
	}

	/** @return the channel walked, for reading user, description, extension and payloads */
	public FileChannel channel() {
		return this.channel;
	}

	/**
	 * Reads the next transaction header and moves past the transaction (by its {@code tlen}).
	 * @return the header, or {@code null} at the exact end of the file
	 * @throws FileStorageFormatError if fewer than 23 bytes are left
	 */
	public @Nullable TransactionHeader next() {
		if (this.position >= size()) {
			return null;
		}
		TransactionHeader header = TransactionHeader.read(this.channel, this.position);
		this.position = header.nextPosition();
		return header;
	}

	/**
	 * Reads the data records of a transaction in file order.
	 * @param transaction the transaction
	 * @return the record headers, back pointers included
	 * @throws FileStorageFormatError if a record is truncated or runs past the transaction's end
	 */
	public List<DataRecordHeader> records(TransactionHeader transaction) {
		List<DataRecordHeader> records = new ArrayList<>();
		long end = transaction.recordsEnd();
		long at = transaction.firstRecordPosition();
		while (at < end) {
			if (at + FileStorageFormat.DATA_HEADER_LENGTH > end) {
				throw new FileStorageFormatError("Data record header runs past the end of transaction "
						+ transaction.position(), at);
			}
			DataRecordHeader record = DataRecordHeader.read(this.channel, at);
			if (record.nextPosition() > end) {
				throw new FileStorageFormatError("Data record runs past the end of transaction "
						+ transaction.position(), at);
			}
			records.add(record);
			at = record.nextPosition();
		}
		return records;
	}

	@Override
	public void close() {
		if (this.ownsChannel) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
