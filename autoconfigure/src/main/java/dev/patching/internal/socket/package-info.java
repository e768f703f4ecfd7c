/**
 * The socket patch's policy: rules ({@code patching.socket.allow}), redirects, the
 * decision made for every outbound connect, and the interceptor the connect hook calls.
 * Pure JDK code: no Spring, no Byte Buddy, never a DNS lookup while parsing.
 */
@NullMarked
package dev.patching.internal.socket;

import org.jspecify.annotations.NullMarked;
