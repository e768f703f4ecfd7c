package dev.patching.it;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "patching.system-properties[it.boot]=boot")
class SpringBootTestGetsPatchManagerTests {

	@Autowired
	PatchManager manager;

	@Test
	void injectsTheManagerWithThisContextsPatchesInEffect() {
		assertThat(this.manager.patches()).containsExactly("system-properties");
		assertThat(this.manager.isEnabled()).isTrue();
		assertThat(this.manager.isInEffect()).isTrue();
		assertThat(System.getProperty("it.boot")).isEqualTo("boot");
	}

}
