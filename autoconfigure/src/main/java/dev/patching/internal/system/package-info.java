/**
 * Built-in patches of JVM defaults: system properties, time zone, locale.
 */
package dev.patching.internal.system;
