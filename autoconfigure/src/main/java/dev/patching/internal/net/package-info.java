/**
 * IP literals and host names, shared by the socket and DNS patches: parsing and printing
 * by hand (configuration never triggers a lookup), comparisons that do not allocate, and
 * the marker address that stands for a refused name. Pure JDK code.
 */
@NullMarked
package dev.patching.internal.net;

import org.jspecify.annotations.NullMarked;
