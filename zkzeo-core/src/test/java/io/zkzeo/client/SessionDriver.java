package io.zkzeo.client;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.client.RecordedSession.Frame;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoInfo;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Makes a client storage do what the Python program did on one recorded connection: for each call the Python
 * client sent, the matching storage method with the recorded arguments, and checks the result against the
 * recorded reply. Calls the client makes by itself (register, get_info, the iterator's inner calls) are left to it.
 * Before each call it waits until the client has handled the invalidations the server had sent by then, as the
 * Python program's later transactions had.
 */
final class SessionDriver {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final RecordedSession session;

	private final List<Frame> frames;

	private final ClientStorage client;

	private final ReplayPeer peer;

	private final Map<Long, TransactionMetaData> transactions = new HashMap<>();

	SessionDriver(RecordedSession session, int conn, ClientStorage client, ReplayPeer peer) {
		this.session = session;
		this.frames = session.connection(conn);
		this.client = client;
		this.peer = peer;
	}

	void run() throws InterruptedException {
		for (int k = 0; k < this.frames.size(); k++) {
			Frame frame = this.frames.get(k);
			if (!frame.clientToServer() || frame.isHandshake() || this.peer.hasFailed()) {
				continue;
			}
			ZeoCall call = (ZeoCall) this.session.decode(frame);
			switch (call.method()) {
				case ZeoMethods.REGISTER, ZeoMethods.GET_INFO, ZeoMethods.ITERATOR_NEXT, ZeoMethods.ITERATOR_RECORD_START,
						ZeoMethods.ITERATOR_RECORD_NEXT, ZeoMethods.ITERATOR_GC -> {
				}
				default -> {
					awaitInvalidationsBefore(k);
					perform(k, call);
				}
			}
		}
	}

	private void awaitInvalidationsBefore(int k) throws InterruptedException {
		Tid newest = null;
		for (int j = 0; j < k; j++) {
			Frame frame = this.frames.get(j);
			if (!frame.clientToServer() && !frame.isHandshake()
					&& this.session.decode(frame) instanceof ZeoCall call
					&& call.method().equals(ZeoMethods.INVALIDATE_TRANSACTION)) {
				newest = call.tidArg(0);
			}
		}
		if (newest == null) {
			return;
		}
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (this.client.lastTransaction().isBefore(newest)) {
			if (System.nanoTime() > deadline || this.peer.hasFailed()) {
				fail("The client did not handle the invalidation of " + newest);
			}
			Thread.sleep(5);
		}
	}

	private ZeoMessage reply(int k, ZeoCall call) {
		Object key = ServerConnection.keyOf(call.msgid());
		for (int j = k + 1; j < this.frames.size(); j++) {
			Frame frame = this.frames.get(j);
			if (!frame.clientToServer()) {
				ZeoMessage message = this.session.decode(frame);
				if (!(message instanceof ZeoCall) && ServerConnection.keyOf(message.msgid()).equals(key)) {
					return message;
				}
			}
		}
		throw new AssertionError("No recorded reply to " + call);
	}

	private TransactionMetaData transaction(ZeoCall call, int position) {
		return Objects.requireNonNull(this.transactions.get(call.longArg(position)), "transaction of " + call);
	}

	private void perform(int k, ZeoCall call) {
		switch (call.method()) {
			case ZeoMethods.LOAD_BEFORE -> loadBefore(k, call);
			case ZeoMethods.TPC_BEGIN -> {
				Tid forced = call.nullableTidArg(4);
				TransactionMetaData txn = new TransactionMetaData(call.bytesOrStrArg(1), call.bytesOrStrArg(2),
						WireValues.extensionFromWire(call.mapArg(3)), forced, call.strArg(5).charAt(0));
				this.transactions.put(call.longArg(0), txn);
				this.client.tpcBegin(txn);
			}
			case ZeoMethods.NEW_OIDS -> {
				List<Oid> recorded = WireValues.oids(((ZeoReply) reply(k, call)).value());
				assertThat(this.client.newOid()).isEqualTo(recorded.get(0));
			}
			case ZeoMethods.STOREA -> this.client.store(call.oidArg(0), call.tidArg(1), call.bytesArg(2),
					transaction(call, 3));
			case ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION -> this.client
				.checkCurrentSerialInTransaction(call.oidArg(0), call.tidArg(1), transaction(call, 2));
			case ZeoMethods.VOTE -> vote(k, call);
			case ZeoMethods.TPC_FINISH -> assertThat(this.client.tpcFinish(transaction(call, 0)))
				.isEqualTo(((ZeoReply) reply(k, call)).tidValue());
			case ZeoMethods.TPC_ABORT -> this.client.tpcAbort(transaction(call, 0));
			case ZeoMethods.UNDO_LOG -> {
				List<UndoInfo> recorded = WireValues.undoInfos(((ZeoReply) reply(k, call)).value());
				List<UndoInfo> log = this.client.undoLog(call.intArg(0), call.intArg(1), null);
				assertThat(log).extracting(UndoInfo::tid).containsExactlyElementsOf(tids(recorded));
				assertThat(log).extracting(UndoInfo::size).containsExactlyElementsOf(
						recorded.stream().map(UndoInfo::size).toList());
			}
			case ZeoMethods.UNDOA -> assertThat(this.client.undo(WireValues.undoIdToTid(call.bytesArg(0)),
					transaction(call, 1))).isNotEmpty();
			case ZeoMethods.HISTORY -> {
				List<HistoryEntry> recorded = WireValues.history(((ZeoReply) reply(k, call)).value());
				List<HistoryEntry> history = this.client.history(call.oidArg(0), call.intArg(1));
				assertThat(history).extracting(HistoryEntry::tid)
					.containsExactlyElementsOf(recorded.stream().map(HistoryEntry::tid).toList());
				assertThat(history).extracting(HistoryEntry::size)
					.containsExactlyElementsOf(recorded.stream().map(HistoryEntry::size).toList());
			}
			case ZeoMethods.GET_TID -> assertThat(this.client.getTid(call.oidArg(0)))
				.isEqualTo(((ZeoReply) reply(k, call)).tidValue());
			case ZeoMethods.SERVER_STATUS -> assertThat(this.client.serverStatus()).containsKeys("connections",
					"loads", "stores", "commits", "last-transaction");
			case ZeoMethods.ITERATOR_START -> iterate(k, call);
			case ZeoMethods.PACK -> this.client.pack(floorToNanos(call.doubleArg(0)), (data, oids) -> {
			});
			default -> fail("The driver does not know the recorded call " + call);
		}
	}

	private void loadBefore(int k, ZeoCall call) {
		Oid oid = call.oidArg(0);
		Tid before = call.tidArg(1);
		ZeoMessage reply = reply(k, call);
		if (reply instanceof ZeoErrorReply error) {
			assertThat(error.className()).isEqualTo(ZeoErrors.POS_KEY_ERROR);
			assertThatThrownBy(() -> this.client.loadBefore(oid, before)).isInstanceOfSatisfying(POSKeyError.class,
					(ex) -> assertThat(ex.getOid()).isEqualTo(oid));
			return;
		}
		DataRevision loaded = this.client.loadBefore(oid, before);
		Object value = ((ZeoReply) reply).value();
		if (value == null) {
			assertThat(loaded).isNull();
			return;
		}
		List<@Nullable Object> fields = PyValues.toList(value);
		assertThat(loaded).isNotNull();
		assertThat(loaded.data()).isEqualTo(PyValues.toBytes(fields.get(0)));
		assertThat(loaded.start()).isEqualTo(PyValues.toTid(fields.get(1)));
		assertThat(loaded.end()).isEqualTo(PyValues.toNullableTid(fields.get(2)));
	}

	private void vote(int k, ZeoCall call) {
		TransactionMetaData txn = transaction(call, 0);
		ZeoMessage reply = reply(k, call);
		if (reply instanceof ZeoErrorReply error) {
			RuntimeException expected = error.toException(this.client.getName());
			assertThatThrownBy(() -> this.client.vote(txn)).isInstanceOf(expected.getClass())
				.hasMessage(expected.getMessage())
				.satisfies((ex) -> {
					if (ex instanceof ConflictError conflict && expected instanceof ConflictError wanted) {
						assertThat(conflict.getOid()).isEqualTo(wanted.getOid()).isNotNull();
						assertThat(conflict.getCommittedSerial()).isEqualTo(wanted.getCommittedSerial()).isNotNull();
						assertThat(conflict.getOldSerial()).isEqualTo(wanted.getOldSerial()).isNotNull();
					}
				});
			return;
		}
		assertThat(this.client.vote(txn)).containsExactlyElementsOf(WireValues.voteResult(((ZeoReply) reply).value()));
	}

	private void iterate(int k, ZeoCall call) {
		List<Tid> expectedTids = new ArrayList<>();
		int expectedRecords = 0;
		for (int j = k + 1; j < this.frames.size(); j++) {
			Frame frame = this.frames.get(j);
			if (!frame.clientToServer() || frame.isHandshake()) {
				continue;
			}
			ZeoCall inner = (ZeoCall) this.session.decode(frame);
			if (!inner.method().startsWith("iterator_")) {
				break;
			}
			Object value = ((ZeoReply) reply(j, inner)).value();
			if (inner.method().equals(ZeoMethods.ITERATOR_NEXT) && value != null) {
				expectedTids.add(PyValues.toTid(PyValues.toList(value).get(0)));
			}
			if (inner.method().equals(ZeoMethods.ITERATOR_RECORD_NEXT) && value != null) {
				expectedRecords++;
			}
		}
		List<TransactionRecord> transactions = new ArrayList<>();
		try (StorageIterator iterator = this.client.iterator(call.nullableTidArg(0), call.nullableTidArg(1))) {
			iterator.forEachRemaining(transactions::add);
		}
		assertThat(transactions).extracting(TransactionRecord::tid).containsExactlyElementsOf(expectedTids);
		assertThat(transactions.stream().mapToInt((transaction) -> transaction.records().size()).sum())
			.isEqualTo(expectedRecords);
	}

	private static List<Tid> tids(List<UndoInfo> infos) {
		return infos.stream().map(UndoInfo::tid).toList();
	}

	/**
	 * Returns the instant a recorded pack time stands for, rounded down to the nanosecond, so that the client's
	 * conversion back (the nearest float at or after the instant) gives the recorded float.
	 */
	static Instant floorToNanos(double seconds) {
		BigDecimal exact = new BigDecimal(seconds);
		BigDecimal whole = exact.setScale(0, RoundingMode.FLOOR);
		long nanos = exact.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
		return Instant.ofEpochSecond(whole.longValueExact(), nanos);
	}

}
