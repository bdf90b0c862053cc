package io.zkzeo.storage.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Constants and low-level helpers of the {@code Data.fs} layout shared by the format classes.
 */
public final class FileStorageFormat {

	/** The magic ZODB on Python 3 writes and expects. */
	public static final byte[] MAGIC_FS30 = { 'F', 'S', '3', '0' };

	/** The magic ZODB on Python 2 wrote; read but not written by default. */
	public static final byte[] MAGIC_FS21 = { 'F', 'S', '2', '1' };

	/** Length of the magic, and so the position of the first transaction. */
	public static final int MAGIC_LENGTH = 4;

	/** Length of a transaction header before user, description and extension. */
	public static final int TRANSACTION_HEADER_LENGTH = 23;

	/** Length of a data record header. */
	public static final int DATA_HEADER_LENGTH = 42;

	/** Length of the redundant transaction length after each transaction. */
	public static final int REDUNDANT_LENGTH_SIZE = 8;

	/** Length of the back pointer that follows a data header with no payload. */
	public static final int BACK_POINTER_SIZE = 8;

	/** Largest user, description or extension length (an unsigned 16-bit field). */
	public static final int MAX_FIELD_LENGTH = 0xFFFF;

	/** Status of a committed transaction. */
	public static final byte STATUS_COMMITTED = ' ';

	/** Status of a transaction written or rewritten by pack. */
	public static final byte STATUS_PACKED = 'p';

	/** Status of a transaction that was voted but not finished (the in-progress last transaction). */
	public static final byte STATUS_CHECKPOINT = 'c';

	/** Obsolete status of an undone transaction; its records are skipped. */
	public static final byte STATUS_UNDONE = 'u';

	private FileStorageFormat() {
	}

	/**
	 * Whether the bytes are one of the magics this implementation reads.
	 * @param magic the first four bytes of a file
	 * @return {@code true} for {@code FS30} and {@code FS21}
	 */
	public static boolean isKnownMagic(byte[] magic) {
		return Arrays.equals(magic, MAGIC_FS30) || Arrays.equals(magic, MAGIC_FS21);
	}

	/**
	 * Reads the magic at the start of a file.
	 * @param channel the file
	 * @return the four bytes
	 * @throws FileStorageFormatError if the file is shorter than the magic or the magic is unknown
	 */
	public static byte[] readMagic(FileChannel channel) {
		ByteBuffer buffer = ByteBuffer.allocate(MAGIC_LENGTH);
		try {
			readFully(channel, buffer, 0);
		}
		catch (EOFException ex) {
			throw new FileStorageFormatError("File is shorter than its magic", 0, ex);
		}
		catch (IOException ex) {
			throw new FileStorageFormatError("Could not read the magic", 0, ex);
		}
		byte[] magic = buffer.array();
		if (!isKnownMagic(magic)) {
			throw new FileStorageFormatError("Invalid file magic " + printable(magic) + " (expected FS30 or FS21)", 0);
		}
		return magic;
	}

	/**
	 * Fills a buffer from a channel at a position, positional and so safe for concurrent readers.
	 * @param channel the file
	 * @param buffer the buffer to fill up to its limit
	 * @param position where to read
	 * @throws EOFException if the file ends first
	 * @throws IOException if reading fails
	 */
	public static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, at);
			if (read < 0) {
				throw new EOFException("End of file at " + at);
			}
			at += read;
		}
	}

	/**
	 * Writes a whole buffer to a channel at a position.
	 * @param channel the file
	 * @param buffer the bytes up to the buffer's limit
	 * @param position where to write
	 * @throws IOException if writing fails
	 */
	public static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			at += channel.write(buffer, at);
		}
	}

	/**
	 * Reads a number of bytes at a position.
	 * @param channel the file
	 * @param position where to read
	 * @param length how many bytes
	 * @return the bytes
	 * @throws FileStorageFormatError if the file ends first or reading fails
	 */
	public static byte[] readBytes(FileChannel channel, long position, int length) {
		byte[] bytes = new byte[length];
		if (length == 0) {
			return bytes;
		}
		try {
			readFully(channel, ByteBuffer.wrap(bytes), position);
		}
		catch (EOFException ex) {
			throw new FileStorageFormatError("File ends inside " + length + " bytes", position, ex);
		}
		catch (IOException ex) {
			throw new FileStorageFormatError("Could not read " + length + " bytes", position, ex);
		}
		return bytes;
	}

	/**
	 * Reads an unsigned 64-bit big-endian number at a position.
	 * @param channel the file
	 * @param position where to read
	 * @return the number
	 * @throws FileStorageFormatError if the file ends first or reading fails
	 */
	public static long readLong(FileChannel channel, long position) {
		return ByteBuffer.wrap(readBytes(channel, position, 8)).getLong();
	}

	static String printable(byte[] bytes) {
		StringBuilder text = new StringBuilder("'");
		for (byte b : bytes) {
			if (b >= 0x20 && b < 0x7F) {
				text.append((char) b);
			}
			else {
				text.append(String.format("\\x%02x", b & 0xFF));
			}
		}
		return text.append('\'').toString();
	}

}
