/**
 * The only package that knows spring-test: context customizer, test execution listener, lifecycle.
 */
package dev.patching.internal.test;
