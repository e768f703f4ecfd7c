package dev.patching.it;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;

import static org.assertj.core.api.Assertions.assertThat;

@JsonTest(properties = "patching.system-properties[it.slice]=slice")
class JsonTestSliceGetsPatchManagerTests {

	@Autowired
	PatchManager manager;

	@Test
	void aTestSliceGetsTheManagerToo() {
		assertThat(this.manager.patches()).containsExactly("system-properties");
		assertThat(System.getProperty("it.slice")).isEqualTo("slice");
	}

}
