/**
 * The ZEO 5 storage server: {@link io.zkzeo.server.StorageServer} serves named
 * {@link io.zkzeo.storage.Storage}s to ZEO clients over Netty, speaking the wire protocol of
 * {@link io.zkzeo.protocol}.
 *
 * <p>It owns the per-connection call dispatch (each connection's calls run in order: quick ones on the event
 * loop when nothing else of the connection is queued, the others on a shared worker pool), the two-phase commit on
 * behalf of clients (stores stream into the storage, the storage's commit lock is taken at vote, and zkzeo's own
 * {@code vote_and_finish} votes and finishes a one-phase commit in one call), the invalidation broadcast to the
 * other clients of a storage, the invalidation queue behind {@code getInvalidations}, the transaction timeout,
 * read-only serving, TLS, and the status counters reported by {@code server_status}, {@code ruok} and
 * {@link io.zkzeo.server.ServerStatus}. Options are {@link io.zkzeo.server.ServerOptions}.
 */
@NullMarked
package io.zkzeo.server;

import org.jspecify.annotations.NullMarked;
