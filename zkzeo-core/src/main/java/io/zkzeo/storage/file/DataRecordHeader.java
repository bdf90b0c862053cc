package io.zkzeo.storage.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;

/**
 * The 42-byte header of a data record (struct {@code >8s8sQQHQ}) with its back pointer when it has no
 * payload.
 *
 * <p>A record with {@code plen > 0} is followed by its payload (the object record). A record with
 * {@code plen == 0} is followed by an 8-byte back pointer: the position of an earlier record of the same
 * object holding the data, or 0 when the object does not exist in this revision (an undone creation).
 * Legacy records with a version ({@code vlen > 0}) carry 16 more bytes and the version name before the
 * payload; they are described here so tools can skip them, and refused by the storage.
 *
 * @param position where the header starts in the file
 * @param oid the object id
 * @param tid the serial: the tid of the enclosing transaction
 * @param prev the position of the previous record of the object, or 0
 * @param tloc the position of the enclosing transaction header
 * @param vlen the legacy version length, 0 in every file ZODB 5 writes
 * @param plen the payload length, 0 for a back pointer record
 * @param back the back pointer when {@code plen == 0}, otherwise 0
 */
public record DataRecordHeader(long position, long oid, long tid, long prev, long tloc, int vlen, long plen,
		long back) {

	/**
	 * Reads the record header at a position, with its back pointer if it has no payload.
	 * @param channel the file
	 * @param position where the record starts
	 * @return the header
	 * @throws FileStorageFormatError if the file ends first or reading fails
	 */
	public static DataRecordHeader read(FileChannel channel, long position) {
		ByteBuffer buffer = ByteBuffer.allocate(FileStorageFormat.DATA_HEADER_LENGTH);
		try {
			FileStorageFormat.readFully(channel, buffer, position);
			buffer.flip();
			DataRecordHeader header = decode(buffer, position, 0);
			if (header.plen == 0) {
				long back = FileStorageFormat.readLong(channel, header.dataPosition());
				return header.withBack(back);
			}
			return header;
		}
		catch (EOFException ex) {
			throw new FileStorageFormatError("Data record header truncated", position, ex);
		}
		catch (IOException ex) {
			throw new FileStorageFormatError("Could not read data record header", position, ex);
		}
	}

	/**
	 * Decodes a header from the next 42 bytes of a buffer; the back pointer is taken as given.
	 * @param buffer the bytes, advanced past the header
	 * @param position where the record is in the file
	 * @param back the back pointer read separately, or 0
	 * @return the header
	 */
	public static DataRecordHeader decode(ByteBuffer buffer, long position, long back) {
		long oid = buffer.getLong();
		long tid = buffer.getLong();
		long prev = buffer.getLong();
		long tloc = buffer.getLong();
		int vlen = buffer.getShort() & 0xFFFF;
		long plen = buffer.getLong();
		return new DataRecordHeader(position, oid, tid, prev, tloc, vlen, plen, (plen == 0) ? back : 0);
	}

	/**
	 * Writes a record header's 42 bytes (version length 0).
	 * @param buffer where to write
	 * @param oid the object id
	 * @param tid the serial
	 * @param prev the previous record's position, or 0
	 * @param tloc the transaction's position
	 * @param plen the payload length, 0 for a back pointer record
	 */
	public static void encode(ByteBuffer buffer, long oid, long tid, long prev, long tloc, long plen) {
		buffer.putLong(oid).putLong(tid).putLong(prev).putLong(tloc).putShort((short) 0).putLong(plen);
	}

	/**
	 * Returns the record length of a record with version length 0.
	 * @param plen the payload length
	 * @return the bytes the record occupies
	 */
	public static long recordLength(long plen) {
		return FileStorageFormat.DATA_HEADER_LENGTH + ((plen > 0) ? plen : FileStorageFormat.BACK_POINTER_SIZE);
	}

	DataRecordHeader withBack(long back) {
		return new DataRecordHeader(this.position, this.oid, this.tid, this.prev, this.tloc, this.vlen, this.plen,
				back);
	}

	/** @return the object id */
	public Oid objectId() {
		return Oid.of(this.oid);
	}

	/** @return the serial */
	public Tid serial() {
		return Tid.of(this.tid);
	}

	/** @return where the payload (or the back pointer) starts */
	public long dataPosition() {
		long legacy = (this.vlen > 0) ? 16L + this.vlen : 0;
		return this.position + FileStorageFormat.DATA_HEADER_LENGTH + legacy;
	}

	/** @return the bytes the record occupies, legacy version data included */
	public long recordLength() {
		long legacy = (this.vlen > 0) ? 16L + this.vlen : 0;
		return legacy + recordLength(this.plen);
	}

	/** @return where the next record (or the transaction's redundant length) starts */
	public long nextPosition() {
		return this.position + recordLength();
	}

	/** @return whether the record holds its payload */
	public boolean hasData() {
		return this.plen > 0;
	}

	/** @return whether the record points back to an earlier record for its data */
	public boolean isBackPointer() {
		return this.plen == 0 && this.back != 0;
	}

	/** @return whether the record says the object does not exist (a zero back pointer) */
	public boolean isNoData() {
		return this.plen == 0 && this.back == 0;
	}

	/**
	 * Reads the payload.
	 * @param channel the file
	 * @return the object record, empty for a back pointer record
	 */
	public byte[] readData(FileChannel channel) {
		if (this.plen > Integer.MAX_VALUE - 16) {
			throw new FileStorageFormatError("Data record payload of " + this.plen + " bytes is too large",
					this.position);
		}
		return FileStorageFormat.readBytes(channel, dataPosition(), (int) this.plen);
	}

	@Override
	public String toString() {
		return "DataRecordHeader[position=" + this.position + ", oid=" + Oid.of(this.oid) + ", tid=" + Tid.of(this.tid)
				+ ", prev=" + this.prev + ", tloc=" + this.tloc + ", vlen=" + this.vlen + ", plen=" + this.plen
				+ ", back=" + this.back + "]";
	}

}
