package io.zkzeo.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ServerMain} in a child JVM on the test class path: started, then stopped cleanly or killed with
 * SIGKILL.
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private ServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a server and waits until it listens.
	 * @param file the data file
	 * @param port the port, 0 for any
	 * @param log where the child's log goes
	 * @param zooKeeper connect string and path to register under, or none
	 */
	static ServerProcess start(Path file, int port, Path log, String... zooKeeper) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ServerMain.class.getName());
		command.add(file.toString());
		command.add(Integer.toString(port));
		command.addAll(List.of(zooKeeper));
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line;
			while ((line = out.readLine()) != null) {
				if (line.startsWith(ServerMain.LISTENING)) {
					return new ServerProcess(process, Integer.parseInt(line.substring(ServerMain.LISTENING.length()).trim()));
				}
			}
			process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			throw new IllegalStateException("Server process for " + file + " ended before listening, see " + log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a server process for " + file, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	int port() {
		return this.port;
	}

	InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.port);
	}

	long pid() {
		return this.process.pid();
	}

	/** Kills the process with SIGKILL and waits until it is gone. */
	void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	/** Asks the process to close its server and waits until it has exited. */
	void stop() {
		try {
			OutputStream in = this.process.getOutputStream();
			in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
			in.flush();
		}
		catch (IOException ex) {
			// already gone
		}
		waitForExit();
	}

	private void waitForExit() {
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
