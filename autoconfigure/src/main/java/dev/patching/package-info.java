/**
 * The public face: PatchManager, the Patch SPI and the records of what patches saw.
 */
@NullMarked
package dev.patching;

import org.jspecify.annotations.NullMarked;
