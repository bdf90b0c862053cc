package io.zkzeo.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.conformance.CurrentRecordIterationStorageContract;
import io.zkzeo.storage.conformance.StorageContracts;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.conformance.TestRecordsReferenceFinder;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole storage conformance suite against a {@link ClientStorage} talking over 127.0.0.1 to a zkzeo
 * {@link StorageServer} serving a {@link MemoryStorage}: a fresh server, storage and client for every test.
 */
class ClientStorageContractIntegrationTests implements ZeoStorageContracts, CurrentRecordIterationStorageContract {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private @Nullable MemoryStorage memory;

	private @Nullable StorageServer server;

	private @Nullable ClientStorage storage;

	private @Nullable ClientStorage readOnly;

	@BeforeEach
	void startServerAndClient() {
		this.memory = new MemoryStorage(MemoryStorageOptions.defaults().withName("served"));
		this.server = new StorageServer(ServerOptions.of(this.memory)).start();
		this.storage = new ClientStorage(options());
	}

	private ClientOptions options() {
		return ClientOptions.of(Objects.requireNonNull(this.server).boundAddress()).withWaitTimeout(WAIT);
	}

	@AfterEach
	void stop() {
		if (this.readOnly != null) {
			this.readOnly.close();
		}
		if (this.storage != null) {
			this.storage.close();
		}
		if (this.server != null) {
			this.server.close();
		}
		if (this.memory != null) {
			this.memory.close();
		}
	}

	@Override
	public Storage storage() {
		return Objects.requireNonNull(this.storage);
	}

	@Override
	public ReferenceFinder referenceFinder() {
		return new TestRecordsReferenceFinder();
	}

	@Override
	public Storage readOnlyStorage() {
		this.readOnly = new ClientStorage(options().withReadOnly(true));
		return this.readOnly;
	}

}
