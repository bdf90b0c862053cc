package io.zkzeo.storage.conformance;

/**
 * Every area of the storage conformance suite at once, for storages that support them all (writes, undo,
 * pack, a read-only mode).
 */
public interface StorageContracts extends BasicStorageContract, MvccStorageContract, HistoryStorageContract,
		ConflictStorageContract, ReadConflictStorageContract, TwoPhaseCommitStorageContract, IteratorStorageContract,
		UndoStorageContract, PackStorageContract, ReadOnlyStorageContract, BadInputStorageContract {

}
