package io.zkzeo.zookeeper;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the servers registered under a ZooKeeper path, as {@code zc.zkzeo} clients do: a Curator
 * {@link CuratorCache} on the path, and on every change of its children the current
 * {@code host:port} list (unresolved addresses, sorted by node name) is handed to a consumer.
 *
 * <p>The consumer is called once after the initial load, then only when the list changes. Children
 * whose names are not {@code host:port} are skipped with a warning; an empty list is handed over too,
 * with the warning {@code No addresses from <connect-string path>}. The consumer runs on Curator's
 * event thread and should return quickly.
 */
public final class ZkAddressWatcher implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(ZkAddressWatcher.class);

	private enum State {

		LATENT, STARTED, CLOSED

	}

	private final String path;

	private final String connectString;

	private final Consumer<List<InetSocketAddress>> consumer;

	private final CuratorCache cache;

	private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

	private final Set<String> warnedNames = ConcurrentHashMap.newKeySet();

	private final Object publishLock = new Object();

	private volatile boolean initialized;

	private volatile @Nullable List<InetSocketAddress> lastPublished;

	/**
	 * Create a watcher; call {@link #start()} to begin.
	 * @param client a started Curator client
	 * @param path the path under which servers are registered
	 * @param consumer receives every new address list (for example a client storage's
	 * {@code setAddresses})
	 */
	public ZkAddressWatcher(CuratorFramework client, String path, Consumer<List<InetSocketAddress>> consumer) {
		this(client, path, client.getZookeeperClient().getCurrentConnectionString(), consumer);
	}

	/**
	 * Create a watcher naming the given connect string in its log messages.
	 * @param client a started Curator client
	 * @param path the path under which servers are registered
	 * @param connectString the connect string shown in log messages
	 * @param consumer receives every new address list
	 */
	public ZkAddressWatcher(CuratorFramework client, String path, String connectString,
			Consumer<List<InetSocketAddress>> consumer) {
		Objects.requireNonNull(client, "'client' must not be null");
		this.path = PathUtils.validatePath(path);
		this.connectString = Objects.requireNonNull(connectString, "'connectString' must not be null");
		this.consumer = Objects.requireNonNull(consumer, "'consumer' must not be null");
		this.cache = CuratorCache.build(client, this.path);
		CuratorCacheListener listener = CuratorCacheListener.builder()
			.forAll((type, oldData, data) -> changed())
			.forInitialized(this::loaded)
			.build();
		this.cache.listenable().addListener(listener);
	}

	/**
	 * Start following the path.
	 * @throws IllegalStateException if already started
	 */
	public void start() {
		if (!this.state.compareAndSet(State.LATENT, State.STARTED)) {
			throw new IllegalStateException("ZkAddressWatcher is already started");
		}
		this.cache.start();
	}

	/**
	 * Return the addresses last handed to the consumer.
	 * @return the addresses, empty before the initial load
	 */
	public List<InetSocketAddress> currentAddresses() {
		List<InetSocketAddress> published = this.lastPublished;
		return (published != null) ? published : List.of();
	}

	/**
	 * Return whether the initial load of the path has completed.
	 * @return whether the consumer has been called at least once
	 */
	public boolean isInitialized() {
		return this.initialized;
	}

	/**
	 * Return the watched path.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Stop following the path. The consumer is not called afterwards.
	 */
	@Override
	public void close() {
		if (this.state.getAndSet(State.CLOSED) == State.STARTED) {
			this.cache.close();
		}
	}

	private void loaded() {
		this.initialized = true;
		publish();
	}

	private void changed() {
		if (this.initialized) {
			publish();
		}
	}

	private void publish() {
		synchronized (this.publishLock) {
			if (this.state.get() != State.STARTED) {
				return;
			}
			List<InetSocketAddress> addresses = readAddresses();
			if (addresses.equals(this.lastPublished)) {
				return;
			}
			if (addresses.isEmpty()) {
				logger.warn("No addresses from <{}{}>", this.connectString, this.path);
			}
			else {
				logger.info("Addresses from <{}{}>: {}", this.connectString, this.path,
						addresses.stream().map((address) -> address.getHostString() + ":" + address.getPort()).toList());
			}
			this.lastPublished = addresses;
			try {
				this.consumer.accept(addresses);
			}
			catch (RuntimeException ex) {
				logger.warn("Address consumer for <{}{}> failed", this.connectString, this.path, ex);
			}
		}
	}

	private List<InetSocketAddress> readAddresses() {
		List<String> names = this.cache.stream()
			.map(ChildData::getPath)
			.filter((childPath) -> !childPath.equals(this.path)
					&& ZKPaths.getPathAndNode(childPath).getPath().equals(this.path))
			.map(ZKPaths::getNodeFromPath)
			.sorted(Comparator.naturalOrder())
			.toList();
		List<InetSocketAddress> addresses = new ArrayList<>(names.size());
		for (String name : names) {
			Optional<InetSocketAddress> address = ServerNodeNames.parse(name);
			if (address.isPresent()) {
				addresses.add(address.get());
			}
			else if (this.warnedNames.add(name)) {
				logger.warn("Skipping {} under <{}{}>: not host:port", name, this.connectString, this.path);
			}
		}
		return List.copyOf(addresses);
	}

}
