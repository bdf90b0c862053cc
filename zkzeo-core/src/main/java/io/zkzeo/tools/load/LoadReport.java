package io.zkzeo.tools.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Presents the figures of load runs: a table for people and JSON for scripts.
 */
final class LoadReport {

	private final String server;

	private final LoadOptions options;

	private final List<RunFigures> runs;

	/**
	 * Creates a report.
	 * @param server what was measured, e.g. {@code "127.0.0.1:8100"} or a label
	 * @param options the options of the runs
	 * @param runs the runs, one per client count
	 */
	LoadReport(String server, LoadOptions options, List<RunFigures> runs) {
		this.server = server;
		this.options = options;
		this.runs = List.copyOf(runs);
	}

	/**
	 * Prints one line per run and phase: objects per second, transaction latencies and processor microseconds
	 * per object of the load tool (client) and, when measured, of the server.
	 * @param out where to print
	 */
	void printTable(PrintStream out) {
		out.printf(Locale.ROOT, "zkzeo load: %s, %d objects per transaction%n", this.server,
				this.options.objectsPerTransaction());
		out.printf(Locale.ROOT, "%-8s %-7s %7s %12s %10s %10s %12s %12s%n", "clients", "phase", "txns", "objects/s",
				"p50 ms", "p99 ms", "client us/o", "server us/o");
		for (RunFigures run : this.runs) {
			for (Phase phase : Phase.values()) {
				PhaseFigures figures = run.phases().get(phase);
				out.printf(Locale.ROOT, "%-8d %-7s %7d %12.0f %10.2f %10.2f %12.2f %12s%n", run.clients(),
						phase.label(), figures.transactions(), figures.objectsPerSecond(), figures.p50Millis(),
						figures.p99Millis(), figures.clientCpuMicrosPerObject(),
						Double.isNaN(figures.serverCpuMicrosPerObject()) ? "-"
								: String.format(Locale.ROOT, "%.2f", figures.serverCpuMicrosPerObject()));
			}
		}
	}

	/**
	 * Returns the figures as a JSON document.
	 * @return the JSON text
	 */
	String toJson() {
		StringBuilder json = new StringBuilder();
		json.append("{\n  \"server\": ").append(quote(this.server));
		json.append(",\n  \"objectsPerTransaction\": ").append(this.options.objectsPerTransaction());
		json.append(",\n  \"runs\": [");
		for (int r = 0; r < this.runs.size(); r++) {
			RunFigures run = this.runs.get(r);
			json.append((r == 0) ? "\n" : ",\n");
			json.append("    {\"clients\": ").append(run.clients()).append(", \"rounds\": ").append(run.rounds());
			json.append(", \"phases\": {");
			Phase[] phases = Phase.values();
			for (int p = 0; p < phases.length; p++) {
				PhaseFigures figures = run.phases().get(phases[p]);
				json.append((p == 0) ? "\n" : ",\n");
				json.append("      ").append(quote(phases[p].label())).append(": {");
				json.append("\"objects\": ").append(figures.objects());
				json.append(", \"transactions\": ").append(figures.transactions());
				json.append(", \"seconds\": ").append(number(figures.seconds()));
				json.append(", \"objectsPerSecond\": ").append(number(figures.objectsPerSecond()));
				json.append(", \"latencyP50Millis\": ").append(number(figures.p50Millis()));
				json.append(", \"latencyP99Millis\": ").append(number(figures.p99Millis()));
				json.append(", \"clientCpuMicrosPerObject\": ").append(number(figures.clientCpuMicrosPerObject()));
				json.append(", \"serverCpuMicrosPerObject\": ").append(number(figures.serverCpuMicrosPerObject()));
				json.append("}");
			}
			json.append("\n    }}");
		}
		json.append("\n  ]\n}\n");
		return json.toString();
	}

	private static String number(double value) {
		return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.6f", value);
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
