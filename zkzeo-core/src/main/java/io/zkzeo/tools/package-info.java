/**
 * Command-line tools: {@code fsdump}, {@code fstest} and {@code fsrefs} for FileStorage files, with
 * output matching ZODB's tools of the same names. {@link io.zkzeo.tools.Tools} is the entry point that
 * {@code bin/zkzeo} runs. The server-side commands are {@code zkrunzeo -C FILE}
 * ({@link io.zkzeo.tools.ZkRunZeo}: a registered server run from a {@code zc.zkzeo}-style file),
 * {@code ruok HOST:PORT} and {@code zkls CONNECT PATH}.
 */
@NullMarked
package io.zkzeo.tools;

import org.jspecify.annotations.NullMarked;
