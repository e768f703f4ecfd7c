package dev.patching.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.patching.Patch;
import dev.patching.PatchingConfigurationException;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.PatchSet;
import dev.patching.internal.network.DnsPatch;
import dev.patching.internal.network.SocketPatch;
import dev.patching.internal.system.ClockPatch;
import dev.patching.internal.system.EnvironmentPatch;
import dev.patching.internal.system.ExitPatch;
import dev.patching.internal.system.LocalePatch;
import dev.patching.internal.system.SystemPropertiesPatch;
import dev.patching.internal.system.TimeZonePatch;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.function.SingletonSupplier;

/**
 * Reads a context's {@code patching.*} properties and builds its {@link PatchSet},
 * failing with a {@link PatchingConfigurationException} on any value it cannot use —
 * including a {@code patching.<name>} that names no patch, so a typo never leaves a test
 * unpatched.
 */
public final class PatchSetFactory {

	static final String PREFIX = "patching";

	private static final Pattern PATCH_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

	private static final List<String> BUILT_IN = List.of(SystemPropertiesPatch.NAME, TimeZonePatch.NAME,
			LocalePatch.NAME, EnvironmentPatch.NAME, ClockPatch.NAME, ExitPatch.NAME, DnsPatch.NAME, SocketPatch.NAME);

	private static final List<String> SETTINGS = List.of("enabled", "wait-timeout", "report", "environment-remove");

	private PatchSetFactory() {
	}

	/**
	 * The settings and patch set of a context.
	 * @param description names the context in messages
	 */
	public static Settings create(ConfigurableEnvironment environment, @Nullable ClassLoader classLoader,
			String description) {
		rejectKeysCutAtAColon(environment);
		Binder binder = Binder.get(environment);
		PatchingProperties properties = bind(binder, PREFIX, Bindable.of(PatchingProperties.class),
				new PatchingProperties());
		List<Patch> custom = loadCustomPatches(classLoader);
		rejectUnknownNames(environment, custom);
		List<PatchEntry> entries = new ArrayList<>();
		if (!properties.getSystemProperties().isEmpty()) {
			entries.add(new SystemPropertiesPatch(properties.getSystemProperties()));
		}
		if (properties.getTimeZone() != null) {
			entries.add(TimeZonePatch.parse(properties.getTimeZone()));
		}
		if (properties.getLocale() != null) {
			entries.add(LocalePatch.parse(properties.getLocale()));
		}
		EnvironmentPatch environmentEntry = EnvironmentPatch.of(properties.getEnvironment(),
				properties.getEnvironmentRemove());
		if (environmentEntry != null) {
			entries.add(environmentEntry);
			if (properties.isEnabled()) {
				LiveSystemEnvironment.replace(environment);
			}
		}
		ClockPatch clock = ClockPatch.parse(properties.getTime().getFixed(), properties.getTime().getOffset());
		if (clock != null) {
			entries.add(clock);
		}
		if (properties.getExit().isEnabled()) {
			entries.add(new ExitPatch());
		}
		PatchingProperties.Dns dns = properties.getDns();
		PatchEntry dnsEntry = DnsPatch.of(dns.getHosts(), dns.getUnlisted(), dns.isExemptOwnNames());
		if (dns.isEnabled()) {
			entries.add(dnsEntry);
		}
		PatchingProperties.Socket socket = properties.getSocket();
		PatchEntry socketEntry = SocketPatch.of(socket.isAllowLoopback(), socket.getAllow(), socket.getRedirect(),
				socket.getFaults());
		if (socket.isEnabled()) {
			entries.add(socketEntry);
		}
		for (Patch patch : custom) {
			String prefix = PREFIX + "." + patch.name();
			if (bind(binder, prefix + ".enabled", Bindable.of(Boolean.class), false)) {
				entries.add(new CustomPatchEntry(patch, new DefaultPatchContext(prefix, binder, description),
						snapshot(environment, prefix)));
			}
		}
		if (properties.getWaitTimeout().isNegative() || properties.getWaitTimeout().isZero()) {
			throw new PatchingConfigurationException(PREFIX + ".wait-timeout", properties.getWaitTimeout().toString(),
					"a positive duration such as '30s' or '5m'");
		}
		PatchSet set = properties.isEnabled() ? new PatchSet(entries, description)
				: new PatchSet(List.of(), description);
		return new Settings(properties, set);
	}

	/**
	 * Builds the set of a context whose environment is {@code base} with overrides
	 * layered on ({@code @PatchingOverride}, an override scope): bound and checked as the
	 * context's own properties are, without changing the context's environment. The
	 * context's {@code patching.*} properties are read once, on first use; each override
	 * is then bound over those alone.
	 * @param description names the context in messages
	 */
	public static Function<Map<String, String>, PatchSet> deriver(ConfigurableEnvironment base,
			@Nullable ClassLoader classLoader, String description) {
		Supplier<Map<String, Object>> own = SingletonSupplier.of(() -> patchingProperties(base));
		return (overrides) -> derive(own.get(), overrides, classLoader, description + " with overrides " + overrides);
	}

	/**
	 * The set of a context whose {@code patching.*} properties are {@code own}, with
	 * {@code overrides} layered on top.
	 * @throws PatchingConfigurationException when an override is no {@code patching.*}
	 * property, is a setting of the whole context, or has a value the patch cannot use
	 */
	private static PatchSet derive(Map<String, Object> own, Map<String, String> overrides,
			@Nullable ClassLoader classLoader, String description) {
		for (Map.Entry<String, String> override : overrides.entrySet()) {
			String key = override.getKey();
			if (!key.regionMatches(true, 0, PREFIX + ".", 0, PREFIX.length() + 1)) {
				throw new PatchingConfigurationException(key, override.getValue(),
						"a patching.* property: an override layers patching properties on the context's own");
			}
			String first = ConfigurationPropertyName.adapt(key, '.')
				.getElement(1, ConfigurationPropertyName.Form.UNIFORM);
			if (first.equals("waittimeout") || first.equals("report")) {
				throw new PatchingConfigurationException(key, override.getValue(),
						"a patch's property: patching.wait-timeout and patching.report.* belong to the whole context,"
								+ " so set them in its properties, not in an override");
			}
		}
		StandardEnvironment layered = new StandardEnvironment();
		MutablePropertySources sources = layered.getPropertySources();
		List.copyOf(sources.stream().map(PropertySource::getName).toList()).forEach(sources::remove);
		sources.addFirst(new MapPropertySource("patching overrides", new LinkedHashMap<>(overrides)));
		sources.addLast(new MapPropertySource("the context's patching properties", own));
		return create(layered, classLoader, description).set();
	}

	/**
	 * Every {@code patching.*} property of {@code environment} by its canonical name, the
	 * value of the source that wins.
	 */
	private static Map<String, Object> patchingProperties(ConfigurableEnvironment environment) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(PREFIX);
		Map<String, Object> values = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(root::isAncestorOf).stream().forEach((name) -> {
					ConfigurationProperty property = source.getConfigurationProperty(name);
					if (property != null) {
						values.putIfAbsent(name.toString(), property.getValue());
					}
				});
			}
		}
		return values;
	}

	private static <T> T bind(Binder binder, String name, Bindable<T> target, T fallback) {
		try {
			return binder.bind(name, target).orElse(fallback);
		}
		catch (BindException ex) {
			ConfigurationProperty property = ex.getProperty();
			String propertyName = (property != null) ? property.getName().toString() : ex.getName().toString();
			String value = (property != null) ? String.valueOf(property.getValue()) : "?";
			Class<?> type = (ex.getTarget() != null && ex.getTarget().getType().resolve() != null)
					? ex.getTarget().getType().resolve() : Object.class;
			throw new PatchingConfigurationException(propertyName, value, accepted(propertyName, type), ex);
		}
	}

	private static String accepted(String property, Class<?> type) {
		if (type == Boolean.class || type == boolean.class || property.endsWith(".enabled")
				|| property.endsWith("allow-loopback")) {
			return "true or false";
		}
		if (type == Duration.class || property.endsWith("wait-timeout")) {
			return "a duration such as '30s' or '5m'";
		}
		return "a value of type " + type.getSimpleName();
	}

	private static List<Patch> loadCustomPatches(@Nullable ClassLoader classLoader) {
		List<Patch> patches = SpringFactoriesLoader.forDefaultResourceLocation(classLoader).load(Patch.class);
		Map<String, Patch> byName = new LinkedHashMap<>();
		for (Patch patch : patches) {
			String name = patch.name();
			if (name == null || !PATCH_NAME.matcher(name).matches()) {
				throw new IllegalStateException("Custom patch " + patch.getClass().getName() + " has the name '" + name
						+ "'.\n\nA patch name is lower case letters, digits and dashes, e.g. 'feature-flags'.");
			}
			if (BUILT_IN.contains(name) || SETTINGS.contains(name)) {
				throw new IllegalStateException("Custom patch " + patch.getClass().getName() + " is named '" + name
						+ "', which is taken by patching itself.\n\nRename it; taken names: " + BUILT_IN + " "
						+ SETTINGS);
			}
			Patch other = byName.putIfAbsent(name, patch);
			if (other != null) {
				throw new IllegalStateException(
						"Custom patches " + other.getClass().getName() + " and " + patch.getClass().getName()
								+ " are both named '" + name + "'.\n\nGive each patch its own name.");
			}
		}
		return List.copyOf(byName.values());
	}

	/**
	 * A {@code .properties} file, {@code @SpringBootTest(properties)} and
	 * {@code @TestPropertySource} read {@code patching.socket.redirect[api.example:80]=…}
	 * as the key {@code patching.socket.redirect[api.example} — a name Spring Boot then
	 * silently ignores, and the redirect would silently not happen. An unclosed {@code [}
	 * in a {@code patching.} key is that.
	 */
	private static void rejectKeysCutAtAColon(ConfigurableEnvironment environment) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				if (name.regionMatches(true, 0, PREFIX + ".", 0, PREFIX.length() + 1) && name.chars()
					.filter((c) -> c == '[')
					.count() != name.chars().filter((c) -> c == ']').count()) {
					throw new PatchingConfigurationException(name, String.valueOf(enumerable.getProperty(name)),
							"a key whose [...] is closed. In .properties files, @SpringBootTest(properties = ...) and "
									+ "@TestPropertySource a ':' ends the key, so write the colon of a host:port key as '\\:' "
									+ "(patching.socket.redirect[api.example\\:80]=127.0.0.1:8089), or set it in YAML or "
									+ "with @DynamicPropertySource, where it needs no escape");
				}
			}
		}
	}

	/** Every property under {@code patching.} must belong to a known patch or setting. */
	private static void rejectUnknownNames(ConfigurableEnvironment environment, List<Patch> custom) {
		List<String> known = new ArrayList<>(BUILT_IN);
		custom.forEach((patch) -> known.add(patch.name()));
		List<String> uniform = new ArrayList<>();
		known.forEach((name) -> uniform.add(name.replace("-", "")));
		SETTINGS.forEach((name) -> uniform.add(name.replace("-", "")));
		ConfigurationPropertyName root = ConfigurationPropertyName.of(PREFIX);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.filter(root::isAncestorOf).stream().forEach((name) -> {
				String first = name.getElement(1, ConfigurationPropertyName.Form.UNIFORM);
				if (!uniform.contains(first)) {
					ConfigurationProperty property = source.getConfigurationProperty(name);
					String value = (property != null) ? String.valueOf(property.getValue()) : "";
					throw new PatchingConfigurationException(name.toString(), value, "properties of a known patch: "
							+ known.stream().map((patch) -> "patching." + patch + ".*").toList()
							+ ", or the settings patching.enabled, patching.wait-timeout, patching.report.*."
							+ " There is no patch named '" + name.getElement(1, ConfigurationPropertyName.Form.DASHED)
							+ "': a custom patch must be listed in META-INF/spring.factories under dev.patching.Patch");
				}
			});
		}
	}

	/**
	 * The values under {@code prefix}: what makes two contexts' custom patch do the same
	 * thing.
	 */
	private static Map<String, @Nullable String> snapshot(ConfigurableEnvironment environment, String prefix) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
		Map<String, @Nullable String> values = new TreeMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(root::isAncestorOf).stream().forEach((name) -> {
					ConfigurationProperty property = source.getConfigurationProperty(name);
					values.putIfAbsent(name.toString(),
							(property != null) ? String.valueOf(property.getValue()) : null);
				});
			}
		}
		return values;
	}

	/**
	 * A context's bound properties and the patch set built from them.
	 */
	public record Settings(PatchingProperties properties, PatchSet set) {

	}

}
