package io.zkzeo.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.UndoError;
import io.zkzeo.storage.UndoInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileStorageUndoTests {

	@TempDir
	Path dir;

	@Test
	void undoOfAnUpdateWritesTheSameBackPointerRecordAsPython() throws Exception {
		Path file = this.dir.resolve("Data.fs");
		try (FileStorage storage = FileStorage.open(file)) {
			Replay.replay(storage, Vectors.json("undo"));
		}
		assertThat(Files.readAllBytes(file)).isEqualTo(Vectors.bytes("undo"));
	}

	@Test
	void undoOfACreationWritesAZeroBackPointerAsPython() throws Exception {
		Path file = this.dir.resolve("Data.fs");
		try (FileStorage storage = FileStorage.open(file)) {
			Replay.replay(storage, Vectors.json("undo-creation"));
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(Oid.of(1)));
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadBefore(Oid.of(1), Tid.MAX));
			assertThat(storage.loadBefore(Oid.of(1), Tid.fromHex("03f47f976eeeeeee")).data()).hasSize(87);
		}
		assertThat(Files.readAllBytes(file)).isEqualTo(Vectors.bytes("undo-creation"));
	}

	@Test
	void undoLogListsNewestFirstWithFirstAndLast() {
		try (FileStorage storage = FileStorage.open(Vectors.copy("undo", this.dir))) {
			List<UndoInfo> all = storage.undoLog(0, -20, null);
			assertThat(all).extracting(UndoInfo::descriptionText)
				.containsExactly("undo v3", "v3", "v2", "v1", "initial database creation");
			assertThat(all.get(0).userText()).isEqualTo("/ undoer");
			assertThat(all.get(0).size()).isEqualTo(88);
			assertThat(new String(all.get(0).id())).isEqualTo(java.util.Base64.getEncoder()
				.encodeToString(Tid.fromHex("03f47f96fbbbbbbb").toBytes()));
			assertThat(storage.undoLog(1, 3, null)).extracting(UndoInfo::descriptionText).containsExactly("v3", "v2");
			assertThat(storage.undoLog(1, -2, null)).extracting(UndoInfo::descriptionText)
				.containsExactly("v3", "v2");
			assertThat(storage.undoLog(0, -20, (info) -> info.descriptionText().startsWith("v")))
				.extracting(UndoInfo::descriptionText)
				.containsExactly("v3", "v2", "v1");
		}
	}

	@Test
	void undoLogStopsAtPackedTransactions() {
		try (FileStorage storage = FileStorage.open(Vectors.copy("packed", this.dir))) {
			assertThat(storage.undoLog(0, -20, null)).isEmpty();
			TransactionMetaData meta = Commits.txn("undo packed");
			storage.tpcBegin(meta);
			assertThatExceptionOfType(UndoError.class)
				.isThrownBy(() -> storage.undo(Tid.fromHex("03f47f9808888888"), meta))
				.withMessageContaining("non-undoable");
			storage.tpcAbort(meta);
		}
	}

	@Test
	void undoOfATransactionWhoseObjectChangedLaterRaisesUndoError() {
		try (FileStorage storage = FileStorage.open(Vectors.copy("undo", this.dir))) {
			TransactionMetaData meta = Commits.txn("undo v1");
			storage.tpcBegin(meta);
			assertThatExceptionOfType(UndoError.class)
				.isThrownBy(() -> storage.undo(Tid.fromHex("03f47f96dbbbbbbb"), meta))
				.satisfies((ex) -> assertThat(ex.getOid()).isEqualTo(Oid.of(1)));
			assertThatExceptionOfType(UndoError.class)
				.isThrownBy(() -> storage.undo(Tid.fromHex("03f47f96e2222223"), meta))
				.withMessageContaining("Invalid transaction id");
			storage.tpcAbort(meta);
		}
	}

	@Test
	void undoOfATransactionWhoseDataIsCurrentAgainIsAllowedAsInPython() {
		try (FileStorage storage = FileStorage.open(Vectors.copy("undo", this.dir))) {
			TransactionMetaData meta = Commits.txn("undo v2");
			storage.tpcBegin(meta);
			assertThat(storage.undo(Tid.fromHex("03f47f96e2222222"), meta)).containsExactly(Oid.of(1));
			storage.vote(meta);
			storage.tpcFinish(meta);
			assertThat(storage.load(Oid.of(1)).data())
				.isEqualTo(storage.loadSerial(Oid.of(1), Tid.fromHex("03f47f96dbbbbbbb")));
		}
	}

	@Test
	void undoingTheUndoRestoresTheUndoneState() {
		try (FileStorage storage = FileStorage.open(Vectors.copy("undo", this.dir))) {
			byte[] v3 = storage.loadSerial(Oid.of(1), Tid.fromHex("03f47f96e8888888"));
			TransactionMetaData meta = Commits.txn("redo");
			storage.tpcBegin(meta);
			assertThat(storage.undo(Tid.fromHex("03f47f96fbbbbbbb"), meta)).containsExactly(Oid.of(1));
			storage.vote(meta);
			Tid tid = storage.tpcFinish(meta);
			assertThat(storage.load(Oid.of(1)).data()).isEqualTo(v3);
			assertThat(storage.load(Oid.of(1)).serial()).isEqualTo(tid);
		}
	}

	@Test
	void anUndoPreparedBeforeAConcurrentChangeFailsAtVote() {
		try (FileStorage storage = FileStorage.open(Vectors.copy("undo", this.dir))) {
			TransactionMetaData meta = Commits.txn("undo v3 late");
			storage.tpcBegin(meta);
			storage.undo(Tid.fromHex("03f47f96fbbbbbbb"), meta);
			Commits.store(storage, 1, Tid.fromHex("03f47f96fbbbbbbb"), Commits.bytes("changed meanwhile"));
			assertThatExceptionOfType(io.zkzeo.storage.ConflictError.class).isThrownBy(() -> storage.vote(meta));
			storage.tpcAbort(meta);
		}
	}

}
