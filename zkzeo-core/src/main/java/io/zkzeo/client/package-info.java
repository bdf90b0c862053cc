/**
 * The ZEO 5 client storage.
 *
 * <p>{@link io.zkzeo.client.ClientStorage} is the entry point: a {@link io.zkzeo.storage.Storage} whose calls go
 * over the wire to a zkzeo or Python ZEO 5 storage server. It connects to every address it is given, prefers a
 * writable server, reconnects with a bounded backoff, follows address changes at run time
 * ({@link io.zkzeo.client.ClientStorage#setAddresses}), keeps a size-bounded cache of object revisions fed by the
 * server's invalidations and verified after every reconnect, and tells its invalidation listeners of every commit
 * in tid order. {@link io.zkzeo.client.ClientOptions} holds its settings.
 */
@NullMarked
package io.zkzeo.client;

import org.jspecify.annotations.NullMarked;
