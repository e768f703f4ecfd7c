package dev.patching.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Warns, once per JVM, about {@code patching.*} keys in an {@code application.properties}
 * that hides another {@code application.properties} on the class path — typically
 * {@code src/test/resources/application.properties} hiding the application's own
 * {@code src/main/resources/application.properties}, so that every test context silently
 * loses the application's settings. Spring Boot reads
 * {@code classpath:/config/application.properties} in addition to
 * {@code classpath:/application.properties}, so the fix is to move the file there.
 * <p>
 * Cheap (one {@code getResources} call and, only when there are two or more, reading the
 * first), and it never throws: a check that fails is skipped.
 */
public final class ShadowedPropertiesCheck {

	static final String NAME = "application.properties";

	static final String CONFIG_LOCATION = "src/test/resources/config/application.properties";

	private static final Log logger = LogFactory.getLog(ShadowedPropertiesCheck.class);

	private static final ShadowedPropertiesCheck JVM = new ShadowedPropertiesCheck(logger::warn);

	private final AtomicBoolean checked = new AtomicBoolean();

	private final Consumer<String> warning;

	ShadowedPropertiesCheck(Consumer<String> warning) {
		this.warning = warning;
	}

	/**
	 * Looks at the class path of {@code classLoader} the first time it is called in this
	 * JVM, and logs a warning if the first {@code application.properties} sets
	 * {@code patching.*} keys and hides another one. Later calls return at once.
	 */
	public static void warnOnce(@Nullable ClassLoader classLoader) {
		JVM.check(classLoader);
	}

	void check(@Nullable ClassLoader classLoader) {
		if (!this.checked.compareAndSet(false, true)) {
			return;
		}
		try {
			warningFor(classLoader).ifPresent(this.warning);
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			logger.debug("Could not check " + NAME + " on the class path", ex);
		}
	}

	/**
	 * The warning for this class path, if its first {@code application.properties} hides
	 * another and sets patching.* keys.
	 */
	static Optional<String> warningFor(@Nullable ClassLoader classLoader) throws IOException {
		if (classLoader == null) {
			return Optional.empty();
		}
		List<URL> found = Collections.list(classLoader.getResources(NAME));
		if (found.size() < 2) {
			return Optional.empty();
		}
		URL first = found.get(0);
		List<String> keys = patchingKeys(first);
		if (keys.isEmpty()) {
			return Optional.empty();
		}
		String named = (keys.size() > 3) ? String.join(", ", keys.subList(0, 3)) + ", ..." : String.join(", ", keys);
		return Optional.of(first + " sets " + named + " and hides " + found.subList(1, found.size())
				+ ": Spring Boot reads only the first " + NAME + " on the class path, so every test context loses the"
				+ " settings of the others (usually the application's own src/main/resources/" + NAME + ")."
				+ " Move the test settings to " + CONFIG_LOCATION + ", which Spring Boot reads in addition to " + NAME
				+ ", with higher precedence.");
	}

	private static List<String> patchingKeys(URL url) throws IOException {
		Properties properties = new Properties();
		URLConnection connection = url.openConnection();
		connection.setUseCaches(false);
		try (InputStream in = connection.getInputStream()) {
			properties.load(in);
		}
		List<String> keys = new ArrayList<>();
		for (String key : properties.stringPropertyNames()) {
			if (key.startsWith(PatchSetFactory.PREFIX + ".")) {
				keys.add(key);
			}
		}
		Collections.sort(keys);
		return keys;
	}

}
