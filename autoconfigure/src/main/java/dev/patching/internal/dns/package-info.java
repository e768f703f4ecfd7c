/**
 * The DNS patch's policy: the host table ({@code patching.dns.hosts}), the unlisted mode,
 * and the interceptor the lookup hook calls. Pure JDK code: no Spring, no Byte Buddy.
 */
@NullMarked
package dev.patching.internal.dns;

import org.jspecify.annotations.NullMarked;
