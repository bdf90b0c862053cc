package io.zkzeo.client;

/**
 * The storage conformance suite through a {@link ClientStorage} against Python's ZEO 5.4 server speaking
 * pickles ({@code Z5}, runzeo's default); skipped where no Python ZEO is available (see
 * {@link ClientStoragePythonServerContractTests}).
 */
class ClientStoragePythonServerPickleIntegrationTests extends ClientStoragePythonServerContractTests {

	@Override
	boolean msgpack() {
		return false;
	}

}
