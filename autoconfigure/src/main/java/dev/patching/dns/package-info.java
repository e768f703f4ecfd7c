/**
 * The DNS patch's policy: the host table ({@code patching.dns.hosts}), the unlisted mode, the
 * refused-name marker, and the interceptor the lookup hook calls. Pure JDK code: no Spring, no
 * Byte Buddy; IP literals are parsed by hand so configuration never triggers a lookup.
 */
package dev.patching.dns;
