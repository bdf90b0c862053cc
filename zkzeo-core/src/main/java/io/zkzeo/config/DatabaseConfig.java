package io.zkzeo.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@code <zodb>} section around a client storage: the database's connection pool and object
 * caches, with the keys and defaults of ZODB 5's schema.
 *
 * @param poolSize expected number of simultaneously open connections ({@code pool-size}, default 7)
 * @param poolTimeout how long an unused connection is kept ({@code pool-timeout}), or {@code null}
 * @param cacheSize target number of objects in each connection's cache ({@code cache-size}, default 5000)
 * @param cacheSizeBytes target byte size of each connection's cache ({@code cache-size-bytes}, 0 for no
 * limit)
 * @param historicalPoolSize expected number of historical connections ({@code historical-pool-size},
 * default 3)
 * @param historicalCacheSize target objects per historical connection ({@code historical-cache-size},
 * default 1000)
 * @param historicalCacheSizeBytes target bytes per historical connection
 * ({@code historical-cache-size-bytes}, default 0)
 * @param historicalTimeout how long an unused historical connection is kept
 * ({@code historical-timeout}, default 5 minutes)
 * @param largeRecordSize record size above which a warning is logged ({@code large-record-size},
 * default 16MB)
 * @param databaseName the name in a multi-database ({@code database-name}), or {@code null}
 * @param allowImplicitCrossReferences the {@code allow-implicit-cross-references} flag, or {@code null}
 */
public record DatabaseConfig(int poolSize, @Nullable Duration poolTimeout, int cacheSize, long cacheSizeBytes,
		int historicalPoolSize, int historicalCacheSize, long historicalCacheSizeBytes, Duration historicalTimeout,
		long largeRecordSize, @Nullable String databaseName, @Nullable Boolean allowImplicitCrossReferences) {

	private static final Set<String> KEYS = Set.of("cache-size", "cache-size-bytes", "large-record-size", "pool-size",
			"pool-timeout", "historical-pool-size", "historical-cache-size", "historical-cache-size-bytes",
			"historical-timeout", "database-name", "allow-implicit-cross-references");

	static DatabaseConfig read(ConfigSection section, List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, KEYS, Set.of(), unsupported);
		Duration historicalTimeout = reader.timeInterval("historical-timeout");
		return new DatabaseConfig(reader.integer("pool-size", 7), reader.timeInterval("pool-timeout"),
				reader.integer("cache-size", 5000), reader.byteSize("cache-size-bytes", 0),
				reader.integer("historical-pool-size", 3), reader.integer("historical-cache-size", 1000),
				reader.byteSize("historical-cache-size-bytes", 0),
				(historicalTimeout != null) ? historicalTimeout : Duration.ofMinutes(5),
				reader.byteSize("large-record-size", 16L * 1024 * 1024), reader.string("database-name"),
				reader.bool("allow-implicit-cross-references"));
	}

}
