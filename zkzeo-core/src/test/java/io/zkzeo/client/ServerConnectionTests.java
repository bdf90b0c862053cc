package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.netty.channel.embedded.EmbeddedChannel;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ServerConnection}'s loads, over an embedded channel whose replies the test hands in: a load
 * in flight is shared, and a load sharing one sent with a prefetch is answered once the whole prefetch is.
 */
class ServerConnectionTests {

	private static final ReplyHandler<@Nullable Object> AS_IS = (value) -> value;

	private static final Function<Oid, @Nullable Object> NOTHING_CACHED = (oid) -> null;

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final ServerConnection connection = new ServerConnection(this.channel,
			new InetSocketAddress("127.0.0.1", 8100), "1", new ConnectionEvents() {

				@Override
				public void invalidated(ServerConnection connection, Tid tid, List<Oid> oids) {
				}

				@Override
				public void info(ServerConnection connection, Map<Object, @Nullable Object> info) {
				}

				@Override
				public void closed(ServerConnection connection) {
				}

			});

	@Test
	void aLoadInFlightIsSharedAndAnsweredWithItsReply() {
		CompletableFuture<@Nullable Object> first = this.connection.loadBefore(Oid.of(1), Tid.MAX, AS_IS);
		CompletableFuture<@Nullable Object> second = this.connection.loadBefore(Oid.of(1), Tid.MAX, AS_IS);
		assertThat(second).isSameAs(first);
		reply(1, "one");
		assertThat(second).isCompletedWithValue("one");
	}

	@Test
	void aLoadSharingAPrefetchedOneIsAnsweredOnceTheWholePrefetchIs() {
		List<CompletableFuture<@Nullable Object>> prefetched = this.connection
			.loadBefore(List.of(Oid.of(1), Oid.of(2), Oid.of(3)), Tid.MAX, (oid) -> AS_IS, NOTHING_CACHED);
		CompletableFuture<@Nullable Object> shared = this.connection.loadBefore(Oid.of(1), Tid.MAX, AS_IS);
		reply(2, "two");
		reply(1, "one");
		assertThat(prefetched.get(0)).isCompletedWithValue("one");
		assertThat(shared).isNotDone();
		reply(3, "three");
		assertThat(shared).isCompletedWithValue("one");
	}

	@Test
	void aLoadSharingACallSentBeforeThePrefetchIsNotHeldForThePrefetch() {
		CompletableFuture<@Nullable Object> single = this.connection.loadBefore(Oid.of(1), Tid.MAX, AS_IS);
		List<CompletableFuture<@Nullable Object>> prefetched = this.connection
			.loadBefore(List.of(Oid.of(1), Oid.of(2)), Tid.MAX, (oid) -> AS_IS, NOTHING_CACHED);
		assertThat(prefetched.get(0)).isSameAs(single);
		CompletableFuture<@Nullable Object> shared = this.connection.loadBefore(Oid.of(1), Tid.MAX, AS_IS);
		reply(1, "one");
		assertThat(shared).isCompletedWithValue("one");
		assertThat(prefetched.get(1)).isNotDone();
	}

	@Test
	void anObjectCachedOnceItsLoadIsRegisteredIsAnsweredFromTheCacheNotLoaded() {
		List<CompletableFuture<@Nullable Object>> prefetched = this.connection.loadBefore(List.of(Oid.of(1), Oid.of(2)),
				Tid.MAX, (oid) -> AS_IS, (oid) -> oid.equals(Oid.of(2)) ? "cached two" : null);
		assertThat(prefetched.get(1)).isCompletedWithValue("cached two");
		CompletableFuture<@Nullable Object> second = this.connection.loadBefore(Oid.of(2), Tid.MAX, AS_IS);
		assertThat(second).isNotSameAs(prefetched.get(1));
		reply(2, "two");
		assertThat(second).isCompletedWithValue("two");
		assertThat(prefetched.get(0)).isNotDone();
		reply(1, "one");
		assertThat(prefetched.get(0)).isCompletedWithValue("one");
	}

	@Test
	void aLostConnectionEndsTheWaitForAPrefetch() {
		this.connection.loadBefore(List.of(Oid.of(1), Oid.of(2)), Tid.MAX, (oid) -> AS_IS, NOTHING_CACHED);
		CompletableFuture<@Nullable Object> answered = this.connection.loadBefore(Oid.of(1), Tid.MAX, AS_IS);
		CompletableFuture<@Nullable Object> unanswered = this.connection.loadBefore(Oid.of(2), Tid.MAX, AS_IS);
		reply(1, "one");
		assertThat(answered).isNotDone();
		this.connection.channelClosed();
		assertThat(answered).isCompletedWithValue("one");
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(() -> Replies.await(unanswered));
	}

	private void reply(long oid, String value) {
		this.connection.received(new ZeoReply(Tuple.of(Oid.of(oid).toBytes(), Tid.MAX.toBytes()), value));
	}

}
