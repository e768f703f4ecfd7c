package dev.patching.internal.config;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.patching.PatchingConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Bad values fail with a message naming the property, the value and what is accepted. */
class PatchSetFactoryTests {

	@Test
	void nonBooleanEnabledIsRejected() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.enabled", "maybe"))
			.withMessageContaining("'patching.enabled'")
			.withMessageContaining("'maybe'")
			.withMessageContaining("true or false");
	}

	@Test
	void nonBooleanPatchEnabledIsRejected() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.first.enabled", "sometimes"))
			.withMessageContaining("'patching.first.enabled'")
			.withMessageContaining("'sometimes'")
			.withMessageContaining("true or false");
	}

	@Test
	void nonBooleanExemptOwnNamesIsRejected() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.dns.exempt-own-names", "localhost"))
			.withMessageContaining("'patching.dns.exempt-own-names'")
			.withMessageContaining("'localhost'")
			.withMessageContaining("true or false");
	}

	@Test
	void theExemptionOfOwnNamesIsOnByDefaultAndPartOfTheDnsPatch() {
		PatchSetFactory.Settings byDefault = create(
				Map.of("patching.dns.enabled", "true", "patching.dns.unlisted", "refuse"));
		PatchSetFactory.Settings off = create(Map.of("patching.dns.enabled", "true", "patching.dns.unlisted", "refuse",
				"patching.dns.exempt-own-names", "false"));
		assertThat(byDefault.properties().getDns().isExemptOwnNames()).isTrue();
		assertThat(off.properties().getDns().isExemptOwnNames()).isFalse();
		assertThat(off.set()).as("another DNS policy, another set").isNotEqualTo(byDefault.set());
	}

	@Test
	void unknownTimeZoneIsRejected() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.time-zone", "Mars/Olympus_Mons"))
			.withMessageContaining("'patching.time-zone'")
			.withMessageContaining("'Mars/Olympus_Mons'")
			.withMessageContaining("time-zone id");
	}

	@Test
	void malformedLocaleIsRejected() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.locale", "en_US!!"))
			.withMessageContaining("'patching.locale'")
			.withMessageContaining("'en_US!!'")
			.withMessageContaining("BCP 47");
	}

	@Test
	void aTypoInAPatchNameIsRejectedListingTheKnownNames() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.sockets.enabled", "true"))
			.withMessageContaining("'patching.sockets.enabled'")
			.withMessageContaining("'true'")
			.withMessageContaining("no patch named 'sockets'")
			.withMessageContaining("patching.socket.*")
			.withMessageContaining("patching.dns.*")
			.withMessageContaining("patching.first.*");
	}

	@Test
	void aRedirectKeyCutAtItsColonIsRejectedWithTheEscapeToUse() {
		// What a .properties line patching.socket.redirect[api.example:80]=127.0.0.1:8089
		// becomes.
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.socket.redirect[api.example", "80]=127.0.0.1:8089"))
			.withMessageContaining("'patching.socket.redirect[api.example'")
			.withMessageContaining("'80]=127.0.0.1:8089'")
			.withMessageContaining("patching.socket.redirect[api.example\\:80]=127.0.0.1:8089")
			.withMessageContaining("@DynamicPropertySource");
	}

	@Test
	void nonPositiveWaitTimeoutIsRejected() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.wait-timeout", "0s"))
			.withMessageContaining("'patching.wait-timeout'");
	}

	@Test
	void theSetListsBuiltInPatchesInAStableOrderThenCustomOnes() {
		PatchSetFactory.Settings settings = create(Map.of("patching.third.enabled", "true", "patching.first.enabled",
				"true", "patching.locale", "fr", "patching.system-properties[a]", "b", "patching.time-zone", "UTC"));
		assertThat(settings.set().names()).containsExactly("system-properties", "time-zone", "locale", "first",
				"third");
	}

	@Test
	void theClockEnvironmentAndExitPatchesComeAfterTheLocaleAndBeforeTheNetwork() {
		PatchSetFactory.Settings settings = create(
				Map.of("patching.socket.enabled", "true", "patching.exit.enabled", "true", "patching.time.offset",
						"PT1H", "patching.environment[API_TOKEN]", "x", "patching.locale", "fr"));
		assertThat(settings.set().names()).containsExactly("locale", "environment", "time", "exit", "socket");
	}

	@Test
	void aClockPatchIsItsContextsOwnSoTwoContextsNeverShareASet() {
		Map<String, String> fixed = Map.of("patching.time.fixed", "2030-01-01T09:00:00Z");
		assertThat(create(fixed).set()).isNotEqualTo(create(fixed).set());
		Map<String, String> environment = Map.of("patching.environment[A]", "1", "patching.environment-remove", "B");
		assertThat(create(environment).set()).isEqualTo(create(environment).set())
			.isNotEqualTo(create(Map.of("patching.environment[A]", "2")).set());
	}

	@Test
	void aFixedClockAcceptsAnInstantWithAnOffset() {
		PatchSetFactory.Settings settings = create("patching.time.fixed", "2030-01-01T10:00:00+01:00");
		assertThat(settings.set().names()).containsExactly("time");
	}

	@Test
	void badClockValuesAreRejectedNamingTheProperty() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.time.fixed", "yesterday"))
			.withMessageContaining("Invalid value 'yesterday' for property 'patching.time.fixed'");
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.time.offset", "-30d"))
			.withMessageContaining("Invalid value '-30d' for property 'patching.time.offset'");
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(
					() -> create(Map.of("patching.time.fixed", "2030-01-01T09:00:00Z", "patching.time.offset", "PT1H")))
			.withMessageContaining("'patching.time.offset'")
			.withMessageContaining("set only one of patching.time.fixed and patching.time.offset");
	}

	@Test
	void badEnvironmentNamesAreRejectedNamingTheProperty() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.environment-remove", "OK,A=B"))
			.withMessageContaining("'patching.environment-remove'");
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> create("patching.exit.enabled", "sometimes"))
			.withMessageContaining("'patching.exit.enabled'");
	}

	@Test
	void anEnvironmentPatchMakesTheSystemEnvironmentSourceReadSystemGetenvLive() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", new LinkedHashMap<>(Map.of("patching.environment[A]", "1"))));
		Object before = environment.getPropertySources().get("systemEnvironment").getSource();
		PatchSetFactory.create(environment, PatchSetFactoryTests.class.getClassLoader(), "a test context");
		Object after = environment.getPropertySources().get("systemEnvironment").getSource();
		assertThat(after).isNotSameAs(before).isInstanceOf(LiveSystemEnvironment.class);
		assertThat(environment.getProperty("PATH")).isEqualTo(System.getenv("PATH"));
	}

	@Test
	void equalSettingsGiveEqualSetsAndOtherSettingsDoNot() {
		PatchSetFactory.Settings one = create(Map.of("patching.first.enabled", "true", "patching.first.level", "1"));
		PatchSetFactory.Settings same = create(Map.of("patching.first.enabled", "true", "patching.first.level", "1"));
		PatchSetFactory.Settings other = create(Map.of("patching.first.enabled", "true", "patching.first.level", "2"));
		assertThat(one.set()).isEqualTo(same.set()).isNotEqualTo(other.set());
	}

	@Test
	void theFailureAnalyzerNamesPropertyValueAndFix() {
		PatchingConfigurationException failure = new PatchingConfigurationException("patching.locale", "xx!!",
				"a BCP 47 tag");
		var analysis = new PatchingFailureAnalyzer().analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription()).contains("'patching.locale'", "'xx!!'");
		assertThat(analysis.getAction()).isEqualTo("Change 'patching.locale' to a BCP 47 tag.");
	}

	private static PatchSetFactory.Settings create(String key, String value) {
		return create(Map.of(key, value));
	}

	private static PatchSetFactory.Settings create(Map<String, String> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", new LinkedHashMap<>(properties)));
		return PatchSetFactory.create(environment, PatchSetFactoryTests.class.getClassLoader(), "a test context");
	}

}
