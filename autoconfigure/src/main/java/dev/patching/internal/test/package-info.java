/**
 * The only package that knows spring-test: context customizer, test execution listener, lifecycle.
 */
@NullMarked
package dev.patching.internal.test;

import org.jspecify.annotations.NullMarked;
