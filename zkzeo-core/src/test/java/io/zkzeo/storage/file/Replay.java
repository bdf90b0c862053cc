package io.zkzeo.storage.file;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;

/**
 * Replays the transactions a vector's JSON describes through the storage API, with the same tids, user,
 * description, extension and data; a transaction made of back pointers is replayed as an undo of the
 * transaction it reverses.
 */
final class Replay {

	private Replay() {
	}

	static void replay(Storage storage, JsonNode json) {
		Map<Long, Tid> serials = new HashMap<>();
		Map<Long, Tid> transactionAtPosition = new HashMap<>();
		for (JsonNode txn : json.get("transactions")) {
			Tid tid = Tid.fromHex(txn.get("tid").asText());
			TransactionMetaData meta = new TransactionMetaData(Vectors.hex(txn.get("user_hex").asText()),
					Vectors.hex(txn.get("description_hex").asText()), Vectors.hex(txn.get("extension_hex").asText()),
					tid, ' ');
			storage.tpcBegin(meta);
			JsonNode records = txn.get("records");
			boolean undo = records.size() > 0 && !records.get(0).get("backpointer").isNull();
			if (undo) {
				Tid undone = transactionAtPosition.get(records.get(0).get("prev").asLong());
				storage.undo(undone, meta);
			}
			else {
				for (JsonNode record : records) {
					long oid = Vectors.hexLong(record.get("oid").asText());
					storage.store(Oid.of(oid), serials.getOrDefault(oid, Tid.ZERO),
							Vectors.hex(record.get("data").asText()), meta);
				}
			}
			storage.vote(meta);
			storage.tpcFinish(meta);
			for (JsonNode record : records) {
				serials.put(Vectors.hexLong(record.get("oid").asText()), tid);
				transactionAtPosition.put(record.get("pos").asLong(), tid);
			}
		}
	}

}
