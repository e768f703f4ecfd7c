package dev.patching;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * No network for this test class or method: every outbound connect but to loopback is
 * blocked ({@code patching.socket.enabled=true}, {@code allow-loopback=true}), and every
 * host name the context's {@code patching.dns.hosts} does not list is refused
 * ({@code patching.dns.enabled=true}, {@code unlisted=refuse}). Other socket and DNS
 * settings of the context ({@code allow}, {@code redirect}, {@code hosts}, ...) stay. An
 * override ({@link PatchingOverride}): it does not change the context, so what the
 * context's beans do while it starts is covered only by the context's own properties.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@PatchingOverride({ "patching.socket.enabled=true", "patching.socket.allow-loopback=true", "patching.dns.enabled=true",
		"patching.dns.unlisted=refuse" })
public @interface NoNetwork {

}
