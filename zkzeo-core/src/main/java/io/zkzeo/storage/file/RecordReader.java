package io.zkzeo.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import io.zkzeo.storage.Oid;
import org.jspecify.annotations.Nullable;

/**
 * Reads data records by position with positional reads, safe for many threads on one channel.
 *
 * <p>A record and its payload usually come in one read: each thread keeps a small direct buffer, and a
 * payload that fits after the header is copied straight out of it.
 */
final class RecordReader {

	private static final int BUFFER_SIZE = 4096;

	private static final int MIN_READ = FileStorageFormat.DATA_HEADER_LENGTH + FileStorageFormat.BACK_POINTER_SIZE;

	private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal
		.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_SIZE));

	private final FileChannel channel;

	private final String fileName;

	RecordReader(FileChannel channel, String fileName) {
		this.channel = channel;
		this.fileName = fileName;
	}

	FileChannel channel() {
		return this.channel;
	}

	/**
	 * Reads a record's header and, if asked, its payload.
	 * @param position where the record starts
	 * @param oid the oid the record must belong to
	 * @param withData whether to read the payload too
	 * @return the record
	 * @throws FileStorageFormatError if the record cannot be read or belongs to another oid
	 */
	StoredRecord read(long position, long oid, boolean withData) {
		ByteBuffer buffer = BUFFERS.get();
		buffer.clear();
		if (!withData) {
			buffer.limit(MIN_READ);
		}
		int read = 0;
		try {
			while (read < MIN_READ) {
				int n = this.channel.read(buffer, position + read);
				if (n < 0) {
					throw new FileStorageFormatError("Data record truncated in " + this.fileName, position);
				}
				read += n;
			}
		}
		catch (IOException ex) {
			throw new FileStorageFormatError("Could not read data record in " + this.fileName, position, ex);
		}
		buffer.flip();
		DataRecordHeader header = DataRecordHeader.decode(buffer, position, 0);
		if (header.oid() != oid) {
			throw new FileStorageFormatError("Data record for oid " + Oid.of(header.oid()) + " found where oid "
					+ Oid.of(oid) + " was expected in " + this.fileName, position);
		}
		if (header.vlen() != 0) {
			throw new FileStorageFormatError("Data record has a version in " + this.fileName, position);
		}
		if (header.plen() == 0) {
			return new StoredRecord(header.withBack(buffer.getLong()), null);
		}
		if (!withData) {
			return new StoredRecord(header, null);
		}
		if (header.plen() > Integer.MAX_VALUE - 16) {
			throw new FileStorageFormatError("Data record payload of " + header.plen() + " bytes is too large in "
					+ this.fileName, position);
		}
		int plen = (int) header.plen();
		byte[] data = new byte[plen];
		if (buffer.remaining() >= plen) {
			buffer.get(data);
		}
		else {
			int have = buffer.remaining();
			buffer.get(data, 0, have);
			try {
				FileStorageFormat.readFully(this.channel, ByteBuffer.wrap(data, have, plen - have),
						header.dataPosition() + have);
			}
			catch (IOException ex) {
				throw new FileStorageFormatError("Could not read data record payload in " + this.fileName, position, ex);
			}
		}
		return new StoredRecord(header, data);
	}

	/**
	 * Follows back pointers from a record to the record holding the data.
	 * @param record the record to start from
	 * @return the record with data, or {@code null} if the chain ends in a zero back pointer
	 */
	@Nullable StoredRecord resolve(StoredRecord record) {
		StoredRecord current = record;
		int hops = 0;
		while (current.data() == null) {
			long back = current.header().back();
			if (back == 0) {
				if (current.header().plen() > 0) {
					return read(current.header().position(), current.header().oid(), true);
				}
				return null;
			}
			if (back >= current.header().position() || ++hops > 100_000) {
				throw new FileStorageFormatError("Back pointer " + back + " does not point backwards in "
						+ this.fileName, current.header().position());
			}
			current = read(back, current.header().oid(), true);
		}
		return current;
	}

	/**
	 * A data record and its payload, if read.
	 *
	 * @param header the header
	 * @param data the payload, or {@code null} if not read or the record has none
	 */
	record StoredRecord(DataRecordHeader header, byte @Nullable [] data) {
	}

}
