package io.zkzeo.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.zkzeo.server.StorageServer;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application on its defaults (embedded ZooKeeper, storage server and client in one process), on a
 * random port: notes written through REST are committed through the storage server, and the monitor URL the
 * server publishes in ZooKeeper answers over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	CuratorFramework curator;

	@Autowired
	StorageServer server;

	@DynamicPropertySource
	static void dataFile(DynamicPropertyRegistry registry) {
		registry.add("zkzeo.server.storage.path", () -> data.resolve("Data.fs").toString());
	}

	@Test
	void notesAreCommittedThroughTheStorageServer() throws Exception {
		long commitsBefore = this.server.status().storage("1").commits();
		Http.Response created = Http.post(url("/notes"), "{\"title\":\"groceries\",\"text\":\"milk\",\"author\":\"ann\"}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(this.server.status().storage("1").commits()).isEqualTo(commitsBefore + 1);

		Http.Response edited = Http.put(url("/notes/" + id), "{\"title\":\"groceries\",\"text\":\"milk, eggs\"}");
		assertThat(edited.status()).isEqualTo(200);
		assertThat(edited.json().get("revision").asLong()).isEqualTo(2);

		JsonNode read = Http.get(url("/notes/" + id)).json();
		assertThat(read.get("text").asString()).isEqualTo("milk, eggs");
		assertThat(read.get("author").asString()).isEqualTo("anonymous");
		assertThat(Http.get(url("/notes")).json().findValuesAsString("id")).contains(id);

		assertThat(Http.delete(url("/notes/" + id)).status()).isEqualTo(204);
		assertThat(Http.get(url("/notes/" + id)).status()).isEqualTo(404);
		assertThat(this.server.status().storage("1").commits()).isEqualTo(commitsBefore + 3);
	}

	@Test
	void badRequestsAreRefusedWithoutWriting() throws Exception {
		long commitsBefore = this.server.status().storage("1").commits();
		assertThat(Http.post(url("/notes"), "{\"text\":\"no title\"}").status()).isEqualTo(400);
		assertThat(Http.put(url("/notes/absent"), "{\"title\":\"t\"}").status()).isEqualTo(404);
		assertThat(this.server.status().storage("1").commits()).isEqualTo(commitsBefore);
	}

	@Test
	void registeredNodeCarriesTheMonitorUrlWhichAnswers() throws Exception {
		List<String> nodes = this.curator.getChildren().forPath("/zkzeo/sample");
		assertThat(nodes).containsExactly("127.0.0.1:" + this.server.boundAddress().getPort());
		String expected = "http://127.0.0.1:" + this.port + "/actuator/zkzeo";
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(monitorOf(nodes.get(0))).isEqualTo(expected));

		Http.post(url("/notes"), "{\"title\":\"monitored\"}");
		Http.Response monitor = Http.get(monitorOf(nodes.get(0)));
		assertThat(monitor.status()).isEqualTo(200);
		JsonNode storage = monitor.json().get("server").get("storages").get("1");
		assertThat(storage.get("commits").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(storage.get("connections").asInt()).isEqualTo(1);
		assertThat(monitor.json().get("client").get("connected").asBoolean()).isTrue();
		assertThat(monitor.json().get("zookeeper").get("connected").asBoolean()).isTrue();
	}

	@Test
	void healthReportsTheServerAndZooKeeper() throws Exception {
		JsonNode health = Http.get(url("/actuator/health")).json();
		assertThat(health.get("status").asString()).isEqualTo("UP");
		JsonNode zkzeo = health.get("components").get("zkzeo");
		assertThat(zkzeo.get("status").asString()).isEqualTo("UP");
		assertThat(zkzeo.get("details").get("server").asString()).startsWith("answers ruok");
		assertThat(zkzeo.get("details").get("zookeeper").asString()).isEqualTo("connected");
	}

	private String monitorOf(String node) throws Exception {
		byte[] data = this.curator.getData().forPath("/zkzeo/sample/" + node);
		JsonNode monitor = Http.parse(new String(data, java.nio.charset.StandardCharsets.UTF_8)).get("monitor");
		return (monitor != null) ? monitor.asString() : "";
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
