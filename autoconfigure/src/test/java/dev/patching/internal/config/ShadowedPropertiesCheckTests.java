package dev.patching.internal.config;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ShadowedPropertiesCheckTests {

	@TempDir
	Path dir;

	@Test
	void warnsWhenATestApplicationPropertiesWithPatchingKeysHidesTheApplicationsOwn() throws IOException {
		Path test = directory("test-classes",
				"patching.socket.enabled=true\npatching.dns.enabled=true\nserver.address=127.0.0.1\n");
		Path main = directory("classes", "spring.application.name=app\n");
		String expectedStart = test.resolve("application.properties").toUri().toURL()
				+ " sets patching.dns.enabled, patching.socket.enabled and hides ["
				+ main.resolve("application.properties").toUri().toURL() + "]";
		try (URLClassLoader loader = loader(test, main)) {
			assertThat(ShadowedPropertiesCheck.warningFor(loader))
				.hasValueSatisfying((warning) -> assertThat(warning).startsWith(expectedStart)
					.contains("src/test/resources/config/application.properties")
					.doesNotContain("server.address"));
		}
	}

	@Test
	void namesAtMostThreeKeys() throws IOException {
		Path test = directory("test-classes", "patching.a=1\npatching.b=2\npatching.c=3\npatching.d=4\n");
		Path main = directory("classes", "x=1\n");
		try (URLClassLoader loader = loader(test, main)) {
			assertThat(ShadowedPropertiesCheck.warningFor(loader)).hasValueSatisfying((warning) -> assertThat(warning)
				.contains("sets patching.a, patching.b, patching.c, ... and hides"));
		}
	}

	@Test
	void saysNothingWhenNothingIsHidden() throws IOException {
		Path test = directory("test-classes", "patching.socket.enabled=true\n");
		try (URLClassLoader loader = loader(test, this.dir.resolve("empty"))) {
			assertThat(ShadowedPropertiesCheck.warningFor(loader)).isEmpty();
		}
	}

	@Test
	void saysNothingWhenTheFirstFileHasNoPatchingKeys() throws IOException {
		Path test = directory("test-classes", "server.address=127.0.0.1\n");
		Path main = directory("classes", "patching.socket.enabled=true\n");
		try (URLClassLoader loader = loader(test, main)) {
			assertThat(ShadowedPropertiesCheck.warningFor(loader)).isEmpty();
		}
	}

	@Test
	void looksOnlyOnceAndWarnsOnce() throws IOException {
		Path test = directory("test-classes", "patching.socket.enabled=true\n");
		Path main = directory("classes", "x=1\n");
		List<String> warnings = new ArrayList<>();
		ShadowedPropertiesCheck check = new ShadowedPropertiesCheck(warnings::add);
		AtomicInteger lookups = new AtomicInteger();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { test.toUri().toURL(), main.toUri().toURL() },
				null) {
			@Override
			public Enumeration<URL> getResources(String name) throws IOException {
				lookups.incrementAndGet();
				return super.getResources(name);
			}
		}) {
			check.check(loader);
			check.check(loader);
			check.check(loader);
		}
		assertThat(warnings).hasSize(1);
		assertThat(lookups).hasValue(1);
	}

	@Test
	void aClassPathThatCannotBeReadIsSkippedQuietly() {
		List<String> warnings = new ArrayList<>();
		ClassLoader broken = new ClassLoader(null) {
			@Override
			public Enumeration<URL> getResources(String name) throws IOException {
				throw new IOException("broken");
			}
		};
		assertThatNoException().isThrownBy(() -> new ShadowedPropertiesCheck(warnings::add).check(broken));
		assertThatNoException().isThrownBy(() -> new ShadowedPropertiesCheck(warnings::add).check(null));
		assertThat(warnings).isEmpty();
	}

	private Path directory(String name, String applicationProperties) throws IOException {
		Path directory = Files.createDirectories(this.dir.resolve(name));
		Files.writeString(directory.resolve("application.properties"), applicationProperties);
		return directory;
	}

	private static URLClassLoader loader(Path... directories) throws IOException {
		URL[] urls = new URL[directories.length];
		for (int i = 0; i < directories.length; i++) {
			urls[i] = directories[i].toUri().toURL();
		}
		return new URLClassLoader(urls, null);
	}

}
