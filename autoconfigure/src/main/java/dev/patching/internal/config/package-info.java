/**
 * Binding and validation of the {@code patching.*} properties, the patch set they make
 * for a context, and the failure analyzer.
 */
@NullMarked
package dev.patching.internal.config;

import org.jspecify.annotations.NullMarked;
