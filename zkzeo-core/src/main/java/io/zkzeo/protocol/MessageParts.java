package io.zkzeo.protocol;

import java.util.List;

import io.netty.handler.codec.CorruptedFrameException;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ZeoMessage} from the four decoded parts of a frame, with the checks both codecs share.
 */
final class MessageParts {

	private MessageParts() {
	}

	static ZeoMessage toMessage(@Nullable Object msgid, @Nullable Object flags, @Nullable Object name,
			@Nullable Object body) {
		if (msgid == null) {
			throw new CorruptedFrameException("Message id must not be None");
		}
		if (!(name instanceof String method)) {
			throw new CorruptedFrameException("Message name must be a str, not " + PyValues.typeName(name));
		}
		boolean flag;
		try {
			flag = PyValues.toBoolean(flags);
		}
		catch (ZeoProtocolException ex) {
			throw new CorruptedFrameException("Message flags must be a bool or int, not " + PyValues.typeName(flags));
		}
		if (ZeoMessage.REPLY.equals(method)) {
			if (!flag) {
				return new ZeoReply(msgid, body);
			}
			if (body instanceof List<?> error && error.size() == 2 && error.get(0) instanceof String className) {
				return new ZeoErrorReply(msgid, className, error.get(1));
			}
			throw new CorruptedFrameException("An error reply must carry (class_name, args), not " + PyValues.repr(body));
		}
		if (!(body instanceof List<?> args)) {
			throw new CorruptedFrameException(
					"Arguments of " + method + " must be a tuple or list, not " + PyValues.typeName(body));
		}
		@SuppressWarnings("unchecked")
		List<@Nullable Object> arguments = (List<@Nullable Object>) args;
		return new ZeoCall(msgid, flag, method, arguments);
	}

}
