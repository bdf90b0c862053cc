/**
 * The storage conformance suite: JUnit 5 test interfaces, one per area of the
 * {@link io.zkzeo.storage.Storage} contract, all extending
 * {@link io.zkzeo.storage.conformance.StorageContract}, plus the helpers they and other tests use (real ZODB
 * records from {@link io.zkzeo.storage.conformance.TestRecords}, removal of the folders storage files go to with
 * {@link io.zkzeo.storage.conformance.TestFiles}). Shipped in zkzeo-core's test jar so that every storage runs
 * the same suite.
 */
@NullMarked
package io.zkzeo.storage.conformance;

import org.jspecify.annotations.NullMarked;
