/**
 * The socket and DNS patches as patch entries, and the wiring of their interceptors to
 * the JVM hooks: installed while a context needs them, with a policy swapped in on every
 * switch.
 */
@NullMarked
package dev.patching.internal.network;

import org.jspecify.annotations.NullMarked;
