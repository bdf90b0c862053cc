package io.zkzeo.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.zkzeo.protocol.Transport;
import io.zkzeo.protocol.ZeoPipeline;
import io.zkzeo.storage.Storage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ZEO 5 storage server: serves named {@link Storage}s to ZEO clients (Python's {@code ClientStorage} or
 * zkzeo's) over TCP, optionally with TLS.
 *
 * <p>Networking is Netty with NIO: one boss event loop accepts, a worker group reads and writes. Each
 * connection's calls run in order on a shared worker pool, so storage calls that block (file I/O, waiting for
 * the commit lock at vote) hold up neither the event loops nor other connections. Commits stream their stores
 * into the storage as they arrive and serialise at vote, where the storage takes its commit lock; after each
 * commit the other clients of the storage get {@code invalidateTransaction}, in tid order, before any reply
 * that shows them the new tid.
 *
 * <pre>
 * try (StorageServer server = new StorageServer(ServerOptions.of(storage)).start()) {
 *     InetSocketAddress address = server.boundAddress();
 *     ...
 * }
 * </pre>
 */
public final class StorageServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StorageServer.class);

	private static final long CLOSE_WAIT_SECONDS = 10;

	private enum State {

		LATENT, STARTED, CLOSED

	}

	private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

	private final ServerOptions options;

	private final Map<String, StorageEndpoint> endpoints = new LinkedHashMap<>();

	private @Nullable EventLoopGroup bossGroup;

	private @Nullable EventLoopGroup workerGroup;

	private @Nullable ExecutorService workers;

	private @Nullable ChannelGroup channels;

	private @Nullable Channel serverChannel;

	private volatile @Nullable InetSocketAddress boundAddress;

	/**
	 * Creates a server; {@link #start()} binds it.
	 * @param options the settings
	 */
	public StorageServer(ServerOptions options) {
		this.options = java.util.Objects.requireNonNull(options, "'options' must not be null");
	}

	/**
	 * Binds the address and starts serving.
	 * @return this server
	 * @throws IllegalStateException if the server was started before, or the address cannot be bound, or TLS
	 * cannot be set up, or the transport asked for is not available
	 */
	public StorageServer start() {
		if (!this.state.compareAndSet(State.LATENT, State.STARTED)) {
			throw new IllegalStateException("Already started");
		}
		SslContext tls;
		Transport transport;
		try {
			tls = (this.options.tls() != null) ? TlsContexts.forServer(this.options.tls()) : null;
			transport = this.options.transport().resolve();
		}
		catch (RuntimeException ex) {
			this.state.set(State.CLOSED);
			throw ex;
		}
		this.options.storages().forEach((name, storage) -> this.endpoints.put(name,
				new StorageEndpoint(name, storage, this.options)));
		ExecutorService pool = newWorkerPool();
		this.workers = pool;
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("zkzeo-server-boss"),
				transport.ioHandlerFactory());
		EventLoopGroup worker = new MultiThreadIoEventLoopGroup(this.options.effectiveIoThreads(),
				new DefaultThreadFactory("zkzeo-server-io"), transport.ioHandlerFactory());
		this.bossGroup = boss;
		this.workerGroup = worker;
		ChannelGroup group = new DefaultChannelGroup("zkzeo-server", GlobalEventExecutor.INSTANCE);
		this.channels = group;
		Map<String, StorageEndpoint> served = java.util.Collections.unmodifiableMap(this.endpoints);
		ServerBootstrap bootstrap = new ServerBootstrap().group(boss, worker)
			.channel(transport.serverSocketChannelType())
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.SO_KEEPALIVE, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					group.add(channel);
					// pipelined calls (a prefetch) get their replies in a few writes, not one each
					channel.pipeline().addLast("flushConsolidation", new FlushConsolidationHandler(256, true));
					if (tls != null) {
						channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
					}
					ZeoPipeline.addServerHandlers(channel.pipeline(), StorageServer.this.options.protocol(),
							() -> status().toRuokMap());
					channel.pipeline().addLast("zeoServer",
							new ZeoServerHandler(new ZeoSession(channel, served, StorageServer.this.options, pool)));
				}
			});
		String host = this.options.host();
		InetSocketAddress address = (host.isEmpty() || "0.0.0.0".equals(host))
				? new InetSocketAddress(this.options.port()) : new InetSocketAddress(host, this.options.port());
		try {
			Channel channel = bootstrap.bind(address).syncUninterruptibly().channel();
			this.serverChannel = channel;
			this.boundAddress = (InetSocketAddress) channel.localAddress();
		}
		catch (RuntimeException ex) {
			close();
			throw new IllegalStateException("Cannot bind the ZEO server to " + address + ": " + ex.getMessage(), ex);
		}
		logger.info("ZEO server serving {} on {} ({}, {}{}{})", this.endpoints.keySet(), this.boundAddress,
				this.options.protocol().serverEncoding(), transport, (tls != null) ? ", TLS" : "",
				this.options.readOnly() ? ", read-only" : "");
		return this;
	}

	private static ExecutorService newWorkerPool() {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory factory = (task) -> {
			Thread thread = new Thread(task, "zkzeo-server-worker-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
	}

	/**
	 * Returns the address the server listens on, with the real port when port 0 was asked for.
	 * @return the address
	 * @throws IllegalStateException if the server is not started
	 */
	public InetSocketAddress boundAddress() {
		InetSocketAddress address = this.boundAddress;
		if (address == null) {
			throw new IllegalStateException("The server is not started");
		}
		return address;
	}

	/** @return the settings */
	public ServerOptions options() {
		return this.options;
	}

	/** @return whether the server is started and not closed */
	public boolean isRunning() {
		return this.state.get() == State.STARTED;
	}

	/**
	 * Returns a snapshot of the status of every served storage.
	 * @return the status
	 */
	public ServerStatus status() {
		Map<String, StorageStatus> storages = new LinkedHashMap<>();
		this.endpoints.forEach((name, endpoint) -> storages.put(name, endpoint.status()));
		return new ServerStatus(Instant.now(), storages);
	}

	/**
	 * Stops accepting, closes every connection (aborting their open transactions), and, if the options say so,
	 * closes the storages. Does nothing if already closed.
	 */
	@Override
	public void close() {
		State previous = this.state.getAndSet(State.CLOSED);
		if (previous == State.CLOSED) {
			return;
		}
		if (this.serverChannel != null) {
			this.serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		if (this.channels != null) {
			this.channels.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		shutDown(this.bossGroup);
		shutDown(this.workerGroup);
		if (this.workers != null) {
			this.workers.shutdown();
			try {
				if (!this.workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
					logger.warn("ZEO server calls still running after {} s; interrupting them", CLOSE_WAIT_SECONDS);
					this.workers.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.workers.shutdownNow();
			}
		}
		this.endpoints.values().forEach(StorageEndpoint::close);
		if (this.options.closeStorages()) {
			for (Storage storage : this.options.storages().values()) {
				try {
					storage.close();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not close storage {}", storage.getName(), ex);
				}
			}
		}
		if (previous == State.STARTED) {
			logger.info("ZEO server on {} closed", this.boundAddress);
		}
	}

	private static void shutDown(@Nullable EventLoopGroup group) {
		if (group != null) {
			group.shutdownGracefully(0, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)
				.awaitUninterruptibly(CLOSE_WAIT_SECONDS + 1, TimeUnit.SECONDS);
		}
	}

}
