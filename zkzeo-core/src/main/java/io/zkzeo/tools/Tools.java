package io.zkzeo.tools;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.zkzeo.storage.StorageError;
import io.zkzeo.tools.load.LoadCommand;
import io.zkzeo.tools.load.ServeCommand;

/**
 * The command-line entry point: {@code zkzeo COMMAND [OPTIONS] ARGS}. Exit status 0 on success, 1 when
 * the command found a problem, 2 on a usage error.
 */
public final class Tools {

	static final int OK = 0;

	static final int PROBLEM = 1;

	static final int USAGE = 2;

	private static final String USAGE_TEXT = """
			usage: zkzeo COMMAND [OPTIONS] ARGS

			commands:
			  fsdump [-v] FILE     list the transactions and records of a FileStorage file (-v: byte level)
			  fstest [-v [-v]] FILE  check the structure of a FileStorage file
			  fsrefs FILE          report references to missing or undone objects (exit status 1 if any)
			  load OPTIONS         measure a ZEO server end to end (zkzeo load --help)
			  serve OPTIONS        run a storage server in the foreground (zkzeo serve --help)
			""" + ZooKeeperCommands.USAGE;

	private final PrintStream out;

	private final PrintStream err;

	Tools(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs a command and exits with its status.
	 * @param args the command and its arguments
	 */
	public static void main(String[] args) {
		int status = new Tools(System.out, System.err).run(args);
		System.out.flush();
		System.exit(status);
	}

	/**
	 * Runs a command.
	 * @param args the command and its arguments
	 * @return the exit status
	 */
	int run(String... args) {
		if (args.length == 0) {
			this.err.print(USAGE_TEXT);
			return USAGE;
		}
		String command = args[0];
		if (ZooKeeperCommands.COMMANDS.contains(command)) {
			return new ZooKeeperCommands(this.out, this.err).run(args);
		}
		List<String> rest = List.of(args).subList(1, args.length);
		if (command.equals("load")) {
			return new LoadCommand(this.out, this.err).run(rest);
		}
		if (command.equals("serve")) {
			return new ServeCommand(this.out, this.err).run(rest);
		}
		Arguments arguments = Arguments.parse(args);
		if (arguments == null) {
			this.err.print(USAGE_TEXT);
			return USAGE;
		}
		try {
			return switch (command) {
				case "fsdump" -> fsdump(arguments);
				case "fstest" -> fstest(arguments);
				case "fsrefs" -> fsrefs(arguments);
				case "help", "-h", "--help" -> {
					this.out.print(USAGE_TEXT);
					yield OK;
				}
				default -> {
					this.err.println("zkzeo: unknown command '" + command + "'");
					this.err.print(USAGE_TEXT);
					yield USAGE;
				}
			};
		}
		catch (UncheckedIOException | StorageError ex) {
			this.err.println(command + ": " + ex.getMessage());
			return PROBLEM;
		}
	}

	private int fsdump(Arguments arguments) {
		Path file = arguments.existingFile(this.err);
		if (file == null) {
			return USAGE;
		}
		FsDump dump = new FsDump(this.out);
		if (arguments.verbosity() > 0) {
			dump.dumpBytes(file);
		}
		else {
			dump.dump(file);
		}
		return OK;
	}

	private int fstest(Arguments arguments) {
		Path file = arguments.existingFile(this.err);
		if (file == null) {
			return USAGE;
		}
		try {
			new FsTest(this.out, arguments.verbosity()).check(file);
			return OK;
		}
		catch (FsTest.FormatProblem problem) {
			this.err.println(problem.getMessage());
			return PROBLEM;
		}
	}

	private int fsrefs(Arguments arguments) {
		Path file = arguments.existingFile(this.err);
		if (file == null) {
			return USAGE;
		}
		return (new FsRefs(this.out).check(file) == 0) ? OK : PROBLEM;
	}

	/**
	 * A command's arguments: {@code -v} flags and one file.
	 */
	private record Arguments(int verbosity, List<String> files) {

		static @Nullable Arguments parse(String[] args) {
			int verbosity = 0;
			List<String> files = new ArrayList<>();
			for (int i = 1; i < args.length; i++) {
				String arg = args[i];
				if (arg.matches("-v+")) {
					verbosity += arg.length() - 1;
				}
				else if (arg.startsWith("-")) {
					return null;
				}
				else {
					files.add(arg);
				}
			}
			return new Arguments(verbosity, files);
		}

		@Nullable Path existingFile(PrintStream err) {
			if (this.files.size() != 1) {
				err.println("zkzeo: expected one file, got " + this.files.size());
				return null;
			}
			Path file = Path.of(this.files.get(0));
			if (!Files.isRegularFile(file)) {
				err.println("zkzeo: no such file: " + file);
				return null;
			}
			return file;
		}

	}

}
