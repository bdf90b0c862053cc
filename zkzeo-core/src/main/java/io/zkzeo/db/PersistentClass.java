package io.zkzeo.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the Python class a {@link Persistent} subclass is stored as, {@code module.Name}, for example
 * {@code @PersistentClass("shop.model.Account")}. The name is written in every record and reference, so it
 * must stay the same for the life of the data. An annotated class needs a no-argument constructor (it may
 * be private).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PersistentClass {

	/**
	 * The dotted Python class name.
	 * @return {@code module.Name}
	 */
	String value();

}
