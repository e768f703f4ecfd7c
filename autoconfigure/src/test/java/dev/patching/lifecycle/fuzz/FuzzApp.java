package dev.patching.lifecycle.fuzz;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * The configuration of every fuzzed context: beans that journal what they see when they
 * are created, started, stopped (also when Spring Framework 7 pauses and resumes a cached
 * context) and destroyed, and a bean that fails the context when {@code fz.fail=true}.
 */
@Configuration(proxyBeanMethods = false)
public class FuzzApp {

	@Bean
	Watcher fuzzWatcher(Environment environment) {
		return new Watcher(environment.getRequiredProperty("fz.ctx"), environment.getRequiredProperty("fz.expect"));
	}

	@Bean
	Pulse fuzzPulse(Environment environment) {
		return new Pulse(environment.getRequiredProperty("fz.ctx"), environment.getRequiredProperty("fz.expect"));
	}

	@Bean
	Object fuzzBomb(Environment environment) {
		if (environment.getProperty("fz.fail", Boolean.class, false)) {
			throw new IllegalStateException("fz.fail: this context fails to start on purpose");
		}
		return "no bomb";
	}

	static final class Watcher {

		private final String context;

		private final String label;

		Watcher(String context, String label) {
			this.context = context;
			this.label = label;
			FuzzJournal.inBean("constructor", context, label);
		}

		@PreDestroy
		void destroy() {
			FuzzJournal.inBean("destroy", this.context, this.label);
		}

	}

	static final class Pulse implements SmartLifecycle {

		private final String context;

		private final String label;

		private volatile boolean running;

		Pulse(String context, String label) {
			this.context = context;
			this.label = label;
		}

		@Override
		public void start() {
			FuzzJournal.inBean("start", this.context, this.label);
			this.running = true;
		}

		@Override
		public void stop() {
			FuzzJournal.inBean("stop", this.context, this.label);
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	/**
	 * Puts a pooled set's properties first in a context of a hierarchy (a level of its
	 * own).
	 */
	abstract static class LevelOf implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private final String label;

		private final String level;

		LevelOf(String label, String level) {
			this.label = label;
			this.level = level;
		}

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Map<String, Object> properties = new LinkedHashMap<>();
			Arrays.stream(FuzzSets.properties(this.label)).forEach((property) -> {
				int equals = property.indexOf('=');
				properties.put(property.substring(0, equals), property.substring(equals + 1));
			});
			properties.put("fz.ctx", this.level + "." + this.label);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("fuzz " + this.level, properties));
		}

	}

	static final class ParentA extends LevelOf {

		ParentA() {
			super("A", "parent");
		}

	}

	static final class ParentB extends LevelOf {

		ParentB() {
			super("B", "parent");
		}

	}

	static final class ParentC extends LevelOf {

		ParentC() {
			super("C", "parent");
		}

	}

	static final class ParentD extends LevelOf {

		ParentD() {
			super("D", "parent");
		}

	}

	static final class ChildA extends LevelOf {

		ChildA() {
			super("A", "child");
		}

	}

	static final class ChildB extends LevelOf {

		ChildB() {
			super("B", "child");
		}

	}

	static final class ChildC extends LevelOf {

		ChildC() {
			super("C", "child");
		}

	}

	static final class ChildD extends LevelOf {

		ChildD() {
			super("D", "child");
		}

	}

}
