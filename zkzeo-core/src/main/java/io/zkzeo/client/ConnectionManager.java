package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoPipeline;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Keeps a client storage connected: tries every listed address at once, registers on the first server that
 * answers (writable preferred; read-only if allowed and nothing else is available, upgrading later), retries each
 * address with a {@link Backoff}, switches when the active server leaves the address list, and starts over when the
 * active connection is lost.
 *
 * <p>All decisions run on one thread of its own, so registrations happen one at a time, as in ZEO. Other threads
 * wait for a connection with {@link #awaitActive}.
 */
final class ConnectionManager implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionManager.class);

	private static final AttributeKey<ServerConnection> CONNECTION = AttributeKey.valueOf("zkzeoServerConnection");

	private static final Duration MIN_REGISTRATION_TIMEOUT = Duration.ofSeconds(10);

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	/** Bytes the smallest socket read asks for, as Netty's default. */
	private static final int MIN_READ = 64;

	/** Bytes a new connection's first socket read asks for; later reads adapt between the bounds. */
	private static final int FIRST_READ = 16 * 1024;

	/** Bytes the largest socket read asks for, as Netty's default. */
	private static final int MAX_READ = 64 * 1024;

	private final ClientOptions options;

	private final String displayName;

	private final EventLoopGroup group;

	private final ScheduledExecutorService executor;

	private final ConnectionEvents storageEvents;

	private final ConnectionActivator activator;

	private final Duration registrationTimeout;

	private final Map<InetSocketAddress, Attempt> attempts = new HashMap<>();

	private volatile List<InetSocketAddress> addresses;

	private boolean closed;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private volatile @Nullable ServerConnection active;

	private volatile boolean shutDown;

	ConnectionManager(ClientOptions options, String displayName, EventLoopGroup group,
			ScheduledExecutorService executor, ConnectionEvents storageEvents, ConnectionActivator activator) {
		this.options = options;
		this.displayName = displayName;
		this.group = group;
		this.executor = executor;
		this.storageEvents = storageEvents;
		this.activator = activator;
		this.addresses = options.addresses();
		this.registrationTimeout = (options.waitTimeout().compareTo(MIN_REGISTRATION_TIMEOUT) > 0)
				? options.waitTimeout() : MIN_REGISTRATION_TIMEOUT;
	}

	/**
	 * Starts connecting to the configured addresses.
	 */
	void start() {
		post(() -> {
			if (this.addresses.isEmpty()) {
				logger.warn("No addresses for ZEO storage {}; waiting for some", this.displayName);
			}
			ensureAttempts();
		});
	}

	/**
	 * Replaces the address list.
	 * @param newAddresses the servers now serving the storage
	 */
	void setAddresses(List<InetSocketAddress> newAddresses) {
		List<InetSocketAddress> copy = List.copyOf(newAddresses);
		post(() -> {
			this.addresses = copy;
			for (Attempt attempt : List.copyOf(this.attempts.values())) {
				if (!copy.contains(attempt.address)) {
					cancel(attempt);
				}
			}
			ServerConnection current = this.active;
			if (current != null && !copy.contains(current.address())) {
				logger.info("ZEO server {} of storage {} is no longer listed; switching", current.address(),
						this.displayName);
				setActive(null);
				current.close();
			}
			if (copy.isEmpty()) {
				logger.warn("No addresses for ZEO storage {}; waiting for some", this.displayName);
			}
			ensureAttempts();
		});
	}

	List<InetSocketAddress> addresses() {
		return this.addresses;
	}

	/**
	 * Returns the connection in use, if any.
	 * @return the active connection, or {@code null} while disconnected
	 */
	@Nullable ServerConnection active() {
		ServerConnection current = this.active;
		return (current != null && current.isOpen()) ? current : null;
	}

	/**
	 * Waits for a usable connection.
	 * @param timeout how long to wait
	 * @return the connection
	 * @throws ClientDisconnectedException if none is ready in time, or the storage is closed
	 */
	ServerConnection awaitActive(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (true) {
				if (this.shutDown) {
					throw new ClientDisconnectedException("ZEO storage " + this.displayName + " is closed");
				}
				ServerConnection current = this.active;
				if (current != null && current.isOpen()) {
					return current;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new ClientDisconnectedException("No connection to ZEO storage " + this.displayName + " at "
							+ this.addresses + " within " + timeout);
				}
				this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClientDisconnectedException("Interrupted while waiting for a connection to ZEO storage "
					+ this.displayName);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void setActive(@Nullable ServerConnection connection) {
		this.lock.lock();
		try {
			this.active = connection;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void post(Runnable task) {
		if (this.executor.isShutdown()) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Connection management of ZEO storage {} failed", this.displayName, ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Shut down between the check and the call: the storage is closing and has nothing left to manage.
			logger.debug("Connection management of ZEO storage {} has stopped; dropped a task", this.displayName);
		}
	}

	// Everything below runs on the manager's thread.

	private void ensureAttempts() {
		if (this.closed) {
			return;
		}
		ServerConnection current = this.active;
		if (current != null && !current.isReadOnly()) {
			return;
		}
		for (InetSocketAddress address : this.addresses) {
			if ((current == null || !current.address().equals(address)) && !this.attempts.containsKey(address)) {
				Attempt attempt = new Attempt(address, new Backoff(this.options.maxDisconnectPoll()));
				this.attempts.put(address, attempt);
				schedule(attempt, Duration.ZERO);
			}
		}
	}

	private void schedule(Attempt attempt, Duration delay) {
		if (delay.isZero()) {
			post(() -> connect(attempt));
		}
		else {
			attempt.scheduled = this.executor.schedule(() -> post(() -> connect(attempt)), delay.toNanos(),
					TimeUnit.NANOSECONDS);
		}
	}

	private boolean isCurrent(Attempt attempt) {
		return !this.closed && this.attempts.get(attempt.address) == attempt;
	}

	private void connect(Attempt attempt) {
		if (!isCurrent(attempt)) {
			return;
		}
		attempt.scheduled = null;
		Bootstrap bootstrap = new Bootstrap().group(this.group)
			.channel(this.options.transport().socketChannelType())
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
			// A client storage's I/O thread lives as long as the storage. Netty's default adaptive allocator gives each
			// new thread direct chunks of its own, allocated and zeroed, where the pooled one lends it memory its
			// arenas already hold; and reads start at 16 KiB rather than 2 KiB, as the replies to a prefetch arrive
			// together, which a new connection would otherwise read in many small reads into a growing buffer.
			.option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
			.option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(MIN_READ, FIRST_READ, MAX_READ))
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					initConnection(channel, attempt.address);
				}
			});
		ChannelFuture connecting = bootstrap.connect(attempt.address);
		attempt.channel = connecting.channel();
		connecting.addListener((done) -> {
			if (!done.isSuccess()) {
				post(() -> attemptFailed(attempt, done.cause()));
				return;
			}
			ServerConnection connection = connecting.channel().attr(CONNECTION).get();
			connection.handshake().whenComplete((protocol, failure) -> post(() -> {
				if (failure != null) {
					attemptFailed(attempt, failure);
				}
				else {
					candidateReady(attempt, connection);
				}
			}));
		});
	}

	private void initConnection(SocketChannel channel, InetSocketAddress address) {
		ConnectionEvents events = new ConnectionEvents() {
			@Override
			public void invalidated(ServerConnection connection, Tid tid, List<Oid> oids) {
				ConnectionManager.this.storageEvents.invalidated(connection, tid, oids);
			}

			@Override
			public void info(ServerConnection connection, Map<Object, @Nullable Object> info) {
				ConnectionManager.this.storageEvents.info(connection, info);
			}

			@Override
			public void closed(ServerConnection connection) {
				ConnectionManager.this.storageEvents.closed(connection);
				post(() -> lost(connection));
			}
		};
		ServerConnection connection = new ServerConnection(channel, address, this.options.storageName(), events);
		channel.attr(CONNECTION).set(connection);
		ChannelPipeline pipeline = channel.pipeline();
		ClientTlsOptions tls = this.options.tls();
		if (tls != null) {
			String host = (tls.serverHostname() != null) ? tls.serverHostname() : address.getHostString();
			SslHandler ssl = tls.context().newHandler(channel.alloc(), host, address.getPort());
			if (tls.checkHostname()) {
				SSLEngine engine = ssl.engine();
				SSLParameters parameters = engine.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				engine.setSSLParameters(parameters);
			}
			pipeline.addLast("ssl", ssl);
		}
		ZeoPipeline.addClientHandlers(pipeline, this.options.protocolOptions());
		long heartbeat = this.options.heartbeatInterval().toMillis();
		pipeline.addLast("heartbeat", new IdleStateHandler(0, heartbeat, 0, TimeUnit.MILLISECONDS));
		pipeline.addLast("zeoClient", new ServerConnectionHandler(connection));
	}

	private void attemptFailed(Attempt attempt, @Nullable Throwable cause) {
		if (!isCurrent(attempt)) {
			return;
		}
		Channel channel = attempt.channel;
		if (channel != null) {
			channel.close();
		}
		attempt.failures++;
		if (attempt.failures == 1) {
			logger.warn("Cannot connect to ZEO server {} for storage {}: {}", attempt.address, this.displayName,
					describe(cause));
		}
		else {
			logger.debug("Still cannot connect to ZEO server {} for storage {}: {}", attempt.address,
					this.displayName, describe(cause));
		}
		retryLater(attempt);
	}

	private void retryLater(Attempt attempt) {
		ServerConnection current = this.active;
		if (this.addresses.contains(attempt.address) && (current == null || current.isReadOnly())) {
			schedule(attempt, attempt.backoff.next());
		}
		else {
			this.attempts.remove(attempt.address, attempt);
		}
	}

	private void candidateReady(Attempt attempt, ServerConnection connection) {
		if (!isCurrent(attempt)) {
			connection.close();
			return;
		}
		ServerConnection current = this.active;
		if (current != null && !current.isReadOnly()) {
			connection.close();
			this.attempts.remove(attempt.address, attempt);
			return;
		}
		try {
			Tid serverTid = register(connection);
			if (connection.isReadOnly() && current != null) {
				logger.debug("ZEO server {} is read-only too; keeping {}", connection.address(), current.address());
				connection.close();
				retryLater(attempt);
				return;
			}
			this.activator.activate(connection, serverTid);
		}
		catch (RuntimeException ex) {
			if (attempt.failures == 0) {
				logger.warn("Cannot use ZEO server {} for storage {}: {}", connection.address(), this.displayName,
						describe(ex));
			}
			else {
				logger.debug("Still cannot use ZEO server {} for storage {}: {}", connection.address(),
						this.displayName, describe(ex));
			}
			connection.close();
			attempt.failures++;
			retryLater(attempt);
			return;
		}
		this.attempts.remove(attempt.address, attempt);
		attempt.channel = null;
		if (!connection.isOpen()) {
			ensureAttempts();
			return;
		}
		setActive(connection);
		if (current != null) {
			logger.info("Switching ZEO storage {} from read-only server {} to {}", this.displayName,
					current.address(), connection.address());
			current.close();
		}
		logger.info("Connected to ZEO server {} for storage {}{}", connection.address(), this.displayName,
				connection.isReadOnly() ? " (read-only)" : "");
		if (connection.isReadOnly()) {
			ensureAttempts();
		}
		else {
			for (Attempt other : List.copyOf(this.attempts.values())) {
				cancel(other);
			}
		}
	}

	private @Nullable Tid register(ServerConnection connection) {
		boolean readOnly = this.options.readOnly();
		Object flag = readOnly ? Boolean.TRUE : Long.valueOf(0);
		try {
			Tid tid = await(connection.call(ZeoMethods.REGISTER, PyValues::toNullableTid, this.options.storageName(),
					flag));
			connection.setReadOnly(readOnly);
			return tid;
		}
		catch (ReadOnlyError ex) {
			if (readOnly || !this.options.readOnlyFallback()) {
				throw ex;
			}
			Tid tid = await(connection.call(ZeoMethods.REGISTER, PyValues::toNullableTid, this.options.storageName(),
					Boolean.TRUE));
			connection.setReadOnly(true);
			return tid;
		}
	}

	/**
	 * Waits for a reply during registration, bounded so that a server that accepts but never answers cannot hold
	 * the manager up.
	 */
	<T> T await(CompletableFuture<T> reply) {
		try {
			return reply.get(this.registrationTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new StorageError("Call failed", Objects.requireNonNull(cause));
		}
		catch (TimeoutException ex) {
			throw new ClientDisconnectedException("No reply from ZEO server within " + this.registrationTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClientDisconnectedException("Interrupted");
		}
	}

	private void lost(ServerConnection connection) {
		if (this.active == connection) {
			setActive(null);
			if (!this.closed) {
				logger.warn("Disconnected from ZEO server {} for storage {}; reconnecting", connection.address(),
						this.displayName);
			}
		}
		ensureAttempts();
	}

	private void cancel(Attempt attempt) {
		this.attempts.remove(attempt.address, attempt);
		ScheduledFuture<?> scheduled = attempt.scheduled;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		Channel channel = attempt.channel;
		if (channel != null) {
			channel.close();
		}
	}

	private static String describe(@Nullable Throwable cause) {
		if (cause == null) {
			return "unknown error";
		}
		Throwable root = (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null)
				? cause.getCause() : cause;
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/**
	 * Closes every connection and stops connecting.
	 */
	@Override
	public void close() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		post(() -> {
			this.closed = true;
			for (Attempt attempt : new ArrayList<>(this.attempts.values())) {
				cancel(attempt);
			}
			ServerConnection current = this.active;
			setActive(null);
			if (current != null) {
				current.close();
			}
			done.complete(null);
		});
		try {
			done.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Closing the connections of ZEO storage {} took too long", this.displayName);
		}
		this.lock.lock();
		try {
			this.shutDown = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Connecting to one address, retried until it succeeds or the address is dropped. */
	private static final class Attempt {

		final InetSocketAddress address;

		final Backoff backoff;

		@Nullable ScheduledFuture<?> scheduled;

		@Nullable Channel channel;

		int failures;

		Attempt(InetSocketAddress address, Backoff backoff) {
			this.address = address;
			this.backoff = backoff;
		}

	}

}
