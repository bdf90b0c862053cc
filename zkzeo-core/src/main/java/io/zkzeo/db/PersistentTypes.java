package io.zkzeo.db;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.zkzeo.db.btree.IOBTree;
import io.zkzeo.db.btree.IOBucket;
import io.zkzeo.db.btree.LOBTree;
import io.zkzeo.db.btree.LOBucket;
import io.zkzeo.db.btree.Length;
import io.zkzeo.db.btree.OOBTree;
import io.zkzeo.db.btree.OOBucket;
import io.zkzeo.pickle.Global;
import org.jspecify.annotations.Nullable;

/**
 * Which Java class stands for which Python class: an immutable two-way map between {@link Global}s
 * ({@code module.Name}) and {@link Persistent} subclasses with the factories that create their ghosts.
 * {@link #standard()} holds ZODB's containers; applications add their classes with
 * {@link Builder#register(Class)} (annotated with {@link PersistentClass}) or
 * {@link Builder#register(String, Class, Supplier)}. Records of classes not registered load as
 * {@link GenericPersistent}.
 */
public final class PersistentTypes {

	private static final PersistentTypes STANDARD = builder()
		.register("persistent.mapping.PersistentMapping", PersistentMap.class, PersistentMap::new)
		.alias("persistent.dict.PersistentDict", PersistentMap.class)
		.alias("ZODB.PersistentMapping.PersistentMapping", PersistentMap.class)
		.register("persistent.list.PersistentList", PersistentList.class, PersistentList::new)
		.alias("ZODB.PersistentList.PersistentList", PersistentList.class)
		.register("BTrees.OOBTree.OOBTree", OOBTree.class, OOBTree::new)
		.register("BTrees.OOBTree.OOBucket", OOBucket.class, OOBucket::new)
		.register("BTrees.IOBTree.IOBTree", IOBTree.class, IOBTree::new)
		.register("BTrees.IOBTree.IOBucket", IOBucket.class, IOBucket::new)
		.register("BTrees.LOBTree.LOBTree", LOBTree.class, LOBTree::new)
		.register("BTrees.LOBTree.LOBucket", LOBucket.class, LOBucket::new)
		.register("BTrees.Length.Length", Length.class, Length::new)
		.build();

	private final Map<String, Entry> byName;

	private final Map<Class<?>, Global> byClass;

	private PersistentTypes(Map<String, Entry> byName, Map<Class<?>, Global> byClass) {
		this.byName = byName;
		this.byClass = byClass;
	}

	/**
	 * Returns ZODB's standard containers: {@code persistent.mapping.PersistentMapping}
	 * ({@link PersistentMap}), {@code persistent.list.PersistentList} ({@link PersistentList}), the
	 * {@code OO}, {@code IO} and {@code LO} BTrees with their buckets, and {@code BTrees.Length.Length}.
	 * @return the standard types
	 */
	public static PersistentTypes standard() {
		return STANDARD;
	}

	/**
	 * Starts an empty set of types.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder(new HashMap<>(), new HashMap<>());
	}

	/**
	 * Starts a builder holding these types.
	 * @return a builder
	 */
	public Builder toBuilder() {
		return new Builder(new HashMap<>(this.byName), new HashMap<>(this.byClass));
	}

	/**
	 * Finds the Java class registered for a Python class.
	 * @param type the Python class
	 * @return the Java class, or {@code null} if none is registered
	 */
	public @Nullable Class<? extends Persistent> javaClassOf(Global type) {
		Entry entry = find(type);
		return (entry != null) ? entry.type : null;
	}

	/**
	 * Finds the Python class a Java class is written as.
	 * @param type the Java class
	 * @return the Python class, or {@code null} if the class is neither registered nor annotated
	 */
	public @Nullable Global pythonClassOf(Class<? extends Persistent> type) {
		Global global = this.byClass.get(type);
		if (global == null) {
			PersistentClass annotation = type.getAnnotation(PersistentClass.class);
			global = (annotation != null) ? Global.of(annotation.value()) : null;
		}
		return global;
	}

	@Nullable Entry find(Global type) {
		return this.byName.get(type.dottedName());
	}

	/**
	 * A registered class and the factory of its instances.
	 */
	static final class Entry {

		final Global global;

		final Class<? extends Persistent> type;

		final Supplier<? extends Persistent> factory;

		Entry(Global global, Class<? extends Persistent> type, Supplier<? extends Persistent> factory) {
			this.global = global;
			this.type = type;
			this.factory = factory;
		}

	}

	static Supplier<? extends Persistent> constructorOf(Class<? extends Persistent> type) {
		Constructor<? extends Persistent> constructor;
		try {
			constructor = type.getDeclaredConstructor();
			constructor.setAccessible(true);
		}
		catch (NoSuchMethodException | RuntimeException ex) {
			throw new IllegalArgumentException(
					"Persistent class " + type.getName() + " needs an accessible no-argument constructor", ex);
		}
		return () -> {
			try {
				return constructor.newInstance();
			}
			catch (InvocationTargetException ex) {
				throw new IllegalStateException("Constructor of " + type.getName() + " failed", ex.getCause());
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot create a " + type.getName(), ex);
			}
		};
	}

	/**
	 * Builds {@link PersistentTypes}.
	 */
	public static final class Builder {

		private final Map<String, Entry> byName;

		private final Map<Class<?>, Global> byClass;

		private Builder(Map<String, Entry> byName, Map<Class<?>, Global> byClass) {
			this.byName = byName;
			this.byClass = byClass;
		}

		/**
		 * Registers a class annotated with {@link PersistentClass}; ghosts are made with its no-argument
		 * constructor.
		 * @param type the class
		 * @return this builder
		 * @throws IllegalArgumentException if the class is not annotated or has no such constructor
		 */
		public Builder register(Class<? extends Persistent> type) {
			PersistentClass annotation = type.getAnnotation(PersistentClass.class);
			if (annotation == null) {
				throw new IllegalArgumentException(type.getName() + " is not annotated with @PersistentClass");
			}
			return put(annotation.value(), type, constructorOf(type));
		}

		/**
		 * Registers a class under a Python class name, written in records and references.
		 * @param <T> the class
		 * @param dottedName {@code module.Name}
		 * @param type the class
		 * @param factory creates instances (ghosts are made with it, so it should be cheap)
		 * @return this builder
		 */
		public <T extends Persistent> Builder register(String dottedName, Class<T> type, Supplier<T> factory) {
			return put(dottedName, type, factory);
		}

		private Builder put(String dottedName, Class<? extends Persistent> type, Supplier<? extends Persistent> factory) {
			Objects.requireNonNull(type, "'type' must not be null");
			Objects.requireNonNull(factory, "'factory' must not be null");
			Global global = Global.of(dottedName);
			this.byName.put(global.dottedName(), new Entry(global, type, factory));
			this.byClass.put(type, global);
			return this;
		}

		/**
		 * Adds another Python name that loads as an already registered class (records are still written
		 * with the registered name).
		 * @param dottedName {@code module.Name}
		 * @param type the registered class
		 * @return this builder
		 */
		public Builder alias(String dottedName, Class<? extends Persistent> type) {
			Global canonical = this.byClass.get(type);
			if (canonical == null) {
				throw new IllegalArgumentException(type.getName() + " is not registered");
			}
			this.byName.put(Global.of(dottedName).dottedName(), this.byName.get(canonical.dottedName()));
			return this;
		}

		/**
		 * Creates the types.
		 * @return an immutable set of types
		 */
		public PersistentTypes build() {
			return new PersistentTypes(Map.copyOf(this.byName), Map.copyOf(this.byClass));
		}

	}

}
