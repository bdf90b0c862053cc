package io.zkzeo.tools;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fsdump} prints what Python ZODB's fsdump printed for the same files.
 */
class FsDumpTests {

	static final List<String> NAMES = Vectors.NAMES;

	@ParameterizedTest
	@FieldSource("NAMES")
	void fsdumpMatchesPython(String name) {
		ToolsRun run = ToolsRun.of("fsdump", Vectors.file(name + ".fs").toString());
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo(Vectors.text(name + ".fsdump.txt"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "empty", "containers", "refs", "undo", "undo-creation", "packed", "many",
			"torn-tail-recovered" })
	void byteLevelDumpMatchesPython(String name) {
		ToolsRun run = ToolsRun.of("fsdump", "-v", Vectors.file(name + ".fs").toString());
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo(Vectors.text(name + ".fsdump-v.txt"));
	}

	@ParameterizedTest
	@ValueSource(strings = "torn-tail")
	void byteLevelDumpOfTornFilePrintsWhatPythonPrintedThenFails(String name) {
		ToolsRun run = ToolsRun.of("fsdump", "-v", Vectors.file(name + ".fs").toString());
		String python = Vectors.text(name + ".fsdump-v.txt");
		String printedBeforeFailure = python.substring(0, python.indexOf("\nfsdump-v raised") + 1).stripTrailing();
		assertThat(run.status()).isEqualTo(Tools.PROBLEM);
		assertThat(run.out().stripTrailing()).isEqualTo(printedBeforeFailure);
		assertThat(run.err()).contains("14426");
	}

}
