package io.zkzeo.db;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.pickle.PickleBytes;
import io.zkzeo.pickle.PickleTuple;
import org.jspecify.annotations.Nullable;

/**
 * The default state of a {@link Persistent} subclass, as Python's {@code Persistent.__getstate__} makes
 * it: a dict of attribute names to values. The attributes are the non-static, non-transient fields the
 * subclasses declare (superclass fields first, in declaration order); names starting with {@code _p_} or
 * {@code _v_} are left out, as Python leaves them out. Loading assigns every field: those missing from the
 * state get their default value, numbers are narrowed to the field's type and {@code bytes} become
 * {@code byte[]} where the field asks for it.
 */
final class FieldState {

	private static final ClassValue<FieldState> STATES = new ClassValue<>() {
		@Override
		protected FieldState computeValue(Class<?> type) {
			return new FieldState(type, Persistent.class);
		}
	};

	private static final ClassValue<FieldState> MAP_SUBCLASS_STATES = new ClassValue<>() {
		@Override
		protected FieldState computeValue(Class<?> type) {
			return new FieldState(type, PersistentMap.class);
		}
	};

	private static final ClassValue<FieldState> LIST_SUBCLASS_STATES = new ClassValue<>() {
		@Override
		protected FieldState computeValue(Class<?> type) {
			return new FieldState(type, PersistentList.class);
		}
	};

	private final Class<?> type;

	private final Field[] fields;

	private final String[] names;

	private FieldState(Class<?> type, Class<?> base) {
		this.type = type;
		List<Class<?>> chain = new ArrayList<>();
		for (Class<?> c = type; c != null && c != base; c = c.getSuperclass()) {
			chain.add(0, c);
		}
		List<Field> found = new ArrayList<>();
		for (Class<?> c : chain) {
			for (Field field : c.getDeclaredFields()) {
				int modifiers = field.getModifiers();
				if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()
						|| field.getName().startsWith("_p_") || field.getName().startsWith("_v_")) {
					continue;
				}
				try {
					field.setAccessible(true);
				}
				catch (InaccessibleObjectException ex) {
					throw new IllegalStateException("Cannot access field " + field.getName() + " of "
							+ type.getName() + ": open its package to io.zkzeo.db", ex);
				}
				found.add(field);
			}
		}
		this.fields = found.toArray(new Field[0]);
		this.names = new String[this.fields.length];
		for (int i = 0; i < this.fields.length; i++) {
			this.names[i] = this.fields[i].getName();
		}
	}

	static FieldState of(Class<?> type) {
		return STATES.get(type);
	}

	/** The fields a subclass of {@link PersistentMap} adds, stored beside {@code data}. */
	static FieldState ofMapSubclass(Class<?> type) {
		return MAP_SUBCLASS_STATES.get(type);
	}

	/** The fields a subclass of {@link PersistentList} adds, stored beside {@code data}. */
	static FieldState ofListSubclass(Class<?> type) {
		return LIST_SUBCLASS_STATES.get(type);
	}

	boolean isEmpty() {
		return this.fields.length == 0;
	}

	boolean hasField(Object name) {
		for (String field : this.names) {
			if (field.equals(name)) {
				return true;
			}
		}
		return false;
	}

	Map<String, @Nullable Object> read(Persistent object) {
		Map<String, @Nullable Object> state = new LinkedHashMap<>();
		try {
			for (int i = 0; i < this.fields.length; i++) {
				state.put(this.names[i], this.fields[i].get(object));
			}
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot read the fields of " + this.type.getName(), ex);
		}
		return state;
	}

	void write(Persistent object, @Nullable Object state) {
		Map<?, ?> attributes = attributes(state);
		try {
			for (int i = 0; i < this.fields.length; i++) {
				Field field = this.fields[i];
				Object value = attributes.get(this.names[i]);
				field.set(object, coerce(value, field));
			}
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot set the fields of " + this.type.getName(), ex);
		}
	}

	void clear(Persistent object) {
		try {
			for (Field field : this.fields) {
				if (!field.getType().isPrimitive()) {
					field.set(object, null);
				}
			}
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot clear the fields of " + this.type.getName(), ex);
		}
	}

	private Map<?, ?> attributes(@Nullable Object state) {
		if (state == null) {
			return Map.of();
		}
		if (state instanceof Map<?, ?> map) {
			return map;
		}
		if (state instanceof PickleTuple pair && pair.size() == 2
				&& (pair.get(0) == null || pair.get(0) instanceof Map)) {
			Map<Object, Object> merged = new LinkedHashMap<>();
			if (pair.get(0) instanceof Map<?, ?> dict) {
				merged.putAll(dict);
			}
			if (pair.get(1) instanceof Map<?, ?> slots) {
				merged.putAll(slots);
			}
			return merged;
		}
		throw new IllegalArgumentException("State of " + this.type.getName() + " is a "
				+ state.getClass().getSimpleName() + ", not a dict of attributes");
	}

	private @Nullable Object coerce(@Nullable Object value, Field field) {
		Class<?> target = field.getType();
		if (value == null) {
			if (!target.isPrimitive()) {
				return null;
			}
			return (target == boolean.class) ? Boolean.FALSE : defaultNumber(target);
		}
		if (!target.isPrimitive() && target.isInstance(value)) {
			return value;
		}
		if (value instanceof Number number && !(value instanceof Double && isIntegral(target))) {
			Object narrowed = narrow(number, target);
			if (narrowed != null) {
				return narrowed;
			}
		}
		if ((target == boolean.class || target == Boolean.class) && value instanceof Boolean) {
			return value;
		}
		if (target == byte[].class && value instanceof PickleBytes bytes) {
			return bytes.toByteArray();
		}
		throw new IllegalArgumentException("Field " + field.getName() + " of " + this.type.getName() + " ("
				+ target.getSimpleName() + ") cannot hold a stored " + value.getClass().getSimpleName());
	}

	private static boolean isIntegral(Class<?> target) {
		return target == int.class || target == Integer.class || target == long.class || target == Long.class
				|| target == short.class || target == Short.class || target == byte.class || target == Byte.class;
	}

	private static Object defaultNumber(Class<?> target) {
		if (target == char.class) {
			return (char) 0;
		}
		Object zero = narrow(0L, target);
		return (zero != null) ? zero : 0;
	}

	private static @Nullable Object narrow(Number number, Class<?> target) {
		if (target == long.class || target == Long.class) {
			return exact(number, Long.MIN_VALUE, Long.MAX_VALUE);
		}
		if (target == int.class || target == Integer.class) {
			Long value = exact(number, Integer.MIN_VALUE, Integer.MAX_VALUE);
			return (value != null) ? (Object) value.intValue() : null;
		}
		if (target == short.class || target == Short.class) {
			Long value = exact(number, Short.MIN_VALUE, Short.MAX_VALUE);
			return (value != null) ? (Object) value.shortValue() : null;
		}
		if (target == byte.class || target == Byte.class) {
			Long value = exact(number, Byte.MIN_VALUE, Byte.MAX_VALUE);
			return (value != null) ? (Object) value.byteValue() : null;
		}
		if (target == double.class || target == Double.class) {
			return number.doubleValue();
		}
		if (target == float.class || target == Float.class) {
			return number.floatValue();
		}
		if (target == BigInteger.class) {
			return (number instanceof BigInteger big) ? big : BigInteger.valueOf(number.longValue());
		}
		if (target == Number.class || target == Object.class) {
			return number;
		}
		return null;
	}

	private static @Nullable Long exact(Number number, long min, long max) {
		long value;
		if (number instanceof BigInteger big) {
			if (big.bitLength() > 63) {
				return null;
			}
			value = big.longValue();
		}
		else if (number instanceof Double || number instanceof Float) {
			return null;
		}
		else {
			value = number.longValue();
		}
		return (value >= min && value <= max) ? value : null;
	}

}
