package io.zkzeo.db;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.pickle.PickleBytes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The default state of persistent classes: a dict of their fields, read back into fields of any
 * numeric width.
 */
class FieldStateTests {

	@Test
	void stateShouldListStoredFieldsInDeclarationOrder() {
		Sample sample = new Sample();
		sample.count = 3;
		sample.name = "n";
		sample.scratch = 9;
		Map<String, @Nullable Object> state = FieldState.of(Sample.class).read(sample);
		assertThat(state).containsOnlyKeys("count", "small", "ratio", "big", "name", "data", "items");
		assertThat(state.get("count")).isEqualTo(3);
	}

	@Test
	void storedValuesShouldBeNarrowedToTheFieldTypes() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("count", 7L);
		state.put("small", 3L);
		state.put("ratio", 2L);
		state.put("big", 5L);
		state.put("data", PickleBytes.of(new byte[] { 1, 2 }));
		state.put("items", List.of("a"));
		Sample sample = new Sample();
		sample.name = "left over";
		FieldState.of(Sample.class).write(sample, state);
		assertThat(sample.count).isEqualTo(7);
		assertThat(sample.small).isEqualTo((short) 3);
		assertThat(sample.ratio).isEqualTo(2.0);
		assertThat(sample.big).isEqualTo(BigInteger.valueOf(5));
		assertThat(sample.data).containsExactly(1, 2);
		assertThat(sample.items).containsExactly("a");
		assertThat(sample.name).as("absent from the state").isNull();
	}

	@Test
	void valueThatDoesNotFitShouldBeRefused() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("count", 1L << 40);
		assertThatIllegalArgumentException().isThrownBy(() -> FieldState.of(Sample.class).write(new Sample(), state))
			.withMessageContaining("count");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FieldState.of(Sample.class).write(new Sample(), List.of(1L)))
			.withMessageContaining("not a dict");
	}

	@PersistentClass("tests.Sample")
	static class Sample extends Persistent {

		int count;

		short small;

		double ratio;

		@Nullable BigInteger big;

		@Nullable String name;

		byte @Nullable [] data;

		@Nullable List<String> items;

		transient int scratch;

		static int shared;

	}

}
