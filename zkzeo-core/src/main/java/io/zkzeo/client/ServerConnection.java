package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.netty.channel.Channel;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.protocol.ProtocolId;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMessageBatch;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a storage server, after TCP connect: calls with their pending replies, asynchronous sends,
 * and the server's own calls ({@code invalidateTransaction}, {@code info}).
 *
 * <p>Message ids follow the Python client: a counter from 1 for synchronous calls, {@code 0} for asynchronous
 * ones, and the {@code (oid, tid)} pair for {@code loadBefore}, so that a second load of the same revision while
 * one is in flight shares its reply; sharing a load sent with a prefetch, it gets the reply once the whole prefetch
 * is answered, so that a reader going through the prefetched objects is woken once rather than for each. Until the
 * connection is made ready ({@link #activate}), invalidations are held back and replayed then.
 */
final class ServerConnection {

	private static final Logger logger = LoggerFactory.getLogger(ServerConnection.class);

	private final Channel channel;

	private final InetSocketAddress address;

	private final String storageName;

	private final ConnectionEvents events;

	private final ConcurrentHashMap<Object, PendingCall<?>> pending = new ConcurrentHashMap<>();

	private final AtomicLong msgids = new AtomicLong();

	private final CompletableFuture<ProtocolId> handshake = new CompletableFuture<>();

	private final List<ZeoCall> heldBack = new ArrayList<>();

	private volatile boolean readOnly;

	private volatile boolean voteAndFinish;

	private volatile boolean closed;

	private boolean ready;

	ServerConnection(Channel channel, InetSocketAddress address, String storageName, ConnectionEvents events) {
		this.channel = channel;
		this.address = address;
		this.storageName = storageName;
		this.events = events;
	}

	InetSocketAddress address() {
		return this.address;
	}

	CompletableFuture<ProtocolId> handshake() {
		return this.handshake;
	}

	boolean isReadOnly() {
		return this.readOnly;
	}

	void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	/** @return whether the server answers zkzeo's {@code vote_and_finish}, as its {@code get_info} said */
	boolean offersVoteAndFinish() {
		return this.voteAndFinish;
	}

	void setVoteAndFinish(boolean offered) {
		this.voteAndFinish = offered;
	}

	boolean isOpen() {
		return !this.closed && this.channel.isActive();
	}

	/**
	 * Makes a synchronous call.
	 * @param method the method
	 * @param handler converts the reply value, on the event loop
	 * @param args the arguments
	 * @return the result, failed with the mapped exception on an error reply or with
	 * {@link ClientDisconnectedException} if the connection closes first
	 */
	<T> CompletableFuture<T> call(String method, ReplyHandler<T> handler, @Nullable Object... args) {
		long msgid = this.msgids.incrementAndGet();
		return send(msgid, new ZeoCall(msgid, false, method, Tuple.of(args)), handler);
	}

	/**
	 * Calls {@code loadBefore} with the {@code (oid, tid)} pair as msgid, sharing a call already in flight.
	 */
	@SuppressWarnings("unchecked")
	<T> CompletableFuture<T> loadBefore(Oid oid, Tid before, ReplyHandler<T> handler) {
		LoadKey key = new LoadKey(oid.value(), before.value());
		PendingCall<T> call0 = new PendingCall<>(ZeoMethods.LOAD_BEFORE, handler);
		// Registered atomically: two threads loading the same object at once must share one call; with a look
		// followed by a put, the second put replaced the first call, whose caller then waited forever.
		PendingCall<?> inFlight = this.pending.putIfAbsent(key, call0);
		if (inFlight != null) {
			return (CompletableFuture<T>) inFlight.shared();
		}
		return write(key, call0, loadBeforeCall(oid, before));
	}

	/** A {@code loadBefore} call; its msgid is the {@code (oid, tid)} pair, as replies are matched by it. */
	private static ZeoCall loadBeforeCall(Oid oid, Tid before) {
		return new ZeoCall(Tuple.of(oid.toBytes(), before.toBytes()), false, ZeoMethods.LOAD_BEFORE,
				Tuple.of(oid.toBytes(), before.toBytes()));
	}

	/**
	 * Calls {@code loadBefore} for many objects, written to the socket together as one batch and flushed, so that
	 * a prefetch costs the event loop one write rather than one per object. A load of a revision already in flight
	 * is shared, as with {@link #loadBefore(Oid, Tid, ReplyHandler)}. An object {@code cached} has by the time its
	 * load is registered is not loaded: its load is answered with what the cache holds, for this caller and any
	 * that shared the load meanwhile. A reply is handled (its object cached) before its call is unregistered, so
	 * asking after registering finds either the call in flight or what its reply brought, and never loads an object
	 * twice.
	 * @param oids the objects, each once
	 * @param before the tid to load before
	 * @param handlers gives the reply handler of each object's load
	 * @param cached gives what the cache holds for an object, or {@code null} if it still needs loading
	 * @return the loads' results, in the order of {@code oids}
	 */
	@SuppressWarnings("unchecked")
	<T> List<CompletableFuture<T>> loadBefore(List<Oid> oids, Tid before, Function<Oid, ReplyHandler<T>> handlers,
			Function<Oid, @Nullable T> cached) {
		List<CompletableFuture<T>> results = new ArrayList<>(oids.size());
		List<ZeoCall> calls = new ArrayList<>(oids.size());
		List<LoadKey> keys = new ArrayList<>(oids.size());
		List<PendingCall<T>> registered = new ArrayList<>(oids.size());
		LoadBatch batch = new LoadBatch();
		for (Oid oid : oids) {
			LoadKey key = new LoadKey(oid.value(), before.value());
			PendingCall<T> call0 = new PendingCall<>(ZeoMethods.LOAD_BEFORE, handlers.apply(oid), batch);
			PendingCall<?> inFlight = this.pending.putIfAbsent(key, call0);
			if (inFlight != null) {
				batch.ended();
				results.add((CompletableFuture<T>) inFlight.future);
				continue;
			}
			T held = cached.apply(oid);
			if (held != null) {
				this.pending.remove(key, call0);
				call0.future.complete(held);
				batch.ended();
				results.add(call0.future);
				continue;
			}
			results.add(call0.future);
			calls.add(loadBeforeCall(oid, before));
			keys.add(key);
			registered.add(call0);
		}
		if (!calls.isEmpty()) {
			if (this.closed) {
				failAll(keys, registered, disconnected());
			}
			else {
				this.channel.writeAndFlush(new ZeoMessageBatch(calls)).addListener((future) -> {
					if (!future.isSuccess()) {
						failAll(keys, registered, writeFailed(ZeoMethods.LOAD_BEFORE, future.cause()));
					}
				});
			}
		}
		batch.ended();
		return results;
	}

	private <T> void failAll(List<LoadKey> keys, List<PendingCall<T>> calls, RuntimeException failure) {
		for (int i = 0; i < keys.size(); i++) {
			if (this.pending.remove(keys.get(i), calls.get(i))) {
				calls.get(i).fail(failure);
			}
		}
	}

	private <T> CompletableFuture<T> send(Object key, ZeoCall call, ReplyHandler<T> handler) {
		PendingCall<T> call0 = new PendingCall<>(call.method(), handler);
		this.pending.put(key, call0);
		return write(key, call0, call);
	}

	/**
	 * Writes and flushes a call registered as pending under {@code key}; a failed write or a closed connection fails
	 * it.
	 */
	private <T> CompletableFuture<T> write(Object key, PendingCall<T> call0, ZeoCall call) {
		if (this.closed) {
			this.pending.remove(key, call0);
			call0.fail(disconnected());
			return call0.future;
		}
		this.channel.writeAndFlush(call).addListener((future) -> {
			if (!future.isSuccess() && this.pending.remove(key, call0)) {
				call0.fail(writeFailed(call.method(), future.cause()));
			}
		});
		return call0.future;
	}

	/**
	 * Sends an asynchronous call without flushing; the next synchronous call or {@link #flush()} sends it.
	 */
	void sendAsync(String method, @Nullable Object... args) {
		writeAsync(ZeoCall.async(method, args), method, false);
	}

	/**
	 * Sends asynchronous calls written together, in order, as one batch.
	 * @param calls the calls
	 * @param flush whether to flush them now rather than with the next call that flushes
	 */
	void sendAsync(List<ZeoCall> calls, boolean flush) {
		if (!calls.isEmpty()) {
			writeAsync(new ZeoMessageBatch(calls), calls.get(0).method(), flush);
		}
	}

	/** Writes what no reply follows; a failed write closes the connection, as the server may have seen part of it. */
	private void writeAsync(Object message, String method, boolean flush) {
		if (this.closed) {
			return;
		}
		(flush ? this.channel.writeAndFlush(message) : this.channel.write(message)).addListener((future) -> {
			if (!future.isSuccess() && !this.closed) {
				logger.warn("Could not send {} to ZEO server {}; closing the connection", method, this.address,
						future.cause());
				this.channel.close();
			}
		});
	}

	void flush() {
		this.channel.flush();
	}

	/**
	 * Runs work on the connection's event loop, then delivers the invalidations held back so far and every later
	 * one as it arrives.
	 * @param work the cache verification, run before any held-back invalidation
	 * @return completed once done
	 */
	CompletableFuture<Void> activate(Runnable work) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.channel.eventLoop().execute(() -> {
			try {
				work.run();
				this.ready = true;
				for (ZeoCall call : this.heldBack) {
					deliverInvalidation(call);
				}
				this.heldBack.clear();
				done.complete(null);
			}
			catch (RuntimeException ex) {
				done.completeExceptionally(ex);
			}
		});
		return done;
	}

	void close() {
		this.channel.close();
	}

	// Called by ServerConnectionHandler on the event loop

	void handshakeSucceeded(ProtocolId protocol) {
		this.handshake.complete(protocol);
	}

	void handshakeFailed(Throwable cause) {
		this.handshake.completeExceptionally(cause);
	}

	void received(ZeoMessage message) {
		if (message instanceof ZeoCall call) {
			receivedCall(call);
			return;
		}
		Object key = keyOf(message.msgid());
		PendingCall<?> call = this.pending.get(key);
		if (call == null) {
			logger.warn("Reply from ZEO server {} to no pending call: {}", this.address, message);
			return;
		}
		// Completed before it is removed: a load's handler caches the object, and a load of the same object
		// starting meanwhile must find either the call or the cached object, never neither.
		try {
			if (message instanceof ZeoErrorReply error) {
				call.fail(error.toException(this.storageName));
			}
			else if (message instanceof ZeoReply reply) {
				call.complete(reply.value());
			}
		}
		finally {
			this.pending.remove(key, call);
		}
	}

	private void receivedCall(ZeoCall call) {
		switch (call.method()) {
			case ZeoMethods.INVALIDATE_TRANSACTION -> {
				if (this.ready) {
					deliverInvalidation(call);
				}
				else {
					this.heldBack.add(call);
				}
			}
			case ZeoMethods.INFO -> this.events.info(this, call.mapArg(0));
			default -> logger.warn("Ignoring call {} from ZEO server {}", call.method(), this.address);
		}
	}

	private void deliverInvalidation(ZeoCall call) {
		Tid tid = call.tidArg(0);
		List<@Nullable Object> items = call.listArg(1);
		List<Oid> oids = new ArrayList<>(items.size());
		for (Object item : items) {
			oids.add(PyValues.toOid(item));
		}
		this.events.invalidated(this, tid, oids);
	}

	void channelClosed() {
		this.closed = true;
		this.handshake.completeExceptionally(disconnected());
		for (Object key : List.copyOf(this.pending.keySet())) {
			PendingCall<?> call = this.pending.remove(key);
			if (call != null) {
				call.fail(disconnected());
			}
		}
		this.events.closed(this);
	}

	private ClientDisconnectedException disconnected() {
		return new ClientDisconnectedException("Connection to ZEO server " + this.address + " lost");
	}

	private ClientDisconnectedException writeFailed(String method, @Nullable Throwable cause) {
		ClientDisconnectedException failure = new ClientDisconnectedException(
				"Could not send " + method + " to ZEO server " + this.address);
		if (cause != null) {
			failure.initCause(cause);
		}
		return failure;
	}

	/**
	 * Returns the key a reply's msgid is matched by: the number itself, or the {@code (oid, tid)} pair of a
	 * {@code loadBefore} as a value.
	 */
	static Object keyOf(Object msgid) {
		if (msgid instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof byte[] oid
				&& pair.get(1) instanceof byte[] tid && oid.length == 8 && tid.length == 8) {
			return new LoadKey(Oid.fromBytes(oid).value(), Tid.fromBytes(tid).value());
		}
		return msgid;
	}

	@Override
	public String toString() {
		return "ServerConnection[" + this.address + (this.readOnly ? ", read-only" : "") + "]";
	}

	private record LoadKey(long oid, long tid) {
	}

	private static final class PendingCall<T> {

		final String method;

		final ReplyHandler<T> handler;

		final CompletableFuture<T> future = new CompletableFuture<>();

		/** The prefetch this load was sent with, or {@code null}. */
		private final @Nullable LoadBatch batch;

		PendingCall(String method, ReplyHandler<T> handler) {
			this(method, handler, null);
		}

		PendingCall(String method, ReplyHandler<T> handler, @Nullable LoadBatch batch) {
			this.method = Objects.requireNonNull(method);
			this.handler = handler;
			this.batch = batch;
			if (batch != null) {
				batch.started();
			}
		}

		void complete(@Nullable Object value) {
			try {
				this.future.complete(this.handler.handle(value));
			}
			catch (RuntimeException ex) {
				this.future.completeExceptionally(ex);
			}
			ended();
		}

		void fail(Throwable failure) {
			this.future.completeExceptionally(failure);
			ended();
		}

		private void ended() {
			if (this.batch != null) {
				this.batch.ended();
			}
		}

		/**
		 * Returns the reply for a second caller of this call. A load sent with a prefetch is answered once the
		 * whole prefetch is: its replies arrive together, and a caller woken for each in turn would spend more
		 * on being woken than on the objects.
		 */
		CompletableFuture<T> shared() {
			if (this.batch == null || this.future.isDone()) {
				return this.future;
			}
			return this.batch.done.thenCompose((ended) -> this.future);
		}

	}

	/**
	 * The loads of one prefetch: done once every one of them has been answered, failed or given up, and the
	 * prefetch has registered them all (it holds one count of its own until then).
	 */
	private static final class LoadBatch {

		final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();

		private final AtomicInteger open = new AtomicInteger(1);

		void started() {
			this.open.incrementAndGet();
		}

		void ended() {
			if (this.open.decrementAndGet() == 0) {
				this.done.complete(null);
			}
		}

	}

}
