package io.zkzeo.pickle;

import org.jspecify.annotations.Nullable;

/**
 * Creates the Java value for a registered Python class or callable when a pickle constructs one
 * ({@code REDUCE}, {@code NEWOBJ}) and applies state to it ({@code BUILD}). Implementations decide
 * themselves what to create; the codec never loads a class by name.
 */
@FunctionalInterface
public interface ObjectFactory {

	/**
	 * Creates the value for {@code type(*args)} or {@code type.__new__(type, *args)}.
	 * @param type the registered class or callable
	 * @param args the arguments
	 * @return the new value
	 * @throws PickleException if the arguments are not acceptable
	 */
	Object create(Global type, PickleTuple args);

	/**
	 * Applies the state of a {@code BUILD} opcode to a value this factory created. The default refuses.
	 * @param instance the value returned by {@link #create}
	 * @param state the state
	 * @throws PickleException if the value takes no state or the state is not acceptable
	 */
	default void build(Object instance, @Nullable Object state) {
		throw new PickleException("Instances of " + instance.getClass().getName() + " take no state");
	}

}
