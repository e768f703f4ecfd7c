/**
 * The Spring TestContext lifecycle: the context customizer, the work behind
 * {@link dev.patching.PatchingTestExecutionListener}, the runs of test classes and
 * methods, the lifecycle beans of a context and the per-class report.
 */
@NullMarked
package dev.patching.internal.test;

import org.jspecify.annotations.NullMarked;
