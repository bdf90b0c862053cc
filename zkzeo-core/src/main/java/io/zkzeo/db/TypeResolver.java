package io.zkzeo.db;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.zkzeo.pickle.Global;
import org.jspecify.annotations.Nullable;

/**
 * A database's view of its {@link PersistentTypes}, which also learns annotated classes the first time
 * one of their instances is stored, so the same database loads them back without registration.
 */
final class TypeResolver {

	private final PersistentTypes types;

	private final ConcurrentHashMap<String, PersistentTypes.Entry> learned = new ConcurrentHashMap<>();

	private final ClassValue<Global> names = new ClassValue<>() {
		@Override
		protected Global computeValue(Class<?> type) {
			return nameOf(type);
		}
	};

	TypeResolver(PersistentTypes types) {
		this.types = types;
	}

	Global pythonClassOf(Persistent object) {
		if (object instanceof GenericPersistent generic) {
			return generic.type();
		}
		return this.names.get(object.getClass());
	}

	@SuppressWarnings("unchecked")
	private Global nameOf(Class<?> type) {
		Class<? extends Persistent> persistentType = (Class<? extends Persistent>) type;
		Global global = this.types.pythonClassOf(persistentType);
		if (global == null) {
			throw new IllegalArgumentException("Class " + type.getName()
					+ " has no Python class name: annotate it with @PersistentClass or register it in PersistentTypes");
		}
		if (this.types.find(global) == null) {
			Supplier<? extends Persistent> factory = PersistentTypes.constructorOf(persistentType);
			this.learned.putIfAbsent(global.dottedName(), new PersistentTypes.Entry(global, persistentType, factory));
		}
		return global;
	}

	Persistent newGhost(Global type) {
		PersistentTypes.Entry entry = this.types.find(type);
		if (entry == null) {
			entry = this.learned.get(type.dottedName());
		}
		if (entry == null) {
			return new GenericPersistent(type);
		}
		return entry.factory.get();
	}

	@Nullable Class<? extends Persistent> javaClassOf(Global type) {
		PersistentTypes.Entry entry = this.types.find(type);
		if (entry == null) {
			entry = this.learned.get(type.dottedName());
		}
		return (entry != null) ? entry.type : null;
	}

}
