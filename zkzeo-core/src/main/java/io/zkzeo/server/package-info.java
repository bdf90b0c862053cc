/**
 * The ZEO 5 storage server: {@link io.zkzeo.server.StorageServer} serves named
 * {@link io.zkzeo.storage.Storage}s to ZEO clients over Netty, speaking the wire protocol of
 * {@link io.zkzeo.protocol}.
 *
 * <p>It owns the per-connection call dispatch (each connection's calls run in order on a shared worker
 * pool, off the event loop), the two-phase commit on behalf of clients (stores stream into the storage,
 * the storage's commit lock is taken at vote), the invalidation broadcast to the other clients of a
 * storage, the invalidation queue behind {@code getInvalidations}, the transaction timeout, read-only
 * serving, TLS, and the status counters reported by {@code server_status}, {@code ruok} and
 * {@link io.zkzeo.server.ServerStatus}. Options are {@link io.zkzeo.server.ServerOptions}.
 */
@NullMarked
package io.zkzeo.server;

import org.jspecify.annotations.NullMarked;
