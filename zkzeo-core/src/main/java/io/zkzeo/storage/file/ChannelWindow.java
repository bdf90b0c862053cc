package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A read-ahead window over a file for sequential scans (index rebuild, pack), so a scan of many small
 * records makes few system calls. Not thread-safe: one per scan.
 */
final class ChannelWindow {

	private static final int DEFAULT_SIZE = 1 << 20;

	private final FileChannel channel;

	private final long limit;

	private ByteBuffer buffer;

	private long start;

	/**
	 * Creates a window that never reads at or past {@code limit}.
	 * @param channel the file
	 * @param limit the end of the readable range
	 */
	ChannelWindow(FileChannel channel, long limit) {
		this.channel = channel;
		this.limit = limit;
		this.buffer = ByteBuffer.allocate(DEFAULT_SIZE);
		this.buffer.limit(0);
		this.start = 0;
	}

	/**
	 * Returns a buffer whose next {@code length} bytes are the file's bytes at {@code position}.
	 * @param position where to read
	 * @param length how many bytes are needed
	 * @return a view positioned at the bytes
	 * @throws FileStorageFormatError if the range passes the limit
	 */
	ByteBuffer at(long position, int length) {
		if (position + length > this.limit) {
			throw new FileStorageFormatError("Unexpected end of data (" + length + " bytes needed, file ends at "
					+ this.limit + ")", position);
		}
		if (position < this.start || position + length > this.start + this.buffer.limit()) {
			fill(position, length);
		}
		ByteBuffer view = this.buffer.duplicate();
		view.position((int) (position - this.start));
		view.limit(view.position() + length);
		return view;
	}

	private void fill(long position, int length) {
		if (length > this.buffer.capacity()) {
			this.buffer = ByteBuffer.allocate(length);
		}
		this.buffer.clear();
		long wanted = Math.min(this.buffer.capacity(), this.limit - position);
		this.buffer.limit((int) wanted);
		try {
			FileStorageFormat.readFully(this.channel, this.buffer, position);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read at " + position, ex);
		}
		this.buffer.flip();
		this.start = position;
	}

}
