/**
 * Command-line tools: {@code fsdump}, {@code fstest} and {@code fsrefs} for FileStorage files, with
 * output matching ZODB's tools of the same names. {@link io.zkzeo.tools.Tools} is the entry point that
 * {@code bin/zkzeo} runs.
 */
@NullMarked
package io.zkzeo.tools;

import org.jspecify.annotations.NullMarked;
