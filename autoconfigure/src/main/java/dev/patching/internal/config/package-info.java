/**
 * Binding and validation of patching.* properties, and the failure analyzer.
 */
package dev.patching.internal.config;
