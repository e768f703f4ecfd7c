package dev.patching.internal.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.patching.Unpatch;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;
import org.jspecify.annotations.Nullable;

/**
 * {@code patching.system-properties[key]=value}: sets system properties while the
 * context's patches are in effect. Restore puts back each previous value, or removes the
 * property when it was absent, in reverse order; a value the test itself changed
 * meanwhile is put back too.
 */
public final class SystemPropertiesPatch implements PatchEntry {

	/** The patch name. */
	public static final String NAME = "system-properties";

	private final Map<String, String> properties;

	public SystemPropertiesPatch(Map<String, String> properties) {
		this.properties = new LinkedHashMap<>(properties);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return this.properties;
	}

	@Override
	public Unpatch apply(Recording recording) {
		List<Previous> backup = new ArrayList<>(this.properties.size());
		this.properties.forEach((key, value) -> {
			backup.add(new Previous(key, System.getProperty(key)));
			System.setProperty(key, value);
		});
		return () -> {
			for (int i = backup.size() - 1; i >= 0; i--) {
				backup.get(i).restore();
			}
		};
	}

	/** A property's state before the patch: no value means it was absent. */
	private record Previous(String key, @Nullable String value) {

		void restore() {
			if (this.value == null) {
				System.clearProperty(this.key);
			}
			else {
				System.setProperty(this.key, this.value);
			}
		}

	}

}
