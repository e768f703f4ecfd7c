package dev.patching.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's build passes the agents exactly as the README's {@code -javaagent}
 * recipe does: Mockito's and patching's, so that neither attaches at run time.
 */
class ReadmeAgentRecipeTests {

	private static final Pattern ARG_LINE = Pattern.compile("<argLine>([^<]*)</argLine>");

	@Test
	void theSampleAppUsesTheReadmesArgLine() throws IOException {
		String recipe = section("\n## Instrumentation");
		Matcher readme = ARG_LINE.matcher(recipe);
		assertThat(readme.find()).as("an argLine in the README's recipe").isTrue();
		assertThat(readme.group(1)).contains("-javaagent:${org.mockito:mockito-core:jar}")
			.contains("-javaagent:${dev.patching:patching-spring-boot-autoconfigure:jar}");

		Matcher sample = ARG_LINE
			.matcher(Files.readString(Path.of("..", "sample-app", "pom.xml"), StandardCharsets.UTF_8));
		assertThat(sample.find()).as("an argLine in the sample app's pom").isTrue();
		// The sample adds only the build's own hook for extra test JVM flags, empty by
		// default.
		assertThat(sample.group(1)).isEqualTo(readme.group(1) + " ${extraTestArgLine}");
	}

	@Test
	void theGradleRecipePassesMockitoToo() throws IOException {
		String recipe = section("\n## Instrumentation");
		int gradle = recipe.indexOf("```kotlin");
		assertThat(gradle).as("a Gradle recipe").isNotNegative();
		assertThat(recipe.substring(gradle, recipe.indexOf("```\n", gradle + 3))).contains("org.mockito:mockito-core")
			.contains("dev.patching:patching-spring-boot-autoconfigure")
			.contains("-javaagent:");
	}

	private static String section(String heading) throws IOException {
		String text = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		int start = text.indexOf(heading);
		assertThat(start).as("README has %s", heading.trim()).isNotNegative();
		int end = text.indexOf("\n## ", start + 1);
		return text.substring(start, (end > 0) ? end : text.length());
	}

}
