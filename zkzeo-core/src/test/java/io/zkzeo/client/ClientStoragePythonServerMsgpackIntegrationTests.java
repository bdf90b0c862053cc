package io.zkzeo.client;

/**
 * The storage conformance suite through a {@link ClientStorage} against Python's ZEO 5.4 server speaking
 * msgpack ({@code M5}, runzeo's {@code msgpack true}); skipped where no Python ZEO is available (see
 * {@link ClientStoragePythonServerContractTests}).
 */
class ClientStoragePythonServerMsgpackIntegrationTests extends ClientStoragePythonServerContractTests {

	@Override
	boolean msgpack() {
		return true;
	}

}
