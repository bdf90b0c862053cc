package io.zkzeo.autoconfigure.actuate;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.server.StorageServer;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/**
 * Matches when the application runs a zkzeo storage server or client storage.
 */
class OnZkzeoComponentCondition extends AnyNestedCondition {

	OnZkzeoComponentCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(StorageServer.class)
	static class HasServer {

	}

	@ConditionalOnBean(ClientStorage.class)
	static class HasClient {

	}

}
