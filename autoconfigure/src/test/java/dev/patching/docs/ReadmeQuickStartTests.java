package dev.patching.docs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start puts the suite-wide defaults where they cannot hide the
 * application's own {@code application.properties}, and the sample app keeps its defaults
 * in that same place.
 */
class ReadmeQuickStartTests {

	static final String DEFAULTS_LOCATION = "src/test/resources/config/application.properties";

	static final String SHADOWING_LOCATION = "src/test/resources/application.properties";

	private static final Pattern PROPERTIES_BLOCK = Pattern.compile("\n```properties\n(.*?)\n```\n", Pattern.DOTALL);

	private static final Path SAMPLE = Path.of("..", "sample-app");

	@Test
	void theQuickStartPutsTheDefaultsInConfigApplicationProperties() throws IOException {
		String quickStart = quickStart();
		Matcher block = PROPERTIES_BLOCK.matcher(quickStart);
		assertThat(block.find()).as("a properties block in the quick start").isTrue();
		String before = quickStart.substring(0, block.start());
		String intro = before.substring(before.lastIndexOf("\n\n") + 2);
		assertThat(intro).as("the text that introduces the defaults").startsWith("`" + DEFAULTS_LOCATION + "`");
		assertThat(quickStart).as("the quick start").doesNotContain(SHADOWING_LOCATION);
	}

	@Test
	void theSampleAppHasTheQuickStartDefaultsAtTheSameLocation() throws IOException {
		Path defaults = SAMPLE.resolve(DEFAULTS_LOCATION);
		assertThat(defaults).exists();
		assertThat(SAMPLE.resolve(SHADOWING_LOCATION)).doesNotExist();
		// The sample's own configuration is an application.properties too: its tests show
		// it is not hidden.
		assertThat(SAMPLE.resolve("src/main/resources/application.properties")).exists();

		Matcher block = PROPERTIES_BLOCK.matcher(quickStart());
		assertThat(block.find()).isTrue();
		Properties readme = load(block.group(1));
		Properties sample = load(Files.readString(defaults, StandardCharsets.UTF_8));
		assertThat(readme).isNotEmpty();
		readme.forEach(
				(key, value) -> assertThat(sample.getProperty((String) key)).as("sample's %s", key).isEqualTo(value));
	}

	private static String quickStart() throws IOException {
		String text = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		int start = text.indexOf("\n## Quick start\n");
		assertThat(start).as("README has a quick start").isNotNegative();
		int end = text.indexOf("\n## ", start + 1);
		return text.substring(start, (end > 0) ? end : text.length());
	}

	private static Properties load(String text) throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(text));
		return properties;
	}

}
