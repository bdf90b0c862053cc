package io.zkzeo.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.zkzeo.pickle.ObjectRecord;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.pickle.ReferenceScanner;

/**
 * The record codec on a real PersistentMapping record: decode, encode, and the pack reference scan,
 * beside the floor of touching every byte once (a copy of the record).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class RecordCodecBenchmark {

	private final RecordCodec codec = RecordCodec.generic();

	private final ReferenceScanner scanner = new ReferenceScanner();

	private ObjectRecord decoded;

	@Setup
	public void decodeOnce() {
		this.decoded = this.codec.decode(SampleRecords.PERSISTENT_MAPPING);
	}

	@Benchmark
	public ObjectRecord decode() {
		return this.codec.decode(SampleRecords.PERSISTENT_MAPPING);
	}

	@Benchmark
	public byte[] encode() {
		return this.codec.encode(this.decoded);
	}

	@Benchmark
	public void scanReferences(Blackhole blackhole) {
		this.scanner.findReferences(SampleRecords.PERSISTENT_MAPPING, blackhole::consume);
	}

	/**
	 * The floor: copying the record's bytes.
	 */
	@Benchmark
	public byte[] baselineCopy() {
		return Arrays.copyOf(SampleRecords.PERSISTENT_MAPPING, SampleRecords.PERSISTENT_MAPPING.length);
	}

}
