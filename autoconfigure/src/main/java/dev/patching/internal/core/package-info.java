/**
 * The JVM-wide registry of whose patches are in effect, patch sets and the per-context manager.
 */
@NullMarked
package dev.patching.internal.core;

import org.jspecify.annotations.NullMarked;
