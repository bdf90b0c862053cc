package io.zkzeo.tools.load;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LoadCommandTests {

	@TempDir
	Path folder;

	@Test
	void inProcessRunWritesEveryPhaseWithPositiveFigures() throws Exception {
		Path json = this.folder.resolve("load.json");
		Result result = run("--in-process", "--storage", "file", "--clients", "1,2", "--objects-per-txn", "5",
				"--rounds", "2", "--json", json.toString());

		assertThat(result.status()).as(result.err()).isZero();
		assertThat(result.out()).contains("objects/s").contains("cold").contains("hot");
		JsonNode root = new ObjectMapper().readTree(json.toFile());
		assertThat(root.get("objectsPerTransaction").asInt()).isEqualTo(5);
		JsonNode runs = root.get("runs");
		assertThat(runs).hasSize(2);
		for (int r = 0; r < 2; r++) {
			JsonNode run = runs.get(r);
			int clients = r + 1;
			assertThat(run.get("clients").asInt()).isEqualTo(clients);
			assertThat(run.get("rounds").asInt()).isEqualTo(2);
			double clientTotal = 0;
			for (Phase phase : Phase.values()) {
				JsonNode figures = run.get("phases").get(phase.label());
				assertThat(figures).as(phase.label()).isNotNull();
				assertThat(figures.get("objects").asLong()).isEqualTo(2L * clients * 5);
				assertThat(figures.get("transactions").asInt()).isEqualTo(2 * clients);
				assertThat(figures.get("objectsPerSecond").asDouble()).as(phase.label()).isPositive();
				assertThat(figures.get("latencyP50Millis").asDouble()).as(phase.label()).isPositive();
				assertThat(figures.get("latencyP99Millis").asDouble())
					.isGreaterThanOrEqualTo(figures.get("latencyP50Millis").asDouble());
				assertThat(figures.get("clientCpuMicrosPerObject").asDouble()).as(phase.label()).isNotNegative();
				clientTotal += figures.get("clientCpuMicrosPerObject").asDouble();
				assertThat(figures.get("serverCpuMicrosPerObject").isNull()).as(phase.label()).isTrue();
			}
			// Processor time is counted in clock ticks: a short phase may see none, the run as a whole must.
			assertThat(clientTotal).isPositive();
		}
	}

	@Test
	void serverProcessorTimeIsReportedPerObjectForAServerPid() throws Exception {
		MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
		try (StorageServer server = new StorageServer(ServerOptions.of(storage)).start()) {
			InetSocketAddress address = server.boundAddress();
			Path json = this.folder.resolve("load.json");
			Result result = run("--address", address.getHostString() + ":" + address.getPort(), "--server-pid",
					Long.toString(ProcessHandle.current().pid()), "--objects-per-txn", "20", "--rounds", "20", "--json",
					json.toString());

			assertThat(result.status()).as(result.err()).isZero();
			assertThat(result.out()).contains("server us/o");
			JsonNode phases = new ObjectMapper().readTree(json.toFile()).get("runs").get(0).get("phases");
			double serverTotal = 0;
			for (Phase phase : Phase.values()) {
				JsonNode figures = phases.get(phase.label());
				assertThat(figures.get("serverCpuMicrosPerObject").isNumber()).as(phase.label()).isTrue();
				serverTotal += figures.get("serverCpuMicrosPerObject").asDouble();
			}
			assertThat(serverTotal).isPositive();
		}
		finally {
			storage.close();
		}
	}

	@Test
	void serverPidIsRefusedWithAnInProcessServer() {
		Result result = run("--in-process", "--server-pid", "1");

		assertThat(result.status()).isEqualTo(2);
		assertThat(result.err()).contains("--server-pid");
	}

	@Test
	void processorTicksAreReadAfterTheCommandName() {
		String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 96 0 0 0 123 45 0 0 20 0 30 0 100 0 0";

		assertThat(ProcessCpu.ticks(stat)).isEqualTo(168);
	}

	@Test
	void memoryStorageRunSucceeds() {
		Result result = run("--in-process", "--storage", "memory", "--objects-per-txn", "3", "--rounds", "1");

		assertThat(result.status()).as(result.err()).isZero();
		assertThat(result.out()).contains("MemoryStorage").contains("update");
	}

	@Test
	void warmupRunsBeforeTheMeasuredRunsAndIsNotReported() {
		Result result = run("--in-process", "--storage", "memory", "--objects-per-txn", "3", "--rounds", "1",
				"--clients", "1,2", "--warmup", "200ms");
		assertThat(result.status()).as(result.err()).isZero();
		assertThat(result.err()).contains("warming up with 2 clients for PT0.2S");
		assertThat(result.out().lines().filter((line) -> line.matches("^[12]\\s+add\\s.*"))).hasSize(2);
	}

	@Test
	void missingServerIsAUsageError() {
		Result result = run("--clients", "2");

		assertThat(result.status()).isEqualTo(2);
		assertThat(result.err()).contains("--address or --in-process");
	}

	@Test
	void badDurationIsNamed() {
		Result result = run("--in-process", "--duration", "soon");

		assertThat(result.status()).isEqualTo(2);
		assertThat(result.err()).contains("durations must look like");
	}

	@Test
	void unreachableServerIsAProblemNotACrash() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Result result = run("--address", "127.0.0.1:" + port, "--rounds", "1", "--wait-timeout", "500ms");

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.err()).startsWith("load: ");
	}

	@Test
	void percentileUsesNearestRank() {
		long[] values = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

		assertThat(PhaseFigures.percentile(values, 0.5)).isEqualTo(5);
		assertThat(PhaseFigures.percentile(values, 0.99)).isEqualTo(10);
		assertThat(PhaseFigures.percentile(new long[0], 0.5)).isZero();
	}

	private static Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status;
		try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			status = new LoadCommand(outStream, errStream).run(List.of(args));
		}
		return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Result(int status, String out, String err) {
	}

}
