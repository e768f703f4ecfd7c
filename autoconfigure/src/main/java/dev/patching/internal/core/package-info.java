/**
 * The JVM-wide registry of whose patches are in effect, patch sets and the per-context manager.
 */
package dev.patching.internal.core;
