package dev.patching.internal.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the advice parameter that reads the bridge's method handle for that hook. Byte
 * Buddy binds it to the bridge's static field (an inlined GETSTATIC), so the advice never
 * names the bridge.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface BridgeHandle {

}
