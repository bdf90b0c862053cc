package io.zkzeo.storage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * ZODB's {@code persistent.TimeStamp}: the eight bytes of a {@link Tid} read as a UTC time.
 *
 * <p>The high four bytes count minutes since 1900-01-01 with every month taken as 31 days; the low four
 * bytes hold the seconds within the minute in units of 60/2<sup>32</sup> s. Tids made by
 * {@link #newTid(Tid, Instant)} are strictly increasing, whatever the clock does.
 */
public final class TimeStamp implements Comparable<TimeStamp> {

	private static final double SECONDS_PER_UNIT = 60.0 / 4294967296.0;

	private static final long MINUTES_PER_DAY = 24 * 60;

	/** One unit is 60e9 / 2^32 ns = {@value} / 2^21 ns exactly. */
	private static final long NANOS_PER_UNIT_TIMES_2_21 = 29_296_875L;

	private static final int UNIT_SHIFT = 21;

	private final long raw;

	private TimeStamp(long raw) {
		this.raw = raw;
	}

	/**
	 * Returns the time stamp of a tid.
	 * @param tid the tid
	 * @return its time stamp
	 */
	public static TimeStamp of(Tid tid) {
		return new TimeStamp(tid.value());
	}

	/**
	 * Returns the time stamp of an instant, truncated to the time stamp's resolution (about 14 ns).
	 * @param instant a time at or after 1900-01-01 UTC
	 * @return its time stamp
	 */
	public static TimeStamp of(Instant instant) {
		LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
		long minutes = minutes(utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), utc.getMinute());
		long nanos = utc.getSecond() * 1_000_000_000L + instant.getNano();
		long units = (nanos << UNIT_SHIFT) / NANOS_PER_UNIT_TIMES_2_21;
		return new TimeStamp((minutes << 32) | units);
	}

	/**
	 * Returns the time stamp of the given UTC fields, as {@code TimeStamp(y, mo, d, h, mi, s)} does.
	 * @param year the year, 1900 or later
	 * @param month the month, 1 to 12
	 * @param day the day of the month, 1 to 31
	 * @param hour the hour, 0 to 23
	 * @param minute the minute, 0 to 59
	 * @param seconds the seconds, at least 0 and less than 60
	 * @return the time stamp
	 */
	public static TimeStamp of(int year, int month, int day, int hour, int minute, double seconds) {
		long units = (long) (seconds / SECONDS_PER_UNIT);
		return new TimeStamp((minutes(year, month, day, hour, minute) << 32) | (units & 0xFFFFFFFFL));
	}

	private static long minutes(int year, int month, int day, int hour, int minute) {
		return ((((long) (year - 1900) * 12 + (month - 1)) * 31 + (day - 1)) * 24 + hour) * 60 + minute;
	}

	/**
	 * Makes the tid for a new transaction, as ZODB's {@code newTid} does: the time stamp of {@code now},
	 * or one tick after {@code last} if that is not later.
	 * @param last the last tid used, or {@link Tid#ZERO}
	 * @param now the current time
	 * @return a tid strictly after {@code last}
	 */
	public static Tid newTid(Tid last, Instant now) {
		return of(now).laterThan(of(last)).toTid();
	}

	/**
	 * Returns this time stamp if it is after {@code other}, otherwise the smallest time stamp after
	 * {@code other} (ZODB's {@code laterThan}).
	 * @param other the time stamp to be later than
	 * @return a time stamp strictly after {@code other}
	 */
	public TimeStamp laterThan(TimeStamp other) {
		if (compareTo(other) > 0) {
			return this;
		}
		long units = other.raw & 0xFFFFFFFFL;
		if (units != 0xFFFFFFFFL) {
			return new TimeStamp(other.raw + 1);
		}
		LocalDateTime next = other.minuteStart().plusMinutes(1);
		return of(next.getYear(), next.getMonthValue(), next.getDayOfMonth(), next.getHour(), next.getMinute(), 0);
	}

	/**
	 * Returns the tid with these eight bytes.
	 * @return the tid
	 */
	public Tid toTid() {
		return Tid.of(this.raw);
	}

	/** @return the year (UTC) */
	public int year() {
		return (int) (minutes() / (MINUTES_PER_DAY * 31 * 12)) + 1900;
	}

	/** @return the month, 1 to 12 */
	public int month() {
		return (int) (minutes() / (MINUTES_PER_DAY * 31) % 12) + 1;
	}

	/** @return the day of the month, 1 to 31 */
	public int day() {
		return (int) (minutes() / MINUTES_PER_DAY % 31) + 1;
	}

	/** @return the hour, 0 to 23 */
	public int hour() {
		return (int) (minutes() / 60 % 24);
	}

	/** @return the minute, 0 to 59 */
	public int minute() {
		return (int) (minutes() % 60);
	}

	/** @return the seconds within the minute, fractional */
	public double second() {
		return (this.raw & 0xFFFFFFFFL) * SECONDS_PER_UNIT;
	}

	/**
	 * Returns the POSIX time in seconds, as ZODB's {@code timeTime()} does.
	 * @return seconds since 1970-01-01 UTC
	 */
	public double timeTime() {
		return minuteStart().toEpochSecond(ZoneOffset.UTC) + second();
	}

	/**
	 * Returns the instant this time stamp stands for: the first nanosecond at or after its exact time, so
	 * that {@link #of(Instant)} gives this time stamp back.
	 * @return the instant
	 */
	public Instant toInstant() {
		long scaled = (this.raw & 0xFFFFFFFFL) * NANOS_PER_UNIT_TIMES_2_21;
		long nanos = (scaled + (1L << UNIT_SHIFT) - 1) >>> UNIT_SHIFT;
		return minuteStart().toInstant(ZoneOffset.UTC).plusNanos(nanos);
	}

	private long minutes() {
		return this.raw >>> 32;
	}

	private LocalDateTime minuteStart() {
		int year = year();
		int month = month();
		int day = Math.min(day(), YearMonth.of(year, month).lengthOfMonth());
		return LocalDateTime.of(year, month, day, hour(), minute());
	}

	@Override
	public int compareTo(TimeStamp other) {
		return Long.compareUnsigned(this.raw, other.raw);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof TimeStamp timeStamp) && timeStamp.raw == this.raw;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.raw);
	}

	/**
	 * Formats the time stamp as ZODB does, {@code 2024-01-15 12:30:45.500000}: the exact seconds rounded half
	 * to even, as C's {@code printf("%09.6f")} rounds them, whatever the default locale.
	 */
	@Override
	public String toString() {
		String seconds = new BigDecimal(second()).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
		String padded = (seconds.length() < 9) ? "0".repeat(9 - seconds.length()) + seconds : seconds;
		return String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%s", year(), month(), day(), hour(), minute(), padded);
	}

}
