/**
 * The public API, and all of it: the {@link dev.patching.PatchManager} of a test context,
 * the records of what its patches saw, the {@link dev.patching.Patch} SPI, the exceptions
 * a test catches or reads, and the test execution listener. Nothing here imports
 * {@code dev.patching.internal}, which may change in any release.
 */
@NullMarked
package dev.patching;

import org.jspecify.annotations.NullMarked;
