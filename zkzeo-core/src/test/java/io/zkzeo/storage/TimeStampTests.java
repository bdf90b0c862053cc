package io.zkzeo.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Tests for {@link TimeStamp}, against the examples of ZODB's {@code persistent.TimeStamp} and the tids
 * and times Python's fsdump printed for the FileStorage vectors.
 */
class TimeStampTests {

	private static final Pattern FSDUMP_TRANSACTION = Pattern.compile("^Trans #\\d+ tid=([0-9a-f]{16}) .* time=(\\S+ \\S+) ");

	private static final Tid SPEC_EXAMPLE = Tid.fromHex("03f5dfaec2222222");

	@Test
	void specExampleDecodesToItsUtcFields() {
		TimeStamp timeStamp = TimeStamp.of(SPEC_EXAMPLE);
		assertThat(timeStamp.year()).isEqualTo(2024);
		assertThat(timeStamp.month()).isEqualTo(1);
		assertThat(timeStamp.day()).isEqualTo(15);
		assertThat(timeStamp.hour()).isEqualTo(12);
		assertThat(timeStamp.minute()).isEqualTo(30);
		assertThat(timeStamp.second()).isCloseTo(45.5, offset(1e-7));
		assertThat(timeStamp).hasToString("2024-01-15 12:30:45.500000");
	}

	@Test
	void specExampleIsMadeFromItsFields() {
		assertThat(TimeStamp.of(2024, 1, 15, 12, 30, 45.5).toTid()).isEqualTo(SPEC_EXAMPLE);
		assertThat(TimeStamp.of(Instant.parse("2024-01-15T12:30:45.500Z")).toTid()).isEqualTo(SPEC_EXAMPLE);
	}

	@Test
	void specExampleConvertsToPosixTimeAndInstant() {
		TimeStamp timeStamp = TimeStamp.of(SPEC_EXAMPLE);
		// 0xc2222222 units are 45.4999999981... s: the instant is the first nanosecond at or after that
		assertThat(timeStamp.timeTime()).isCloseTo(1705321845.5, offset(1e-6));
		assertThat(timeStamp.toInstant()).isEqualTo(Instant.parse("2024-01-15T12:30:45.499999999Z"));
		assertThat(SPEC_EXAMPLE.toInstant()).isEqualTo(timeStamp.toInstant());
	}

	@Test
	void instantOfEveryTidGivesTheSameTidBack() {
		Random random = new Random(42);
		long minute = TimeStamp.of(SPEC_EXAMPLE).toTid().value() & 0xFFFFFFFF00000000L;
		for (int i = 0; i < 100_000; i++) {
			Tid tid = Tid.of(minute | (random.nextLong() & 0xFFFFFFFFL));
			assertThat(TimeStamp.of(tid.toInstant()).toTid()).as("tid %s", tid).isEqualTo(tid);
		}
		Tid last = Tid.of(minute | 0xFFFFFFFFL);
		assertThat(TimeStamp.of(last.toInstant()).toTid()).isEqualTo(last);
	}

	@Test
	void instantsAreTruncatedToTheTick() {
		Instant instant = Instant.parse("2024-01-15T12:30:45.499999999Z");
		assertThat(TimeStamp.of(instant).toTid()).isEqualTo(SPEC_EXAMPLE);
		assertThat(TimeStamp.of(instant.minusNanos(1)).toTid()).isEqualTo(SPEC_EXAMPLE.previous());
	}

	@Test
	void zeroTidIsTheStartOf1900() {
		assertThat(TimeStamp.of(Tid.ZERO)).hasToString("1900-01-01 00:00:00.000000");
		assertThat(TimeStamp.of(1900, 1, 1, 0, 0, 0).toTid()).isEqualTo(Tid.ZERO);
	}

	@Test
	void secondsAreTruncatedNotRounded() {
		double justBelowOneUnit = 60.0 / 4294967296.0 * 0.999;
		assertThat(TimeStamp.of(2024, 1, 15, 12, 30, justBelowOneUnit).toTid()).isEqualTo(Tid.fromHex("03f5dfae00000000"));
	}

	@Test
	void toStringRoundsHalfToEvenAsCFormattingDoes() {
		// 0x01800000 units are exactly 0.3515625 s; C and Python print 00.351562
		assertThat(TimeStamp.of(Tid.fromHex("03f5dfae01800000"))).hasToString("2024-01-15 12:30:00.351562");
		// 0x00800000 units are exactly 0.1171875 s; printed 00.117188
		assertThat(TimeStamp.of(Tid.fromHex("03f5dfae00800000"))).hasToString("2024-01-15 12:30:00.117188");
	}

	@Test
	void toStringDoesNotDependOnTheDefaultLocale() {
		Locale saved = Locale.getDefault();
		try {
			Locale.setDefault(Locale.GERMANY);
			assertThat(TimeStamp.of(SPEC_EXAMPLE)).hasToString("2024-01-15 12:30:45.500000");
		}
		finally {
			Locale.setDefault(saved);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "containers", "empty", "many", "packed", "refs", "torn-tail", "torn-tail-recovered",
			"undo", "undo-creation" })
	void toStringMatchesTheTimesPythonFsdumpPrinted(String name) throws IOException {
		List<String[]> transactions = fsdumpTransactions("/vectors/fs/" + name + ".fsdump.txt");
		assertThat(transactions).isNotEmpty();
		for (String[] transaction : transactions) {
			Tid tid = Tid.fromHex(transaction[0]);
			assertThat(TimeStamp.of(tid)).as("time of tid %s", tid).hasToString(transaction[1]);
			assertThat(tid).hasToString(transaction[0]);
		}
	}

	@Test
	void vectorTidsAreMadeBackFromTheirTimes() throws IOException {
		for (String[] transaction : fsdumpTransactions("/vectors/fs/undo.fsdump.txt")) {
			Tid tid = Tid.fromHex(transaction[0]);
			assertThat(TimeStamp.of(tid.toInstant()).toTid()).isEqualTo(tid);
		}
	}

	@Test
	void laterThanReturnsItselfWhenLater() {
		TimeStamp earlier = TimeStamp.of(SPEC_EXAMPLE);
		TimeStamp later = TimeStamp.of(SPEC_EXAMPLE.next());
		assertThat(later.laterThan(earlier)).isSameAs(later);
	}

	@Test
	void laterThanReturnsOneTickAfterAnEqualOrLaterTimeStamp() {
		TimeStamp timeStamp = TimeStamp.of(SPEC_EXAMPLE);
		TimeStamp later = TimeStamp.of(Tid.fromHex("03f5dfafc2222222"));
		assertThat(timeStamp.laterThan(timeStamp).toTid()).isEqualTo(Tid.fromHex("03f5dfaec2222223"));
		assertThat(timeStamp.laterThan(later).toTid()).isEqualTo(Tid.fromHex("03f5dfafc2222223"));
	}

	@Test
	void laterThanComparesBytesUnsigned() {
		TimeStamp low = TimeStamp.of(Tid.fromHex("03f5dfae7fffffff"));
		TimeStamp high = TimeStamp.of(Tid.fromHex("03f5dfae80000000"));
		assertThat(high.laterThan(low)).isSameAs(high);
		assertThat(low.laterThan(high).toTid()).isEqualTo(Tid.fromHex("03f5dfae80000001"));
	}

	@ParameterizedTest(name = "{0} {1}:{2} rolls over to {3}")
	@CsvSource({
			"2024-01-15, 12, 30, 2024-01-15 12:31:00.000000",
			"2024-01-15, 12, 59, 2024-01-15 13:00:00.000000",
			"2024-01-15, 23, 59, 2024-01-16 00:00:00.000000",
			"2024-01-31, 23, 59, 2024-02-01 00:00:00.000000",
			"2023-02-28, 23, 59, 2023-03-01 00:00:00.000000",
			"2024-02-28, 23, 59, 2024-02-29 00:00:00.000000",
			"2024-02-29, 23, 59, 2024-03-01 00:00:00.000000",
			"2100-02-28, 23, 59, 2100-03-01 00:00:00.000000",
			"2000-02-28, 23, 59, 2000-02-29 00:00:00.000000",
			"2024-04-30, 23, 59, 2024-05-01 00:00:00.000000",
			"2024-04-29, 23, 59, 2024-04-30 00:00:00.000000",
			"2023-12-31, 23, 59, 2024-01-01 00:00:00.000000" })
	void laterThanAnAllOnesMinuteRollsOverToTheNextRealMinute(String date, int hour, int minute, String expected) {
		String[] fields = date.split("-");
		TimeStamp start = TimeStamp.of(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]),
				Integer.parseInt(fields[2]), hour, minute, 0);
		TimeStamp allOnes = TimeStamp.of(Tid.of(start.toTid().value() | 0xFFFFFFFFL));
		TimeStamp next = allOnes.laterThan(allOnes);
		assertThat(next).hasToString(expected);
		assertThat(next.second()).isZero();
		assertThat(next).isGreaterThan(allOnes);
		assertThat(TimeStamp.of(start.toTid()).laterThan(allOnes)).isEqualTo(next);
	}

	@Test
	void newTidUsesTheClockWhenItIsAfterTheLastTid() {
		Instant now = Instant.parse("2024-01-15T12:30:45.500Z");
		assertThat(TimeStamp.newTid(Tid.ZERO, now)).isEqualTo(SPEC_EXAMPLE);
		assertThat(TimeStamp.newTid(Tid.fromHex("03f5dfae00000000"), now)).isEqualTo(SPEC_EXAMPLE);
	}

	@Test
	void newTidIsStrictlyIncreasingWhenTheClockStandsStill() {
		Instant now = Instant.parse("2024-01-15T12:30:45.500Z");
		Tid last = Tid.ZERO;
		List<Tid> tids = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			last = TimeStamp.newTid(last, now);
			tids.add(last);
		}
		assertThat(tids).isSortedAccordingTo(Tid::compareTo).doesNotHaveDuplicates();
		assertThat(tids.get(999)).isEqualTo(Tid.of(SPEC_EXAMPLE.value() + 999));
	}

	@Test
	void newTidIsStrictlyIncreasingWhenTheClockGoesBackwards() {
		Instant now = Instant.parse("2024-01-15T12:30:45.500Z");
		Tid last = TimeStamp.newTid(Tid.ZERO, now);
		Tid afterStepBack = TimeStamp.newTid(last, now.minusSeconds(3600));
		assertThat(afterStepBack).isEqualTo(last.next());
		Tid afterRecovery = TimeStamp.newTid(afterStepBack, now.plusSeconds(1));
		assertThat(afterRecovery).isGreaterThan(afterStepBack);
		assertThat(TimeStamp.of(afterRecovery)).hasToString("2024-01-15 12:30:46.500000");
	}

	@Test
	void newTidRollsOverTheMinuteWhenTheLastTidEndsAMinute() {
		Tid last = Tid.of(TimeStamp.of(2024, 2, 29, 23, 59, 0).toTid().value() | 0xFFFFFFFFL);
		Tid next = TimeStamp.newTid(last, Instant.parse("2024-01-01T00:00:00Z"));
		assertThat(TimeStamp.of(next)).hasToString("2024-03-01 00:00:00.000000");
	}

	@Test
	void compareToIsUnsigned() {
		TimeStamp small = TimeStamp.of(Tid.fromHex("7fffffffffffffff"));
		TimeStamp large = TimeStamp.of(Tid.fromHex("8000000000000000"));
		assertThat(small).isLessThan(large);
		assertThat(small).isEqualTo(TimeStamp.of(Tid.MAX)).hasSameHashCodeAs(TimeStamp.of(Tid.MAX));
	}

	private static List<String[]> fsdumpTransactions(String resource) throws IOException {
		List<String[]> transactions = new ArrayList<>();
		try (InputStream in = TimeStampTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				Matcher matcher = FSDUMP_TRANSACTION.matcher(line);
				if (matcher.find()) {
					transactions.add(new String[] { matcher.group(1), matcher.group(2) });
				}
			}
		}
		return transactions;
	}

}
