package dev.patching.it;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig(SpringJUnitConfigGetsPatchManagerTests.Config.class)
@TestPropertySource(properties = { "patching.time-zone=Pacific/Chatham", "patching.locale=de-CH" })
class SpringJUnitConfigGetsPatchManagerTests {

	@Autowired
	PatchManager manager;

	@Test
	void aPlainSpringContextGetsTheManagerAndTestPropertySourceIsRead() {
		assertThat(this.manager.patches()).containsExactly("time-zone", "locale");
		assertThat(java.util.TimeZone.getDefault().getID()).isEqualTo("Pacific/Chatham");
		assertThat(java.util.Locale.getDefault().toLanguageTag()).isEqualTo("de-CH");
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
