/**
 * Built-in patches of JVM defaults: system properties, time zone, locale.
 */
@NullMarked
package dev.patching.internal.system;

import org.jspecify.annotations.NullMarked;
