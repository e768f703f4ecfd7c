package dev.patching.it;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class DynamicPropertySourceTests {

	@DynamicPropertySource
	static void patching(DynamicPropertyRegistry registry) {
		registry.add("patching.system-properties[it.dynamic]", () -> "from-dynamic-property-source");
		registry.add("patching.first.enabled", () -> "true");
	}

	@Autowired
	PatchManager manager;

	@Test
	void valuesFromDynamicPropertySourceAreHonoured() {
		assertThat(this.manager.patches()).containsExactly("system-properties", "first");
		assertThat(System.getProperty("it.dynamic")).isEqualTo("from-dynamic-property-source");
		assertThat(System.getProperty("it.first")).isEqualTo("on");
	}

}
