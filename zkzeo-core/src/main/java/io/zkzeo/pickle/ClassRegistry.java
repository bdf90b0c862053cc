package io.zkzeo.pickle;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The classes a pickle may construct as Java values: an immutable map from {@code module.name} to an
 * {@link ObjectFactory}, and for writing, from a Java class to a reducer that describes its values as a
 * {@link PickleObject}. Anything not registered decodes to a {@link PickleObject}. Python 2 module
 * names ({@code __builtin__}, {@code copy_reg}, ...) are looked up under their Python 3 names too, as
 * ZODB's {@code find_global} does.
 */
public final class ClassRegistry {

	private static final ClassRegistry EMPTY = new ClassRegistry(Map.of(), Map.of());

	private static final ClassRegistry STANDARD = builder().registerStandardTypes().build();

	private static final Map<String, String> PYTHON2_MODULES = Map.of("__builtin__", "builtins", "copy_reg",
			"copyreg", "exceptions", "builtins", "UserDict", "collections", "UserList", "collections",
			"UserString", "collections", "Queue", "queue", "cPickle", "pickle");

	private static final Map<String, String> PYTHON2_NAMES = Map.of("__builtin__.unicode", "builtins.str",
			"__builtin__.long", "builtins.int", "__builtin__.xrange", "builtins.range", "__builtin__.basestring",
			"builtins.str", "UserDict.IterableUserDict", "collections.UserDict");

	private final Map<String, ObjectFactory> factories;

	private final Map<Class<?>, Function<Object, PickleObject>> reducers;

	private ClassRegistry(Map<String, ObjectFactory> factories, Map<Class<?>, Function<Object, PickleObject>> reducers) {
		this.factories = factories;
		this.reducers = reducers;
	}

	/**
	 * Returns the registry that knows no class: every constructed object decodes to a
	 * {@link PickleObject}.
	 * @return the empty registry
	 */
	public static ClassRegistry empty() {
		return EMPTY;
	}

	/**
	 * Returns the registry of the Python types the codec maps to Java collections: {@code set} (a
	 * {@link java.util.LinkedHashSet}) and {@code frozenset} (an unmodifiable set).
	 * @return the standard registry
	 */
	public static ClassRegistry standard() {
		return STANDARD;
	}

	/**
	 * Starts a new registry.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder(new HashMap<>(), new HashMap<>());
	}

	/**
	 * Starts a builder holding this registry's entries.
	 * @return a builder
	 */
	public Builder toBuilder() {
		return new Builder(new HashMap<>(this.factories), new HashMap<>(this.reducers));
	}

	/**
	 * Finds the factory for a class or callable.
	 * @param type the global
	 * @return the factory, or {@code null} if the class is not registered
	 */
	public @Nullable ObjectFactory find(Global type) {
		if (this.factories.isEmpty()) {
			return null;
		}
		String dotted = type.dottedName();
		ObjectFactory factory = this.factories.get(dotted);
		if (factory == null) {
			String renamed = PYTHON2_NAMES.get(dotted);
			if (renamed == null) {
				String module = PYTHON2_MODULES.get(type.module());
				renamed = (module != null) ? module + "." + type.name() : null;
			}
			factory = (renamed != null) ? this.factories.get(renamed) : null;
		}
		return factory;
	}

	/**
	 * Finds how to write a Java value outside the pickle model, by its exact class.
	 * @param value the value
	 * @return the reducer, or {@code null} if none is registered for the value's class
	 */
	public @Nullable Function<Object, PickleObject> findReducer(Object value) {
		return this.reducers.isEmpty() ? null : this.reducers.get(value.getClass());
	}

	/**
	 * Tells whether the registry knows a class.
	 * @param type the global
	 * @return {@code true} if {@link #find} returns a factory
	 */
	public boolean contains(Global type) {
		return find(type) != null;
	}

	/**
	 * Builds a {@link ClassRegistry}.
	 */
	public static final class Builder {

		private final Map<String, ObjectFactory> factories;

		private final Map<Class<?>, Function<Object, PickleObject>> reducers;

		private Builder(Map<String, ObjectFactory> factories,
				Map<Class<?>, Function<Object, PickleObject>> reducers) {
			this.factories = factories;
			this.reducers = reducers;
		}

		/**
		 * Registers a factory for a class or callable.
		 * @param type the global, e.g. {@code new Global("datetime", "date")}
		 * @param factory what creates its values
		 * @return this builder
		 */
		public Builder register(Global type, ObjectFactory factory) {
			Objects.requireNonNull(type, "'type' must not be null");
			Objects.requireNonNull(factory, "'factory' must not be null");
			this.factories.put(type.dottedName(), factory);
			return this;
		}

		/**
		 * Registers how to write values of a Java class (the counterpart of a factory): the reducer
		 * describes a value as the class or callable, arguments and state a pickle constructs it from.
		 * @param <T> the Java type
		 * @param javaType the exact class of the values
		 * @param reducer describes a value
		 * @return this builder
		 */
		public <T> Builder registerReducer(Class<T> javaType, Function<? super T, PickleObject> reducer) {
			Objects.requireNonNull(javaType, "'javaType' must not be null");
			Objects.requireNonNull(reducer, "'reducer' must not be null");
			this.reducers.put(javaType, (value) -> reducer.apply(javaType.cast(value)));
			return this;
		}

		/**
		 * Registers the standard types (see {@link ClassRegistry#standard()}).
		 * @return this builder
		 */
		public Builder registerStandardTypes() {
			return StandardTypes.register(this);
		}

		/**
		 * Creates the registry.
		 * @return an immutable registry
		 */
		public ClassRegistry build() {
			return new ClassRegistry(Map.copyOf(this.factories), Map.copyOf(this.reducers));
		}

	}

}
