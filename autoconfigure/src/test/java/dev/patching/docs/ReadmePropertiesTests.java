package dev.patching.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's property table says what the generated configuration metadata says: the
 * same properties, the same defaults, and every property has a description for the IDE.
 */
class ReadmePropertiesTests {

	private static final Pattern ROW = Pattern.compile("^\\| `(patching\\.[^`]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

	private static final Pattern PROPERTY = Pattern.compile("\\{[^{}]*\"name\"\\s*:\\s*\"(patching[^\"]*)\"[^{}]*\\}");

	private static final Pattern DEFAULT = Pattern.compile("\"defaultValue\"\\s*:\\s*\"?([^\",}]*)\"?");

	@Test
	void theReadmeTableListsExactlyTheGeneratedPropertiesWithTheirDefaults() throws IOException {
		Map<String, String> metadata = metadata();
		Map<String, String> readme = readme();
		assertThat(readme.keySet()).as("README property table vs generated metadata")
			.containsExactlyInAnyOrderElementsOf(metadata.keySet());
		metadata.forEach((name, value) -> {
			if (value != null) {
				assertThat(readme.get(name)).as("default of %s", name).isEqualToIgnoringCase(value);
			}
		});
	}

	@Test
	void everyPropertyHasAOneLineDescription() throws IOException {
		Matcher matcher = PROPERTY.matcher(propertiesSection());
		int count = 0;
		while (matcher.find()) {
			count++;
			assertThat(matcher.group()).as(matcher.group(1)).contains("\"description\"");
		}
		assertThat(count).isGreaterThan(10);
	}

	private static Map<String, String> readme() throws IOException {
		String text = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		Map<String, String> rows = new TreeMap<>();
		Matcher matcher = ROW.matcher(text);
		while (matcher.find()) {
			String name = matcher.group(1).replaceAll("\\[[^]]*]", "");
			if (!name.equals("patching.<name>.enabled")) {
				rows.put(name, matcher.group(2).trim().replace("`", ""));
			}
		}
		return rows;
	}

	private static Map<String, String> metadata() throws IOException {
		Map<String, String> properties = new TreeMap<>();
		Matcher matcher = PROPERTY.matcher(propertiesSection());
		while (matcher.find()) {
			Matcher value = DEFAULT.matcher(matcher.group());
			properties.put(matcher.group(1), value.find() ? value.group(1).trim() : null);
		}
		return properties;
	}

	private static String propertiesSection() throws IOException {
		try (InputStream in = ReadmePropertiesTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int start = json.indexOf("\"properties\"");
			int end = json.indexOf("\"hints\"", start);
			return json.substring(start, (end > 0) ? end : json.length());
		}
	}

}
