package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index snapshot file {@code <file>.zkzeo-index}: the oid to position map as of a file position, so
 * that open need not scan the whole file. Never Python's {@code Data.fs.index}.
 *
 * <p>Layout (big-endian): magic {@code ZKZI}, version, the data file's magic, the file position the
 * snapshot covers, the last tid, the position and 23 header bytes of the last transaction before that
 * position, the entry count and largest oid, then the pages ({@code page number, 1024 positions}) and the
 * sparse entries ({@code oid, position}), and a CRC-32 of everything before it. Open trusts a snapshot only
 * if its CRC matches and the data file still has, at the recorded place, the recorded last transaction
 * header ending exactly at the recorded position; it then scans forward from there.
 */
final class IndexSnapshot {

	private static final Logger logger = LoggerFactory.getLogger(IndexSnapshot.class);

	private static final byte[] MAGIC = { 'Z', 'K', 'Z', 'I' };

	private static final int VERSION = 1;

	private static final int FIXED_LENGTH = 4 + 4 + 4 + 8 + 8 + 8 + FileStorageFormat.TRANSACTION_HEADER_LENGTH + 8
			+ 8;

	private IndexSnapshot() {
	}

	/**
	 * Returns the snapshot file of a data file.
	 * @param dataFile the data file
	 * @return {@code <dataFile>.zkzeo-index}
	 */
	static Path pathFor(Path dataFile) {
		return dataFile.resolveSibling(dataFile.getFileName() + ".zkzeo-index");
	}

	/**
	 * Writes a snapshot atomically (temporary file, then rename).
	 * @param dataFile the data file
	 * @param channel the data file's channel
	 * @param magic the data file's magic
	 * @param position the end of the data the index covers
	 * @param index the index
	 * @throws IOException if writing fails
	 */
	static void write(Path dataFile, FileChannel channel, byte[] magic, long position, OidIndex index)
			throws IOException {
		Path target = pathFor(dataFile);
		Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
		long headerPosition = 0;
		byte[] header = new byte[FileStorageFormat.TRANSACTION_HEADER_LENGTH];
		if (position > FileStorageFormat.MAGIC_LENGTH) {
			long tlen = FileStorageFormat.readLong(channel, position - 8);
			headerPosition = position - 8 - tlen;
			header = FileStorageFormat.readBytes(channel, headerPosition, header.length);
		}
		long recordedTid = (position > FileStorageFormat.MAGIC_LENGTH) ? ByteBuffer.wrap(header).getLong() : 0;
		CRC32 crc = new CRC32();
		try (OutputStream out = Files.newOutputStream(temporary)) {
			ByteBuffer fixed = ByteBuffer.allocate(FIXED_LENGTH);
			fixed.put(MAGIC).putInt(VERSION).put(magic).putLong(position).putLong(recordedTid).putLong(headerPosition)
				.put(header).putLong(index.size()).putLong(index.maxOid());
			write(out, crc, fixed.array(), FIXED_LENGTH);
			ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
			long[] sparseCount = new long[1];
			index.forEachPage((page, entries) -> {
				if (chunk.remaining() < 4 + 8 * OidIndex.PAGE_SIZE) {
					flush(out, crc, chunk);
				}
				chunk.putInt(page);
				for (long entry : entries) {
					chunk.putLong(entry);
				}
			});
			if (chunk.remaining() < 4) {
				flush(out, crc, chunk);
			}
			chunk.putInt(-1);
			index.forEachSparse((oid, pos) -> {
				if (chunk.remaining() < 16) {
					flush(out, crc, chunk);
				}
				chunk.putLong(oid).putLong(pos);
				sparseCount[0]++;
				return 0;
			});
			if (chunk.remaining() < 16) {
				flush(out, crc, chunk);
			}
			chunk.putLong(-1).putLong(-1);
			flush(out, crc, chunk);
			ByteBuffer checksum = ByteBuffer.allocate(8).putLong(crc.getValue());
			out.write(checksum.array());
		}
		Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static void flush(OutputStream out, CRC32 crc, ByteBuffer chunk) {
		try {
			write(out, crc, chunk.array(), chunk.position());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		chunk.clear();
	}

	private static void write(OutputStream out, CRC32 crc, byte[] bytes, int length) throws IOException {
		crc.update(bytes, 0, length);
		out.write(bytes, 0, length);
	}

	/**
	 * Reads a snapshot if one exists and matches the data file.
	 * @param dataFile the data file
	 * @param channel the data file's channel
	 * @param magic the data file's magic
	 * @return the snapshot, or {@code null} if there is none or it cannot be trusted
	 */
	static @Nullable Loaded read(Path dataFile, FileChannel channel, byte[] magic) {
		Path path = pathFor(dataFile);
		if (!Files.isRegularFile(path)) {
			return null;
		}
		try {
			byte[] bytes = Files.readAllBytes(path);
			String problem = check(bytes, channel, magic);
			if (problem != null) {
				logger.warn("Ignoring index snapshot {}: {}", path, problem);
				return null;
			}
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			buffer.position(12);
			long position = buffer.getLong();
			long lastTid = buffer.getLong();
			buffer.position(FIXED_LENGTH);
			OidIndex index = new OidIndex();
			for (int page = buffer.getInt(); page != -1; page = buffer.getInt()) {
				long[] entries = new long[OidIndex.PAGE_SIZE];
				buffer.asLongBuffer().get(entries);
				buffer.position(buffer.position() + 8 * OidIndex.PAGE_SIZE);
				index.putPage(page, entries);
			}
			for (long oid = buffer.getLong(), pos = buffer.getLong(); pos != -1; oid = buffer.getLong(), pos = buffer
				.getLong()) {
				index.put(oid, pos);
			}
			return new Loaded(position, lastTid, index);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Ignoring index snapshot {}: {}", path, ex.toString());
			return null;
		}
	}

	private static @Nullable String check(byte[] bytes, FileChannel channel, byte[] magic) throws IOException {
		if (bytes.length < FIXED_LENGTH + 8 || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
			return "not a snapshot";
		}
		CRC32 crc = new CRC32();
		crc.update(bytes, 0, bytes.length - 8);
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		if (buffer.getLong(bytes.length - 8) != crc.getValue()) {
			return "checksum mismatch";
		}
		if (buffer.getInt(4) != VERSION) {
			return "unknown version " + buffer.getInt(4);
		}
		if (!Arrays.equals(Arrays.copyOfRange(bytes, 8, 12), magic)) {
			return "written for a file with another magic";
		}
		long position = buffer.getLong(12);
		long lastTid = buffer.getLong(20);
		long headerPosition = buffer.getLong(28);
		byte[] header = Arrays.copyOfRange(bytes, 36, 36 + FileStorageFormat.TRANSACTION_HEADER_LENGTH);
		long size = channel.size();
		if (position < FileStorageFormat.MAGIC_LENGTH || position > size) {
			return "it covers " + position + " bytes but the file has " + size;
		}
		if (position == FileStorageFormat.MAGIC_LENGTH) {
			return (lastTid == 0) ? null : "inconsistent empty snapshot";
		}
		long tlen = FileStorageFormat.readLong(channel, position - 8);
		if (position - 8 - tlen != headerPosition || headerPosition < FileStorageFormat.MAGIC_LENGTH) {
			return "the file has no transaction ending at " + position;
		}
		byte[] actual = FileStorageFormat.readBytes(channel, headerPosition, header.length);
		if (!Arrays.equals(actual, header)) {
			return "the transaction at " + headerPosition + " differs";
		}
		if (ByteBuffer.wrap(actual).getLong() != lastTid) {
			return "the last tid differs";
		}
		return null;
	}

	/**
	 * A trusted snapshot.
	 *
	 * @param position the end of the data it covers
	 * @param lastTid the last tid before that position
	 * @param index the index as of that position
	 */
	record Loaded(long position, long lastTid, OidIndex index) {
	}

}
