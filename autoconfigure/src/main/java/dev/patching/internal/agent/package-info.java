/**
 * The only package that knows Byte Buddy and JDK internals: the JVM-wide connect and
 * lookup hooks ({@link dev.patching.internal.agent.JvmHooks}), the clock, environment and
 * exit hooks ({@link dev.patching.internal.agent.SystemHooks}), the agent entry point,
 * and the bridge class the patched JDK methods call through. It imports neither Spring
 * nor any patch: the hooks call the interceptor interfaces defined here.
 */
@NullMarked
package dev.patching.internal.agent;

import org.jspecify.annotations.NullMarked;
