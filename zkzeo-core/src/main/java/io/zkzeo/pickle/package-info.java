/**
 * The ZODB record codec: pickle protocols 0 to 3 as ZODB writes them, persistent references, a
 * restricted class registry and the reference scanner used by pack.
 *
 * <p>{@link io.zkzeo.pickle.RecordCodec} is the entry point: it splits an object record into its class
 * metadata and state pickles and writes them back byte for byte as ZODB 5 on Python 3 does.
 * {@link io.zkzeo.pickle.PickleReader} and {@link io.zkzeo.pickle.PickleWriter} are the pickle machines
 * underneath, {@link io.zkzeo.pickle.ReferenceScanner} finds referenced oids without building values.
 *
 * <p>Unpickled values use a small model: {@code null} (None), {@link java.lang.Boolean},
 * {@link java.lang.Long} or {@link java.math.BigInteger} (int), {@link java.lang.Double} (float),
 * {@link java.lang.String} (str), {@link io.zkzeo.pickle.PickleBytes} (bytes),
 * {@link io.zkzeo.pickle.LegacyString} (a Python 2 {@code str} that is not ASCII),
 * {@link io.zkzeo.pickle.PickleTuple} (tuple), {@link java.util.ArrayList} (list),
 * {@link java.util.LinkedHashMap} (dict), {@link io.zkzeo.pickle.Global} (a class or function),
 * {@link io.zkzeo.pickle.PersistentReference} and {@link io.zkzeo.pickle.PickleObject} (an instance of
 * a class that is not in the {@link io.zkzeo.pickle.ClassRegistry}); with
 * {@link io.zkzeo.pickle.ClassRegistry#standard()}, Python sets are {@link java.util.Set}s. Decoding
 * never loads or instantiates a class by name.
 */
@NullMarked
package io.zkzeo.pickle;

import org.jspecify.annotations.NullMarked;
