package io.zkzeo.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZConfigParserTests {

	@Test
	void parseShouldBuildSectionTreeWithLowerCaseNamesAndLineNumbers() {
		ConfigSection top = ZConfigParser.parse("""
				# comment
				<ZEO>
				  Address 127.0.0.1:8100
				  <ssl>
				    certificate  /etc/ssl/server.pem\s\s
				  </SSL>
				</zeo>

				<FileStorage Main>
				  path  Data.fs
				  empty
				</filestorage>
				<mappingstorage 2/>
				""", "test.conf");
		assertThat(top.sections()).extracting(ConfigSection::type).containsExactly("zeo", "filestorage", "mappingstorage");
		ConfigSection zeo = top.sections().get(0);
		assertThat(zeo.entries()).containsExactly(new ConfigEntry("address", "127.0.0.1:8100", new ConfigLocation("test.conf", 3)));
		assertThat(zeo.sections().get(0).entries().get(0).value()).isEqualTo("/etc/ssl/server.pem");
		ConfigSection storage = top.sections().get(1);
		assertThat(storage.name()).isEqualTo("main");
		assertThat(storage.location()).isEqualTo(new ConfigLocation("test.conf", 9));
		assertThat(storage.entries()).extracting(ConfigEntry::key, ConfigEntry::value)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("path", "Data.fs"), org.assertj.core.groups.Tuple.tuple("empty", ""));
		assertThat(top.sections().get(2).name()).isEqualTo("2");
		assertThat(top.sections().get(2).entries()).isEmpty();
	}

	@Test
	void defineShouldBeSubstitutedInLaterValues() {
		ConfigSection top = ZConfigParser.parse("""
				%define HOME /srv/zeo
				%define Port 8100
				%define EMPTY
				%import zc.zkzeo
				<zeo>
				  address 0.0.0.0:$port
				  path ${home}/var/$HOME.fs$EMPTY
				  price $$5
				  env $(ZKZEO_TEST_ENV)
				</zeo>
				""", "test.conf", Map.of("ZKZEO_TEST_ENV", "from-env")::get);
		assertThat(top.sections().get(0).entries()).extracting(ConfigEntry::value)
			.containsExactly("0.0.0.0:8100", "/srv/zeo/var//srv/zeo.fs", "$5", "from-env");
	}

	@Test
	void includeShouldReadFileRelativeToIncludingFile(@TempDir Path directory) throws Exception {
		Files.writeString(directory.resolve("storage.conf"), "<filestorage>\n  path $base/Data.fs\n</filestorage>\n");
		Path main = directory.resolve("zeo.conf");
		Files.writeString(main, "%define base /data\n<zeo>\n  address 8100\n</zeo>\n%include storage.conf\n");
		ConfigSection top = ZConfigParser.parse(main);
		assertThat(top.sections()).extracting(ConfigSection::type).containsExactly("zeo", "filestorage");
		ConfigEntry path = top.sections().get(1).entries().get(0);
		assertThat(path.value()).isEqualTo("/data/Data.fs");
		assertThat(path.location()).isEqualTo(new ConfigLocation(directory.resolve("storage.conf").toString(), 2));
	}

	@Test
	void unbalancedSectionEndShouldNameFileLineAndOpenSection() {
		Path file = ConfigResources.path("malformed-unbalanced.conf");
		assertThatExceptionOfType(ZConfigException.class).isThrownBy(() -> ZConfigParser.parse(file))
			.withMessage(file + ":5: Unbalanced section end </zeo>: <filestorage> opened at line 3 is still open")
			.satisfies((ex) -> assertThat(ex.getLocation().line()).isEqualTo(5));
	}

	@Test
	void malformedSyntaxShouldFailWithLineNumbers() {
		assertError("<zeo>\n  address 1\n", "c.conf:1: Section <zeo> is not closed");
		assertError("<zeo>\n</zeo>\n</zeo>\n", "c.conf:3: Unexpected section end </zeo> with no open section");
		assertError("\n<zeo\n", "c.conf:2: Malformed section start '<zeo'");
		assertError("<zeo a b>\n</zeo>", "c.conf:1: Malformed section header '<zeo a b>'");
		assertError("<zeo>\n address $port\n</zeo>", "c.conf:2: Undefined name 'port'");
		assertError("<zeo>\n address $(ZKZEO_UNSET_VARIABLE_FOR_TEST)\n</zeo>",
				"c.conf:2: Environment variable 'ZKZEO_UNSET_VARIABLE_FOR_TEST' is not set");
		assertError("%define a 1\n%define A 2\n", "c.conf:2: Cannot redefine 'a'");
		assertError("%define 1a 2\n", "c.conf:1: Not a legal substitution name: '1a'");
		assertError("%frobnicate x\n", "c.conf:1: Unknown directive '%frobnicate'");
		assertError("%include\n", "c.conf:1: Missing argument to %include directive");
		assertError("<zeo>\n a ${b\n</zeo>", "c.conf:2: '{b' not followed by '}'");
		assertError("<zeo>\n a b$\n</zeo>", "c.conf:2: Illegal lone '$' at end of value");
	}

	private static void assertError(String text, String message) {
		assertThatExceptionOfType(ZConfigException.class).isThrownBy(() -> ZConfigParser.parse(text, "c.conf"))
			.withMessage(message);
	}

}
