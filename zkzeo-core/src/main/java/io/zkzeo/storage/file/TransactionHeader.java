package io.zkzeo.storage.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import io.zkzeo.storage.Tid;

/**
 * The 23-byte header of a transaction record (struct {@code >8sQcHHH}): tid, length, status and the
 * lengths of the user, description and extension fields that follow it.
 *
 * <p>The transaction occupies {@code [position, position + tlen + 8)}: the header, user, description,
 * extension, the data records up to {@code position + tlen}, then the redundant length (equal to
 * {@code tlen}).
 *
 * @param position where the header starts in the file
 * @param tid the transaction id as an unsigned 64-bit number
 * @param tlen the transaction's length without the trailing redundant length
 * @param status the status byte ({@code ' '}, {@code 'p'}, {@code 'c'} or {@code 'u'})
 * @param ulen the user length
 * @param dlen the description length
 * @param elen the extension length
 */
public record TransactionHeader(long position, long tid, long tlen, byte status, int ulen, int dlen, int elen) {

	/**
	 * Reads the header at a position.
	 * @param channel the file
	 * @param position where the header starts
	 * @return the header
	 * @throws FileStorageFormatError if fewer than 23 bytes are left or reading fails
	 */
	public static TransactionHeader read(FileChannel channel, long position) {
		ByteBuffer buffer = ByteBuffer.allocate(FileStorageFormat.TRANSACTION_HEADER_LENGTH);
		try {
			FileStorageFormat.readFully(channel, buffer, position);
		}
		catch (EOFException ex) {
			throw new FileStorageFormatError("Transaction header truncated", position, ex);
		}
		catch (IOException ex) {
			throw new FileStorageFormatError("Could not read transaction header", position, ex);
		}
		buffer.flip();
		return decode(buffer, position);
	}

	/**
	 * Decodes a header from the next 23 bytes of a buffer.
	 * @param buffer the bytes, advanced past the header
	 * @param position where the header is in the file
	 * @return the header
	 */
	public static TransactionHeader decode(ByteBuffer buffer, long position) {
		long tid = buffer.getLong();
		long tlen = buffer.getLong();
		byte status = buffer.get();
		int ulen = buffer.getShort() & 0xFFFF;
		int dlen = buffer.getShort() & 0xFFFF;
		int elen = buffer.getShort() & 0xFFFF;
		return new TransactionHeader(position, tid, tlen, status, ulen, dlen, elen);
	}

	/**
	 * Writes a header's 23 bytes.
	 * @param buffer where to write
	 * @param tid the transaction id
	 * @param tlen the transaction length without the redundant length
	 * @param status the status byte
	 * @param ulen the user length
	 * @param dlen the description length
	 * @param elen the extension length
	 */
	public static void encode(ByteBuffer buffer, long tid, long tlen, byte status, int ulen, int dlen, int elen) {
		buffer.putLong(tid).putLong(tlen).put(status);
		buffer.putShort((short) ulen).putShort((short) dlen).putShort((short) elen);
	}

	/** @return the transaction id */
	public Tid transactionId() {
		return Tid.of(this.tid);
	}

	/** @return the status as a character */
	public char statusChar() {
		return (char) (this.status & 0xFF);
	}

	/** @return the length of the header with user, description and extension */
	public long headerLength() {
		return FileStorageFormat.TRANSACTION_HEADER_LENGTH + (long) this.ulen + this.dlen + this.elen;
	}

	/** @return where the user bytes start */
	public long userPosition() {
		return this.position + FileStorageFormat.TRANSACTION_HEADER_LENGTH;
	}

	/** @return where the description bytes start */
	public long descriptionPosition() {
		return userPosition() + this.ulen;
	}

	/** @return where the extension bytes start */
	public long extensionPosition() {
		return descriptionPosition() + this.dlen;
	}

	/** @return where the first data record starts */
	public long firstRecordPosition() {
		return this.position + headerLength();
	}

	/** @return the end of the data records, which is where the redundant length is */
	public long recordsEnd() {
		return this.position + this.tlen;
	}

	/** @return where the next transaction starts */
	public long nextPosition() {
		return this.position + this.tlen + FileStorageFormat.REDUNDANT_LENGTH_SIZE;
	}

	/** @return whether {@code tlen} leaves room for the header's own fields */
	public boolean isLengthConsistent() {
		return this.tlen >= headerLength();
	}

	/**
	 * Reads the user bytes.
	 * @param channel the file
	 * @return the user
	 */
	public byte[] readUser(FileChannel channel) {
		return FileStorageFormat.readBytes(channel, userPosition(), this.ulen);
	}

	/**
	 * Reads the description bytes.
	 * @param channel the file
	 * @return the description
	 */
	public byte[] readDescription(FileChannel channel) {
		return FileStorageFormat.readBytes(channel, descriptionPosition(), this.dlen);
	}

	/**
	 * Reads the extension bytes (a pickled dict, or empty).
	 * @param channel the file
	 * @return the extension
	 */
	public byte[] readExtension(FileChannel channel) {
		return FileStorageFormat.readBytes(channel, extensionPosition(), this.elen);
	}

	/**
	 * Reads the redundant length that ends the transaction.
	 * @param channel the file
	 * @return the redundant length, which should equal {@link #tlen()}
	 */
	public long readRedundantLength(FileChannel channel) {
		return FileStorageFormat.readLong(channel, recordsEnd());
	}

	@Override
	public String toString() {
		return "TransactionHeader[position=" + this.position + ", tid=" + Tid.of(this.tid) + ", tlen=" + this.tlen
				+ ", status='" + statusChar() + "', ulen=" + this.ulen + ", dlen=" + this.dlen + ", elen=" + this.elen
				+ "]";
	}

}
