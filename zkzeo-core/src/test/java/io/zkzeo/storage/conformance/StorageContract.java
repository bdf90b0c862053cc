package io.zkzeo.storage.conformance;

import io.zkzeo.storage.Storage;

/**
 * Base of the storage conformance suite: JUnit 5 test interfaces whose {@code @Test} default methods
 * check one area of the {@link Storage} contract with ZODB's semantics. A storage's test class implements
 * the interfaces it wants to run and provides the storage under test.
 *
 * <p>Records written by the suite are real ZODB records made by {@link TestRecords}.
 */
public interface StorageContract {

	/**
	 * Returns the storage under test: empty, writable, and the same instance for the whole of one test.
	 * The implementing class creates a fresh one before each test ({@code @BeforeEach}) and closes it
	 * after ({@code @AfterEach}).
	 * @return the storage
	 */
	Storage storage();

}
