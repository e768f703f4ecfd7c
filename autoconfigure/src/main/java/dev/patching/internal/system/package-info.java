/**
 * Built-in patches of JVM-global state: system properties, time zone, locale, the
 * environment variables, the clock, {@code System.exit}.
 */
@NullMarked
package dev.patching.internal.system;

import org.jspecify.annotations.NullMarked;
