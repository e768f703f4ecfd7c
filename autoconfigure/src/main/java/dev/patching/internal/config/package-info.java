/**
 * Binding and validation of patching.* properties, and the failure analyzer.
 */
@NullMarked
package dev.patching.internal.config;

import org.jspecify.annotations.NullMarked;
