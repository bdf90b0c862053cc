package io.zkzeo.pickle;

import org.jspecify.annotations.Nullable;

/**
 * A decoded object record: the class metadata pickle and the state pickle, as values.
 *
 * @param classMetadata the first pickle: normally the class ({@link Global}), or {@code (class, args)}
 * @param state the second pickle: what the object's {@code __setstate__} receives
 */
public record ObjectRecord(@Nullable Object classMetadata, @Nullable Object state) {

	/**
	 * Returns the object's class as ZODB's {@code ObjectReader.getGhost} finds it: the metadata itself,
	 * or the first item of a {@code (class, args)} pair, where the class may be given as
	 * {@code (module, name)}.
	 * @return the class
	 * @throws PickleException if the metadata names no class (for instance a persistent class)
	 */
	public Global type() {
		Global type = typeOf(this.classMetadata);
		if (type == null) {
			throw new PickleException("Class metadata names no class");
		}
		return type;
	}

	/**
	 * Returns the arguments for {@code __new__} carried by {@code (class, args)} metadata.
	 * @return the arguments, empty when there are none or they are {@code None}
	 */
	public PickleTuple newArgs() {
		if (this.classMetadata instanceof PickleTuple pair && pair.size() == 2
				&& pair.get(1) instanceof PickleTuple args) {
			return args;
		}
		return PickleTuple.empty();
	}

	static @Nullable Global typeOf(@Nullable Object classMetadata) {
		if (classMetadata instanceof Global global) {
			return global;
		}
		if (classMetadata instanceof PickleTuple pair && pair.size() == 2) {
			Object klass = pair.get(0);
			if (klass instanceof Global global) {
				return global;
			}
			if (klass instanceof PickleTuple name && name.size() == 2 && name.get(0) instanceof String module
					&& name.get(1) instanceof String simpleName && module.indexOf('\n') < 0
					&& simpleName.indexOf('\n') < 0) {
				return new Global(module, simpleName);
			}
		}
		return null;
	}

}
