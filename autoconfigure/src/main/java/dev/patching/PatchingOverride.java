package dev.patching;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Layers {@code patching.*} properties on top of the context's own for one test method
 * (from its {@code @BeforeEach} through its {@code @AfterEach}) or for a whole test class
 * (from its {@code @BeforeAll} through its {@code @AfterAll}), without a new context: the
 * context cache key does not change, and the context's beans keep the patches they
 * started with. Same syntax as {@code @SpringBootTest(properties = ...)} (write the colon
 * of a {@code host:port} key as {@code \:}), same validation and messages; a class's
 * overrides apply to its methods and {@code @Nested} classes, a method's on top of them.
 * Classes whose effective sets differ never run at the same time, as for contexts.
 * <p>
 * May be used as a meta-annotation: {@link NoNetwork} is one. For values known only at
 * run time, use {@link PatchManager#override(java.util.Map)}. On a JUnit Jupiter class
 * without a Spring context it works the same, on top of the class path's
 * {@code application.properties} ({@link PatchingExtension}).
 *
 * <pre class="code">
 * &#64;Test
 * &#64;PatchingOverride("patching.socket.faults[api.partner.test\\:443]=timeout")
 * void fallsBackWhenThePartnerTimesOut() { ... }
 * </pre>
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PatchingExtension.class)
public @interface PatchingOverride {

	/** {@code patching.*} properties in the form {@code key=value}. */
	String[] value();

}
