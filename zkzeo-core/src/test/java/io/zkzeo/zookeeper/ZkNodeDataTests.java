package io.zkzeo.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ZkNodeDataTests {

	@Test
	void encodeShouldWriteCompactJsonWithAsciiEscapes() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("pid", 88841);
		properties.put("monitor", "127.0.0.1:11976");
		properties.put("name", "caf\u00e9 \"1\"\n\\");
		properties.put("weights", List.of(1, 2.5, true));
		assertThat(new String(ZkNodeData.encode(properties), StandardCharsets.US_ASCII)).isEqualTo(
				"{\"pid\":88841,\"monitor\":\"127.0.0.1:11976\",\"name\":\"caf\\u00e9 \\\"1\\\"\\n\\\\\",\"weights\":[1,2.5,true]}");
	}

	@Test
	void encodeOfSingleStringValueShouldWriteBareString() {
		assertThat(ZkNodeData.encode(Map.of("string_value", "hello"))).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void decodeShouldReadDataWrittenByPython() {
		byte[] data = "{\"monitor\": \"127.0.0.1:11976\", \"pid\": 5082, \"ratio\": 0.5, \"tags\": [\"a\", null], \"n\": {\"x\": false}, \"u\": \"caf\\u00e9\"}"
			.getBytes(StandardCharsets.UTF_8);
		Map<String, Object> properties = ZkNodeData.decode(data, "/databases/demo/127.0.0.1:1");
		assertThat(properties).containsExactly(entry("monitor", "127.0.0.1:11976"), entry("pid", 5082L), entry("ratio", 0.5),
				entry("tags", java.util.Arrays.asList("a", null)), entry("n", Map.of("x", false)), entry("u", "caf\u00e9"));
	}

	@Test
	void decodeShouldFollowZcZkForEmptyNonJsonAndMalformedData() {
		assertThat(ZkNodeData.decode(null, "/a")).isEmpty();
		assertThat(ZkNodeData.decode("  ".getBytes(StandardCharsets.UTF_8), "/a")).isEmpty();
		assertThat(ZkNodeData.decode("plain".getBytes(StandardCharsets.UTF_8), "/a"))
			.containsExactly(entry("string_value", "plain"));
		assertThat(ZkNodeData.decode("{\"pid\": }".getBytes(StandardCharsets.UTF_8), "/a"))
			.containsExactly(entry("string_value", "{\"pid\": }"));
	}

	@Test
	void encodeThenDecodeShouldRoundTrip() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("pid", 12L);
		properties.put("big", new java.math.BigInteger("123456789012345678901234567890"));
		properties.put("text", "\u0001\t\u20ac\ud83d\ude00");
		assertThat(ZkNodeData.decode(ZkNodeData.encode(properties), "/a")).isEqualTo(properties);
	}

}
