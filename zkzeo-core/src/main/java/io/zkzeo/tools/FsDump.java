package io.zkzeo.tools;

import java.io.PrintStream;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkzeo.storage.TimeStamp;
import io.zkzeo.storage.file.DataRecordHeader;
import io.zkzeo.storage.file.FileStorageFormat;
import io.zkzeo.storage.file.FileWalker;
import io.zkzeo.storage.file.TransactionHeader;

/**
 * Prints a FileStorage file's transactions and records, as ZODB's {@code fsdump} does; with
 * {@link #dumpBytes} the byte-level layout, as ZODB's fsdump {@code Dumper} does.
 */
final class FsDump {

	private static final Logger logger = LoggerFactory.getLogger(FsDump.class);

	private final PrintStream out;

	/**
	 * Creates a dumper printing to a stream.
	 * @param out where the dump goes
	 */
	FsDump(PrintStream out) {
		this.out = out;
	}

	/**
	 * Prints one line per transaction and per data record. A trailing transaction that is incomplete
	 * is left out with a warning, as ZODB's iterator does.
	 * @param path the file
	 */
	void dump(Path path) {
		try (FileWalker walker = FileWalker.open(path)) {
			long size = walker.size();
			int number = 0;
			for (TransactionHeader txn = walker.next(); txn != null; txn = walker.next()) {
				if (txn.nextPosition() > size || txn.status() == FileStorageFormat.STATUS_CHECKPOINT) {
					logger.warn("{} truncated, possibly due to damaged records at {}", path, txn.position());
					break;
				}
				printTransaction(walker, txn, number++);
			}
		}
	}

	private void printTransaction(FileWalker walker, TransactionHeader txn, int number) {
		this.out.printf("Trans #%05d tid=%016x size=%d time=%s offset=%d%n", number, txn.tid(), txn.tlen(),
				TimeStamp.of(txn.transactionId()), txn.firstRecordPosition());
		this.out.printf("    status=%s user=%s description=%s%n", PythonRepr.character(txn.statusChar()),
				PythonRepr.bytes(txn.readUser(walker.channel())),
				PythonRepr.bytes(txn.readDescription(walker.channel())));
		int number2 = 0;
		for (DataRecordHeader record : walker.records(txn)) {
			printRecord(walker, record, number2++);
		}
	}

	private void printRecord(FileWalker walker, DataRecordHeader record, int number) {
		DataRecordHeader holder = dataHolder(walker, record);
		String sizeAndClass;
		if (holder == null) {
			sizeAndClass = " class=undo or abort of object creation";
		}
		else {
			byte[] data = holder.readData(walker.channel());
			sizeAndClass = " size=" + data.length + " class=" + PickleClassName.of(data);
		}
		String backPointer = (holder != null && holder != record) ? String.format(" bp=%016x", holder.tid()) : "";
		this.out.printf("  data #%05d oid=%016x%s%s%n", number, record.oid(), sizeAndClass, backPointer);
	}

	/**
	 * Follows back pointers to the record that holds the data.
	 * @return the record with the data, or {@code null} if the chain ends in "no data"
	 */
	private static @Nullable DataRecordHeader dataHolder(FileWalker walker, DataRecordHeader record) {
		DataRecordHeader current = record;
		while (current.isBackPointer()) {
			current = DataRecordHeader.read(walker.channel(), current.back());
		}
		return current.hasData() ? current : null;
	}

	/**
	 * Prints every header field of every transaction and data record with its offset.
	 * @param path the file
	 */
	void dumpBytes(Path path) {
		try (FileWalker walker = FileWalker.open(path)) {
			this.out.println("*".repeat(60));
			this.out.println("file identifier: " + PythonRepr.bytes(walker.magic()));
			for (TransactionHeader txn = walker.next(); txn != null; txn = walker.next()) {
				printTransactionBytes(walker, txn);
			}
		}
	}

	private void printTransactionBytes(FileWalker walker, TransactionHeader txn) {
		this.out.println("=".repeat(60));
		this.out.println("offset: " + txn.position());
		this.out.println("end pos: " + txn.recordsEnd());
		this.out.printf("transaction id: %016x%n", txn.tid());
		this.out.println("trec len: " + txn.tlen());
		this.out.println("status: " + PythonRepr.bytes(new byte[] { txn.status() }));
		this.out.println("user: " + optionalBytes(txn.ulen(), txn.readUser(walker.channel())));
		this.out.println("description: " + optionalBytes(txn.dlen(), txn.readDescription(walker.channel())));
		this.out.println("len(extra): " + txn.elen());
		long at = txn.firstRecordPosition();
		while (at < txn.recordsEnd()) {
			DataRecordHeader record = DataRecordHeader.read(walker.channel(), at);
			printRecordBytes(record);
			at = record.nextPosition();
		}
		this.out.println("redundant trec len: " + txn.readRedundantLength(walker.channel()));
	}

	private void printRecordBytes(DataRecordHeader record) {
		this.out.println("-".repeat(60));
		this.out.println("offset: " + record.position());
		this.out.printf("oid: %016x%n", record.oid());
		this.out.printf("revid: %016x%n", record.tid());
		this.out.println("previous record offset: " + record.prev());
		this.out.println("transaction offset: " + record.tloc());
		this.out.println("len(data): " + record.plen());
		if (record.plen() == 0) {
			this.out.println("backpointer: " + record.back());
		}
	}

	private static String optionalBytes(int length, byte[] bytes) {
		return (length == 0) ? "''" : PythonRepr.bytes(bytes);
	}

}
