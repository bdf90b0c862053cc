package io.zkzeo.client;

/**
 * A snapshot of a client storage's object cache counters.
 *
 * @param hits loads answered from the cache
 * @param misses loads that went to the server
 * @param entries the revisions held
 * @param bytes the bytes held, counting a fixed overhead per revision
 * @param maxBytes the cache's size limit
 * @param evictions revisions removed to stay under the limit
 */
public record CacheStatistics(long hits, long misses, long entries, long bytes, long maxBytes, long evictions) {
}
