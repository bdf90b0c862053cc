/**
 * The end-to-end load tool ({@code zkzeo load}) and a small server command ({@code zkzeo serve}): clients,
 * each with its own {@link io.zkzeo.client.ClientStorage} and {@link io.zkzeo.db.DB}, add, update and read
 * objects against any ZEO 5 server in phases modelled on zodbshootout's (add, update, cold, warm and hot
 * reads), and the figures are printed as a table and written as JSON.
 */
@NullMarked
package io.zkzeo.tools.load;

import org.jspecify.annotations.NullMarked;
