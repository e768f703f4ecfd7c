package dev.patching.it;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "patching.enabled=false", "patching.system-properties[it.off]=on",
		"patching.first.enabled=true", "patching.time-zone=Asia/Kathmandu" })
class DisabledTests {

	@Autowired
	PatchManager manager;

	@Test
	void patchingEnabledFalseSwitchesEverythingOff() {
		assertThat(this.manager.isEnabled()).isFalse();
		assertThat(this.manager.patches()).isEmpty();
		assertThat(System.getProperty("it.off")).isNull();
		assertThat(System.getProperty("it.first")).isNull();
		assertThat(java.util.TimeZone.getDefault().getID()).isNotEqualTo("Asia/Kathmandu");
	}

}
