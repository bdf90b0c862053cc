package io.zkzeo.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PythonJsonTests {

	@Test
	void floatsAreWrittenAsPythonsRepr() {
		// expected values are Python 3's repr() of the same doubles
		double[] values = { 1795553540.5699182, 0.0001, 0.00001, 1e16, 1e15, 123.0, 1.5e300, -2.5, 0.1, 2.0 / 3,
				1234567.125, -0.0 };
		String[] expected = { "1795553540.5699182", "0.0001", "1e-05", "1e+16", "1000000000000000.0", "123.0", "1.5e+300",
				"-2.5", "0.1", "0.6666666666666666", "1234567.125", "-0.0" };
		for (int i = 0; i < values.length; i++) {
			assertThat(PythonJson.floatRepr(values[i])).as("%s", values[i]).isEqualTo(expected[i]);
		}
	}

	@Test
	void mapsUsePythonsSeparatorsAndEscapes() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("start", "Tue Nov 24 20:52:17 2026");
		status.put("lock_time", 1795553540.5);
		status.put("name", "caf\u00e9 \"a\"\n");
		status.put("ok", true);
		status.put("none", null);
		status.put("list", Arrays.asList(1L, "x"));
		assertThat(PythonJson.dumps(Map.of("1", status))).isEqualTo("{\"1\": {\"start\": \"Tue Nov 24 20:52:17 2026\", "
				+ "\"lock_time\": 1795553540.5, \"name\": \"caf\\u00e9 \\\"a\\\"\\n\", \"ok\": true, \"none\": null, "
				+ "\"list\": [1, \"x\"]}}");
	}

}
