package io.zkzeo.tools.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTests {

	@TempDir
	Path folder;

	@Test
	void servesAFileStorageUntilStoppedAndKeepsWhatWasCommitted() throws Exception {
		Path data = this.folder.resolve("Data.fs");
		Served served = serveOneCommit("--storage", "file:" + data, "--client-conflict-resolution");

		assertThat(served.out()).contains("serving FileStorage").contains(":" + served.port());
		assertThat(Files.size(data)).isGreaterThan(4);
	}

	@Test
	void serverSettingsComeFromTheirOptions() throws Exception {
		Served served = serveOneCommit("--io-threads", "2", "--transport", "NIO");

		assertThat(served.out()).contains(":" + served.port() + " (nio, event loops: 2)");
	}

	@Test
	void unknownTransportIsAUsageError() {
		assertThat(usageError("--transport", "kqueue")).contains("--transport must be auto, epoll or nio");
	}

	@Test
	void unknownOptionIsAUsageError() {
		assertThat(usageError("--colour", "blue")).contains("unknown option '--colour'");
	}

	/**
	 * Runs {@code serve} with the given options and a port file, commits once through it, stops it and checks that
	 * it ended well.
	 */
	private Served serveOneCommit(String... options) throws Exception {
		Path portFile = this.folder.resolve("port");
		List<String> args = new ArrayList<>(List.of(options));
		args.addAll(List.of("--port-file", portFile.toString()));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ServeCommand command = new ServeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> command.run(args));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (!Files.exists(portFile) && System.nanoTime() < deadline && !status.isDone()) {
			Thread.sleep(20);
		}
		assertThat(portFile).exists();
		int port = Integer.parseInt(Files.readString(portFile).trim());
		ClientStorage storage = new ClientStorage(ClientOptions.of(new InetSocketAddress("127.0.0.1", port))
			.withWaitTimeout(Duration.ofSeconds(5)));
		try (DB db = new DB(storage)) {
			db.transaction((connection) -> connection.root().put("served", "yes"));
		}
		command.stop();
		assertThat(status.get(20, TimeUnit.SECONDS)).isZero();
		return new Served(port, out.toString(StandardCharsets.UTF_8));
	}

	private record Served(int port, String out) {
	}

	/** Runs {@code serve} with arguments it must refuse, checks its status and returns what it wrote to stderr. */
	private static String usageError(String... args) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = new ServeCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
		assertThat(status).isEqualTo(2);
		return err.toString(StandardCharsets.UTF_8);
	}

}
