package io.zkzeo.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.file.FileStorage.PackView;
import io.zkzeo.storage.file.RecordReader.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs a {@link FileStorage} to a time as ZODB's FileStorage packer does, writing {@code <file>.pack}
 * and swapping it in.
 *
 * <ol>
 * <li>Find the current revision of every object as of the pack time (no lock).</li>
 * <li>Mark what is reachable from the root then, plus older revisions that later back pointers still
 * need (no lock).</li>
 * <li>Copy the kept revisions before the pack time into transactions with status {@code 'p'},
 * {@code prev = 0} and their data inline (no lock).</li>
 * <li>Copy every later transaction as it is, fixing positions; transactions committed meanwhile are
 * copied too, the last ones under the commit lock, which is then held for the swap.</li>
 * </ol>
 */
final class Packer {

	private static final Logger logger = LoggerFactory.getLogger(Packer.class);

	/** Stop catching up without the lock when fewer bytes than this remain. */
	private static final long CATCH_UP_THRESHOLD = 1 << 20;

	private final FileStorage storage;

	private final ReferenceFinder references;

	private final String name;

	Packer(FileStorage storage, ReferenceFinder references) {
		this.storage = storage;
		this.references = references;
		this.name = storage.fileName();
	}

	void pack(long packTid) {
		if (packTid == 0) {
			throw new StorageError("Invalid pack time");
		}
		PackView view = this.storage.packView();
		FileChannel in = view.channel();
		RecordReader reader = view.reader();
		OidIndex current = new OidIndex();
		long packPos = currentAtPackTime(in, view.end(), packTid, current);
		if (packPos == FileStorageFormat.MAGIC_LENGTH) {
			logger.info("Nothing to pack in {}: no transaction before {}", this.name, Tid.of(packTid));
			return;
		}
		OidIndex reachable = new OidIndex();
		LongLongHashMap extra = new LongLongHashMap();
		markReachable(in, reader, current, packPos, view.end(), reachable, extra);
		Path packPath = this.storage.siblingPath(".pack");
		boolean swapped = false;
		try (FileChannel out = FileChannel.open(packPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
			FileStorageFormat.writeFully(out, ByteBuffer.wrap(this.storage.magic()), 0);
			Copier copier = new Copier(in, reader, out);
			copier.copyBeforePackTime(packPos, reachable, extra);
			if (copier.outEnd == packPos) {
				logger.info("Pack of {} to {} frees nothing; file unchanged", this.name, Tid.of(packTid));
				out.close();
				Files.deleteIfExists(packPath);
				return;
			}
			long copied = packPos;
			long committed = this.storage.committedEnd();
			copied = copier.copyAfterPackTime(copied, committed);
			while (this.storage.committedEnd() - copied > CATCH_UP_THRESHOLD) {
				copied = copier.copyAfterPackTime(copied, this.storage.committedEnd());
			}
			this.storage.getCommitLock().acquire();
			try {
				this.storage.awaitFinishedCommits();
				copier.copyAfterPackTime(copied, this.storage.committedEnd());
				out.force(true);
				out.close();
				this.storage.swapIn(packPath, copier.newIndex, copier.outEnd);
				swapped = true;
			}
			finally {
				this.storage.getCommitLock().release();
			}
			logger.info("Packed {} to {}: {} bytes to {} bytes", this.name, Tid.of(packTid), view.end(),
					copier.outEnd);
		}
		catch (IOException ex) {
			throw new StorageError("Pack of " + this.name + " failed", ex);
		}
		finally {
			if (!swapped) {
				try {
					Files.deleteIfExists(packPath);
				}
				catch (IOException ex) {
					logger.warn("Could not delete {}", packPath, ex);
				}
			}
		}
	}

	/** Fills {@code current} with each object's record as of the pack time and returns the pack position. */
	private long currentAtPackTime(FileChannel in, long end, long packTid, OidIndex current) {
		FileWalker walker = FileWalker.of(in);
		long previousTid = 0;
		while (walker.position() < end) {
			long at = walker.position();
			TransactionHeader txn = walker.next();
			if (txn == null || Long.compareUnsigned(txn.tid(), packTid) > 0) {
				return at;
			}
			checkTransaction(txn, previousTid);
			previousTid = txn.tid();
			if (txn.status() == FileStorageFormat.STATUS_UNDONE) {
				continue;
			}
			for (DataRecordHeader record : walker.records(txn)) {
				checkRecord(txn, record);
				if (record.isNoData()) {
					current.remove(record.oid());
				}
				else {
					current.put(record.oid(), record.position());
				}
			}
		}
		return end;
	}

	private void checkTransaction(TransactionHeader txn, long previousTid) {
		if (Long.compareUnsigned(txn.tid(), previousTid) <= 0) {
			throw new FileStorageFormatError("Time-stamp reduction (" + Tid.of(txn.tid()) + " after "
					+ Tid.of(previousTid) + ") in " + this.name + "; pack refused", txn.position());
		}
		byte status = txn.status();
		if (status != FileStorageFormat.STATUS_COMMITTED && status != FileStorageFormat.STATUS_PACKED
				&& status != FileStorageFormat.STATUS_UNDONE) {
			throw new FileStorageFormatError("Invalid transaction status in " + this.name + "; pack refused",
					txn.position());
		}
		if (!txn.isLengthConsistent()) {
			throw new FileStorageFormatError("Invalid transaction length in " + this.name + "; pack refused",
					txn.position());
		}
	}

	private void checkRecord(TransactionHeader txn, DataRecordHeader record) {
		if (record.tloc() != txn.position() || record.prev() >= record.position()
				|| record.back() >= record.position() || record.vlen() != 0) {
			throw new FileStorageFormatError("Inconsistent data record in " + this.name + "; pack refused",
					record.position());
		}
	}

	private void markReachable(FileChannel in, RecordReader reader, OidIndex current, long packPos, long end,
			OidIndex reachable, LongLongHashMap extra) {
		LongStack pending = new LongStack();
		if (current.get(0) != 0) {
			pending.push(0);
		}
		traverse(reader, current, reachable, pending);
		FileWalker walker = FileWalker.of(in);
		walker.seek(packPos);
		while (walker.position() < end) {
			TransactionHeader txn = walker.next();
			if (txn == null) {
				break;
			}
			if (txn.status() == FileStorageFormat.STATUS_UNDONE) {
				continue;
			}
			for (DataRecordHeader record : walker.records(txn)) {
				long back = record.back();
				if (record.plen() != 0 || back == 0 || back >= packPos) {
					continue;
				}
				long known = reachable.get(record.oid());
				if (known == back) {
					continue;
				}
				if (known != 0) {
					extra.put(back, record.oid() + 1);
				}
				else {
					reachable.put(record.oid(), back);
				}
				StoredRecord withData = reader.resolve(reader.read(back, record.oid(), true));
				if (withData != null) {
					this.references.findReferences(withData.data(), pending::push);
				}
			}
		}
		traverse(reader, current, reachable, pending);
	}

	private void traverse(RecordReader reader, OidIndex current, OidIndex reachable, LongStack pending) {
		while (!pending.isEmpty()) {
			long oid = pending.pop();
			if (reachable.get(oid) != 0) {
				continue;
			}
			long position = current.get(oid);
			if (position == 0) {
				if (oid == 0) {
					continue;
				}
				throw new StorageError("Pack of " + this.name + " refused: oid " + Oid.of(oid)
						+ " is referenced but does not exist at the pack time");
			}
			reachable.put(oid, position);
			StoredRecord withData = reader.resolve(reader.read(position, oid, true));
			if (withData != null) {
				this.references.findReferences(withData.data(), pending::push);
			}
		}
	}

	/**
	 * Writes the packed file.
	 */
	private final class Copier {

		private final FileChannel in;

		private final RecordReader reader;

		private final FileChannel out;

		final OidIndex newIndex = new OidIndex();

		private final LongLongHashMap movedRecords = new LongLongHashMap();

		long outEnd = FileStorageFormat.MAGIC_LENGTH;

		Copier(FileChannel in, RecordReader reader, FileChannel out) {
			this.in = in;
			this.reader = reader;
			this.out = out;
		}

		void copyBeforePackTime(long packPos, OidIndex reachable, LongLongHashMap extra) throws IOException {
			FileWalker walker = FileWalker.of(this.in);
			while (walker.position() < packPos) {
				TransactionHeader txn = walker.next();
				if (txn == null) {
					break;
				}
				if (txn.status() == FileStorageFormat.STATUS_UNDONE) {
					continue;
				}
				List<StoredRecord> kept = new ArrayList<>();
				for (DataRecordHeader record : walker.records(txn)) {
					long position = record.position();
					if (reachable.get(record.oid()) == position || extra.get(position) == record.oid() + 1) {
						StoredRecord withData = this.reader.resolve(new StoredRecord(record, null));
						kept.add(new StoredRecord(record, (withData != null) ? withData.data() : null));
					}
				}
				if (!kept.isEmpty()) {
					writeTransaction(txn, FileStorageFormat.STATUS_PACKED, kept, true);
				}
			}
		}

		long copyAfterPackTime(long from, long to) throws IOException {
			FileWalker walker = FileWalker.of(this.in);
			walker.seek(from);
			while (walker.position() < to) {
				TransactionHeader txn = walker.next();
				if (txn == null) {
					break;
				}
				if (txn.status() == FileStorageFormat.STATUS_UNDONE) {
					continue;
				}
				List<StoredRecord> records = new ArrayList<>();
				for (DataRecordHeader record : walker.records(txn)) {
					if (record.hasData()) {
						records.add(this.reader.read(record.position(), record.oid(), true));
					}
					else {
						records.add(new StoredRecord(record, null));
					}
				}
				writeTransaction(txn, txn.status(), records, false);
			}
			return walker.position();
		}

		private void writeTransaction(TransactionHeader txn, byte status, List<StoredRecord> records,
				boolean beforePackTime) throws IOException {
			long tpos = this.outEnd;
			byte[] fields = FileStorageFormat.readBytes(this.in, txn.userPosition(),
					(int) (txn.headerLength() - FileStorageFormat.TRANSACTION_HEADER_LENGTH));
			List<byte[]> payloads = new ArrayList<>(records.size());
			long[] backs = new long[records.size()];
			long tlen = txn.headerLength();
			for (int i = 0; i < records.size(); i++) {
				StoredRecord record = records.get(i);
				byte[] data = record.data();
				long back = 0;
				if (data == null && !beforePackTime && record.header().back() != 0) {
					back = this.movedRecords.get(record.header().back());
					if (back == 0) {
						StoredRecord withData = this.reader.resolve(record);
						data = (withData != null) ? withData.data() : null;
					}
				}
				payloads.add(data);
				backs[i] = back;
				tlen += DataRecordHeader.recordLength((data != null) ? data.length : 0);
			}
			ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(tlen + 8));
			TransactionHeader.encode(buffer, txn.tid(), tlen, status, txn.ulen(), txn.dlen(), txn.elen());
			buffer.put(fields);
			for (int i = 0; i < records.size(); i++) {
				DataRecordHeader header = records.get(i).header();
				byte[] data = payloads.get(i);
				long newPosition = tpos + buffer.position();
				long prev = beforePackTime ? 0 : this.newIndex.get(header.oid());
				DataRecordHeader.encode(buffer, header.oid(), header.tid(), prev, tpos,
						(data != null) ? data.length : 0);
				if (data != null) {
					buffer.put(data);
				}
				else {
					buffer.putLong(backs[i]);
				}
				this.newIndex.put(header.oid(), newPosition);
				this.movedRecords.put(header.position(), newPosition);
			}
			buffer.putLong(tlen);
			buffer.flip();
			FileStorageFormat.writeFully(this.out, buffer, tpos);
			this.outEnd = tpos + tlen + 8;
		}

	}

	/**
	 * A stack of longs.
	 */
	private static final class LongStack {

		private long[] items = new long[64];

		private int size;

		void push(long value) {
			if (this.size == this.items.length) {
				this.items = Arrays.copyOf(this.items, this.size * 2);
			}
			this.items[this.size++] = value;
		}

		long pop() {
			return this.items[--this.size];
		}

		boolean isEmpty() {
			return this.size == 0;
		}

	}

}
