package io.zkzeo.protocol;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A cheap upper-bound-ish estimate of a message's encoded size, dominated by its byte strings (object records).
 */
final class MessageSizes {

	private static final int MAX_DEPTH = 3;

	private MessageSizes() {
	}

	static int estimate(ZeoMessage message) {
		long size = 32;
		if (message instanceof ZeoCall call) {
			size += call.method().length() + estimate(call.args(), 0);
		}
		else if (message instanceof ZeoReply reply) {
			size += estimate(reply.value(), 0);
		}
		else if (message instanceof ZeoErrorReply error) {
			size += error.className().length() + estimate(error.payload(), 0);
		}
		return (int) Math.min(size, 1 << 30);
	}

	private static long estimate(@Nullable Object value, int depth) {
		if (value instanceof byte[] bytes) {
			return bytes.length + 5;
		}
		if (value instanceof String string) {
			return string.length() + 5;
		}
		if (depth >= MAX_DEPTH) {
			return 16;
		}
		if (value instanceof List<?> list) {
			long size = 5;
			for (int i = 0; i < list.size(); i++) {
				size += estimate(list.get(i), depth + 1);
			}
			return size;
		}
		if (value instanceof Map<?, ?> map) {
			long size = 5;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += estimate(entry.getKey(), depth + 1) + estimate(entry.getValue(), depth + 1);
			}
			return size;
		}
		return 9;
	}

}
