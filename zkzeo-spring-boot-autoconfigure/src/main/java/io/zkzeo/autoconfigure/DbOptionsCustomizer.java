package io.zkzeo.autoconfigure;

import io.zkzeo.db.DbOptions;

/**
 * Adjusts the options of the auto-configured {@link io.zkzeo.db.DB}, for example to register the
 * application's persistent classes:
 * <pre>
 * &#64;Bean
 * DbOptionsCustomizer noteTypes() {
 *     return (options) -&gt; options.withTypes(options.types().toBuilder().register(Note.class).build());
 * }
 * </pre>
 * Customizers run in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface DbOptionsCustomizer {

	/**
	 * Returns the options to use instead of the given ones.
	 * @param options the options so far
	 * @return the customized options
	 */
	DbOptions customize(DbOptions options);

}
