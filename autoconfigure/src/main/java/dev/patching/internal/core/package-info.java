/**
 * The JVM-wide registry of whose patches are in effect, patch sets and their entries,
 * leases and owners, the records, and the per-context manager. Knows nothing of sockets,
 * DNS or the agent: the hooks some entries need reach it through
 * {@link dev.patching.internal.core.EntryHooks}.
 */
@NullMarked
package dev.patching.internal.core;

import org.jspecify.annotations.NullMarked;
