package dev.patching.internal.config;

import dev.patching.PatchContext;

import org.springframework.boot.context.properties.bind.Binder;

record DefaultPatchContext(String prefix, Binder binder, String contextDescription) implements PatchContext {

}
