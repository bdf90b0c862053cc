package io.zkzeo.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Several messages written together: the {@link ZeoMessageEncoder} puts them, each framed as on its own, into one
 * buffer, so that a client streaming a transaction's {@code storea} calls pays for one write through the pipeline
 * instead of one per call. The peer sees the same frames in the same order as if each had been written alone.
 *
 * @param messages the messages, in wire order
 */
public record ZeoMessageBatch(List<? extends ZeoMessage> messages) {

	/**
	 * Creates a batch.
	 * @param messages the messages, in wire order; copied
	 */
	public ZeoMessageBatch {
		messages = List.copyOf(Objects.requireNonNull(messages, "'messages' must not be null"));
	}

}
