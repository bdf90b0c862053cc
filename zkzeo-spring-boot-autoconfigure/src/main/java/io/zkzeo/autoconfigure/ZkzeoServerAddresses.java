package io.zkzeo.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.zkzeo.client.ClientStorage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of the storage servers registered in ZooKeeper, as a
 * {@link io.zkzeo.zookeeper.ZkAddressWatcher} reports them, handed on to the client storage once it is
 * attached ({@link ClientStorage#setAddresses}).
 */
public final class ZkzeoServerAddresses implements Consumer<List<InetSocketAddress>> {

	private static final Logger logger = LoggerFactory.getLogger(ZkzeoServerAddresses.class);

	private final CompletableFuture<List<InetSocketAddress>> initial = new CompletableFuture<>();

	private @Nullable List<InetSocketAddress> latest;

	private @Nullable ClientStorage storage;

	@Override
	public void accept(List<InetSocketAddress> addresses) {
		ClientStorage target;
		synchronized (this) {
			this.latest = addresses;
			target = this.storage;
		}
		this.initial.complete(addresses);
		if (target != null) {
			logger.info("Storage servers of {} are now {}", target.getName(), addresses);
			target.setAddresses(addresses);
		}
	}

	/**
	 * Waits for the first list of addresses.
	 * @param timeout the longest wait
	 * @return the addresses, or {@code null} if none came within the timeout
	 */
	public @Nullable List<InetSocketAddress> awaitInitial(Duration timeout) {
		try {
			return this.initial.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Hands every later change to a client storage, and the latest list now if it differs from the storage's.
	 * @param storage the client storage
	 */
	public void attach(ClientStorage storage) {
		List<InetSocketAddress> current;
		synchronized (this) {
			this.storage = storage;
			current = this.latest;
		}
		if (current != null && !current.equals(storage.getAddresses())) {
			storage.setAddresses(current);
		}
	}

	/**
	 * Returns the addresses last reported.
	 * @return the addresses, empty before the first report
	 */
	public synchronized List<InetSocketAddress> current() {
		return (this.latest != null) ? this.latest : List.of();
	}

}
