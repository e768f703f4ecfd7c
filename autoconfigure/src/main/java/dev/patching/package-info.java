/**
 * The public face: PatchManager, the Patch SPI and the records of what patches saw.
 */
package dev.patching;
