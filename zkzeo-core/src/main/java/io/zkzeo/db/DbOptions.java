package io.zkzeo.db;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DB} behaves. Immutable; start from {@link #defaults()} and change with the
 * {@code withX} methods.
 *
 * @param poolSize the most connections open at once
 * @param poolTimeout how long {@link DB#open()} waits for a connection when all are in use;
 * {@link Duration#ZERO} fails at once
 * @param cacheSize the number of loaded objects each connection keeps in its cache between transactions
 * @param conflictRetries how many times {@link DB#transaction} runs its work again after a conflict
 * @param types the Java classes that stand for Python classes
 * @param prefetchLimit when a loaded object references at most this many objects not yet loaded, they are all
 * fetched ahead in one round of pipelined loads if the storage reads over a network
 * ({@link io.zkzeo.storage.Storage#prefetch}): a small container read item by item then costs one round trip, not
 * one per item. Objects with more are usually read by key, and fetching them ahead would delay the loads that
 * follow, so they fetch nothing ahead; B-tree nodes never do. {@code 0} turns this off.
 */
public record DbOptions(int poolSize, Duration poolTimeout, int cacheSize, int conflictRetries,
		PersistentTypes types, int prefetchLimit) {

	/** The default pool size, ZODB's. */
	public static final int DEFAULT_POOL_SIZE = 7;

	/** The default number of loaded objects per connection cache. */
	public static final int DEFAULT_CACHE_SIZE = 10_000;

	/** The default number of retries after a conflict. */
	public static final int DEFAULT_CONFLICT_RETRIES = 10;

	/** The default number of unloaded references up to which a loaded object fetches them ahead. */
	public static final int DEFAULT_PREFETCH_LIMIT = 128;

	/**
	 * Checks the options.
	 * @param poolSize at least 1
	 * @param poolTimeout not negative
	 * @param cacheSize at least 0
	 * @param conflictRetries at least 0
	 * @param types the types
	 * @param prefetchLimit at least 0
	 */
	public DbOptions {
		if (poolSize < 1) {
			throw new IllegalArgumentException("Pool size " + poolSize + " must be at least 1");
		}
		Objects.requireNonNull(poolTimeout, "'poolTimeout' must not be null");
		if (poolTimeout.isNegative()) {
			throw new IllegalArgumentException("Pool timeout " + poolTimeout + " must not be negative");
		}
		if (cacheSize < 0) {
			throw new IllegalArgumentException("Cache size " + cacheSize + " must not be negative");
		}
		if (conflictRetries < 0) {
			throw new IllegalArgumentException("Conflict retries " + conflictRetries + " must not be negative");
		}
		Objects.requireNonNull(types, "'types' must not be null");
		if (prefetchLimit < 0) {
			throw new IllegalArgumentException("Prefetch limit " + prefetchLimit + " must not be negative");
		}
	}

	/**
	 * Returns the defaults: 7 connections, a 30 second wait for one, 10,000 objects per cache, 10
	 * retries, the standard types, references fetched ahead by objects with at most 128 of them.
	 * @return the default options
	 */
	public static DbOptions defaults() {
		return new DbOptions(DEFAULT_POOL_SIZE, Duration.ofSeconds(30), DEFAULT_CACHE_SIZE, DEFAULT_CONFLICT_RETRIES,
				PersistentTypes.standard(), DEFAULT_PREFETCH_LIMIT);
	}

	/**
	 * Returns these options with another pool size.
	 * @param poolSize the most connections open at once
	 * @return new options
	 */
	public DbOptions withPoolSize(int poolSize) {
		return new DbOptions(poolSize, this.poolTimeout, this.cacheSize, this.conflictRetries,
				this.types, this.prefetchLimit);
	}

	/**
	 * Returns these options with another pool timeout.
	 * @param poolTimeout how long to wait for a free connection
	 * @return new options
	 */
	public DbOptions withPoolTimeout(Duration poolTimeout) {
		return new DbOptions(this.poolSize, poolTimeout, this.cacheSize, this.conflictRetries,
				this.types, this.prefetchLimit);
	}

	/**
	 * Returns these options with another cache size.
	 * @param cacheSize loaded objects kept per connection
	 * @return new options
	 */
	public DbOptions withCacheSize(int cacheSize) {
		return new DbOptions(this.poolSize, this.poolTimeout, cacheSize, this.conflictRetries,
				this.types, this.prefetchLimit);
	}

	/**
	 * Returns these options with another number of conflict retries.
	 * @param conflictRetries retries after a conflict
	 * @return new options
	 */
	public DbOptions withConflictRetries(int conflictRetries) {
		return new DbOptions(this.poolSize, this.poolTimeout, this.cacheSize, conflictRetries,
				this.types, this.prefetchLimit);
	}

	/**
	 * Returns these options with other types.
	 * @param types the Java classes that stand for Python classes
	 * @return new options
	 */
	public DbOptions withTypes(PersistentTypes types) {
		return new DbOptions(this.poolSize, this.poolTimeout, this.cacheSize, this.conflictRetries,
				types, this.prefetchLimit);
	}

	/**
	 * Returns these options with another prefetch limit.
	 * @param prefetchLimit the most unloaded references an object may have to fetch them ahead, {@code 0} for
	 * none
	 * @return new options
	 */
	public DbOptions withPrefetchLimit(int prefetchLimit) {
		return new DbOptions(this.poolSize, this.poolTimeout, this.cacheSize, this.conflictRetries, this.types,
				prefetchLimit);
	}

}
