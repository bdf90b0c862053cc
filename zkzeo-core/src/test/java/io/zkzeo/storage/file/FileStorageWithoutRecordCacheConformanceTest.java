package io.zkzeo.storage.file;

/**
 * Runs the whole storage conformance suite against a {@link FileStorage} without its cache of current records,
 * so that every load and serial check reads the file.
 */
class FileStorageWithoutRecordCacheConformanceTest extends FileStorageConformanceTest {

	@Override
	FileStorageOptions options() {
		return super.options().withRecordCacheSize(0);
	}

}
