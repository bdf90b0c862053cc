package io.zkzeo.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.zkzeo.client.RecordedSession.Frame;
import io.zkzeo.protocol.ZeoEncoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against recorded Python ZEO 5.4 sessions: a {@link ReplayPeer} plays the Python server's frames of one
 * connection and checks that every frame the client sends is the one Python's client sent, byte for byte, while a
 * {@link SessionDriver} makes the client do what the Python program did and checks what it makes of the Python
 * server's replies (data, tids, conflicts, POSKeyError, undo log, history, iteration).
 */
class ClientStorageReplayTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

	@ParameterizedTest
	@EnumSource(ZeoEncoding.class)
	void clientThatCreatesTheRootCommitsUndoesAndPacksSpeaksAsPythonsClientDid(ZeoEncoding encoding) throws Exception {
		replay(encoding, 1);
	}

	@ParameterizedTest
	@EnumSource(ZeoEncoding.class)
	void clientThatReceivesInvalidationsAndConflictsSpeaksAsPythonsClientDid(ZeoEncoding encoding) throws Exception {
		replay(encoding, 2);
	}

	@ParameterizedTest
	@EnumSource(ZeoEncoding.class)
	void clientThatReadsHistoryAndIteratesSpeaksAsPythonsClientDid(ZeoEncoding encoding) throws Exception {
		replay(encoding, 3);
	}

	private void replay(ZeoEncoding encoding, int conn) throws Exception {
		RecordedSession session = RecordedSession.load(encoding);
		try (ReplayPeer peer = new ReplayPeer(session, conn)) {
			ClientOptions options = ClientOptions.of(peer.address())
				.withEncodings(Set.of(encoding))
				.withWaitTimeout(CONNECT_WAIT)
				.withOidsOnConnect(false);
			try (ClientStorage client = new ClientStorage(options)) {
				new SessionDriver(session, conn, client, peer).run();
				peer.awaitEnd(WAIT);
			}
			catch (RuntimeException | AssertionError ex) {
				if (peer.hasFailed()) {
					peer.awaitEnd(WAIT);
				}
				throw ex;
			}
			List<Integer> clientFrames = session.connection(conn)
				.stream()
				.filter(Frame::clientToServer)
				.map(Frame::index)
				.toList();
			assertThat(peer.matchedFrames()).containsExactlyElementsOf(clientFrames);
		}
	}

}
