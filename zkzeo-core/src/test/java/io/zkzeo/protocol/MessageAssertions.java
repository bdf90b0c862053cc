package io.zkzeo.protocol;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a decoded message against the JSON form of the vectors: {@code [msgid, flags, name, args]}.
 */
final class MessageAssertions {

	private MessageAssertions() {
	}

	@SuppressWarnings("unchecked")
	static void assertMatches(ZeoMessage message, JsonNode decoded, String context) {
		List<@Nullable Object> expected = (List<@Nullable Object>) ZeoVectors.toValue(decoded);
		assertThat(expected).as(context).hasSize(4);
		assertSame(message.msgid(), expected.get(0), context + " msgid");
		String name = (String) expected.get(2);
		if (ZeoMessage.REPLY.equals(name)) {
			long flags = (Long) expected.get(1);
			if (flags == 0) {
				assertThat(message).as(context).isInstanceOf(ZeoReply.class);
				assertSame(((ZeoReply) message).value(), expected.get(3), context + " value");
			}
			else {
				assertThat(flags).as(context).isEqualTo(2);
				assertThat(message).as(context).isInstanceOf(ZeoErrorReply.class);
				ZeoErrorReply error = (ZeoErrorReply) message;
				List<@Nullable Object> body = (List<@Nullable Object>) expected.get(3);
				assertThat(error.className()).as(context).isEqualTo(body.get(0));
				assertSame(error.payload(), body.get(1), context + " error payload");
			}
		}
		else {
			assertThat(message).as(context).isInstanceOf(ZeoCall.class);
			ZeoCall call = (ZeoCall) message;
			assertThat(call.async()).as(context + " async").isEqualTo(expected.get(1));
			assertThat(call.method()).as(context).isEqualTo(name);
			assertSame(call.args(), expected.get(3), context + " args");
		}
	}

	static void assertSame(@Nullable Object actual, @Nullable Object expected, String context) {
		assertThat(PyValues.deepEquals(actual, expected))
			.as("%s: expected %s but was %s", context, PyValues.repr(expected), PyValues.repr(actual))
			.isTrue();
	}

}
