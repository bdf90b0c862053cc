package io.zkzeo.client;

import java.util.List;
import java.util.Set;

import io.zkzeo.client.RecordingListener.Event;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.conformance.TestRecords;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks shared by the client tests against any server.
 */
final class TwoClients {

	private TwoClients() {
	}

	/**
	 * Two clients of one server commit in turn: each hears every commit, its own and the other's, in tid order,
	 * and reads the other's changes, current and as of before them.
	 * @param a one client
	 * @param b another client of the same server
	 */
	static void hearEachOthersCommitsInTidOrder(ClientStorage a, ClientStorage b) {
		RecordingListener heardByA = new RecordingListener();
		RecordingListener heardByB = new RecordingListener();
		a.addInvalidationListener(heardByA);
		b.addInvalidationListener(heardByB);
		Oid x = a.newOid();
		Oid y = b.newOid();
		Tid t1 = commit(a, "a creates x", store(x, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(b, "b creates y", store(y, Tid.ZERO, TestRecords.counter(2)));
		b.sync();
		assertThat(TestRecords.value(b.load(x).data())).isEqualTo(1);
		Tid t3 = commit(a, "a changes x", store(x, t1, TestRecords.counter(3)));
		a.sync();
		b.sync();
		List<Event> expected = List.of(new Event(t1, Set.of(x)), new Event(t2, Set.of(y)), new Event(t3, Set.of(x)));
		assertThat(heardByA.events()).containsExactlyElementsOf(expected);
		assertThat(heardByB.events()).containsExactlyElementsOf(expected);
		assertThat(b.lastTransaction()).isEqualTo(t3);
		DataRevision seenByB = b.load(x);
		assertThat(TestRecords.value(seenByB.data())).isEqualTo(3);
		assertThat(seenByB.serial()).isEqualTo(t3);
		DataRevision before = b.loadBefore(x, t3);
		assertThat(before).isNotNull();
		assertThat(TestRecords.value(before.data())).isEqualTo(1);
		assertThat(before.start()).isEqualTo(t1);
		assertThat(before.end()).isEqualTo(t3);
	}

}
