package dev.patching.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.patching.PatchManager;
import dev.patching.internal.agent.ClassBytes;
import dev.patching.internal.agent.SystemHooks;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.CachedContexts;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code patching.time.fixed} and {@code patching.time.offset}: the JDK's system clocks
 * from the first bean on, moved by {@code PatchManager.time()}, the real clock in a class
 * without them, and the JDK's own clock classes back afterwards.
 */
class ClockPatchTests {

	static final Instant FIXED = Instant.parse("2030-01-01T09:00:00Z");

	static final Map<String, Object> seen = new ConcurrentHashMap<>();

	@BeforeEach
	@AfterEach
	void clean() {
		CachedContexts.closeAll();
		seen.clear();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
		assertThat(SystemHooks.isInstalled()).isFalse();
		assertRealClock();
	}

	@Test
	void aFixedClockIsInEffectFromTheFirstBeanAndOnlyWhileItsClassesRun() {
		EngineExecutionResults results = Scenarios.run(Fixed.class, Unpatched.class, FixedAgain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
		assertThat(seen.get("Fixed")).as("the cached context is reused").isSameAs(seen.get("FixedAgain"));
	}

	@Test
	void inParallelClassesWithAnotherClockOrNoneEachSeeTheirOwn() {
		EngineExecutionResults results = Scenarios.run(true, Fixed.class, Unpatched.class, Offset.class,
				FixedAgain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(4);
	}

	@Test
	void anOffsetClockIsShiftedAndStillTicks() {
		EngineExecutionResults results = Scenarios.run(Offset.class, Unpatched.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
		Instant bean = (Instant) seen.get("Offset bean");
		assertThat(Duration.between(bean, Instant.now())).isBetween(Duration.ofDays(30).minusMinutes(5),
				Duration.ofDays(30).plusMinutes(5));
	}

	@Test
	void theJdkClockClassesGetTheirOriginalBytesBackWhenTheContextCloses() throws Exception {
		Class<?> clock = Clock.class;
		Class<?> systemClock = Class.forName("java.time.Clock$SystemClock");
		Class<?> instantSource = Class.forName("java.time.Clock$SystemInstantSource");
		byte[][] before = { ClassBytes.capture(clock), ClassBytes.capture(systemClock),
				ClassBytes.capture(instantSource) };

		EngineExecutionResults results = Scenarios.run(Fixed.class, Unpatched.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(SystemHooks.isInstalled(SystemHooks.Hook.CLOCK)).as("held while the context is cached").isTrue();
		assertThat(SystemHooks.isInEffect(SystemHooks.Hook.CLOCK)).isFalse();
		assertRealClock();
		CachedContexts.closeAll();
		assertThat(SystemHooks.isInstalled()).isFalse();
		assertThat(ClassBytes.capture(clock)).isEqualTo(before[0]);
		assertThat(ClassBytes.capture(systemClock)).isEqualTo(before[1]);
		assertThat(ClassBytes.capture(instantSource)).isEqualTo(before[2]);
	}

	@Test
	void badValuesFailTheContextNamingThePropertyAndTheValue() {
		assertThat(Scenarios.failures(Scenarios.run(BadFixed.class)))
			.contains("Invalid value 'yesterday' for property 'patching.time.fixed'", "2030-01-01T09:00:00Z");
		assertThat(Scenarios.failures(Scenarios.run(BadOffset.class)))
			.contains("Invalid value '30 days' for property 'patching.time.offset'", "-P30D");
		assertThat(Scenarios.failures(Scenarios.run(FixedAndOffset.class))).contains(
				"Invalid value '-P1D' for property 'patching.time.offset'",
				"set only one of patching.time.fixed and patching.time.offset");
	}

	@Test
	void timeWithoutAClockPatchSaysWhichPropertyToSet() {
		EngineExecutionResults results = Scenarios.run(Unpatched.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThatIllegalStateException().isThrownBy(((PatchManager) seen.get("Unpatched"))::time)
			.withMessageContaining("needs a clock patch")
			.withMessageContaining("patching.time.fixed");
	}

	static void assertRealClock() {
		assertThat(Math.abs(Instant.now().toEpochMilli() - System.currentTimeMillis())).isLessThan(1000);
		assertThat(Math.abs(Clock.systemUTC().millis() - System.currentTimeMillis())).isLessThan(1000);
	}

	/** Records the clock when the context creates it. */
	static class Stamp {

		final Instant created = Instant.now();

	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Stamp.class },
			properties = "patching.time.fixed=2030-01-01T09:00:00Z")
	static class Fixed {

		@Autowired
		PatchManager patching;

		@Autowired
		Stamp stamp;

		@Test
		void everySystemClockSaysTheFixedInstantUntilItIsMoved() throws InterruptedException {
			seen.put(getClass().getSimpleName(), this.patching);
			assertThat(this.stamp.created).as("what a bean's constructor saw").isEqualTo(FIXED);
			Thread.sleep(5);
			assertThat(Instant.now()).isEqualTo(FIXED);
			assertThat(Clock.systemUTC().instant()).isEqualTo(FIXED);
			assertThat(Clock.systemUTC().millis()).isEqualTo(FIXED.toEpochMilli());
			assertThat(Clock.systemDefaultZone().instant()).isEqualTo(FIXED);
			assertThat(Clock.systemDefaultZone().millis()).isEqualTo(FIXED.toEpochMilli());
			assertThat(InstantSource.system().instant()).isEqualTo(FIXED);
			assertThat(InstantSource.system().millis()).isEqualTo(FIXED.toEpochMilli());
			assertThat(LocalDate.now(ZoneOffset.UTC)).isEqualTo(LocalDate.of(2030, 1, 1));
			assertThat(LocalDate.now()).isEqualTo(LocalDate.ofInstant(FIXED, ZoneId.systemDefault()));
			assertThat(LocalDateTime.now(ZoneOffset.UTC)).isEqualTo(LocalDateTime.of(2030, 1, 1, 9, 0));
			assertThat(LocalTime.now(ZoneOffset.UTC)).isEqualTo(LocalTime.of(9, 0));
			assertThat(ZonedDateTime.now().toInstant()).isEqualTo(FIXED);
			assertThat(OffsetDateTime.now(ZoneOffset.UTC).toInstant()).isEqualTo(FIXED);

			this.patching.time().advance(Duration.ofDays(2).plusHours(1));
			assertThat(Instant.now()).isEqualTo(Instant.parse("2030-01-03T10:00:00Z"));
			assertThat(LocalDate.now(ZoneOffset.UTC)).isEqualTo(LocalDate.of(2030, 1, 3));
			this.patching.time().set(Instant.parse("2031-06-01T00:00:00Z"));
			assertThat(Clock.systemUTC().millis()).isEqualTo(Instant.parse("2031-06-01T00:00:00Z").toEpochMilli());
			assertThat(this.patching.time().now()).isEqualTo(Instant.parse("2031-06-01T00:00:00Z"));
			this.patching.time().reset();
			assertThat(Instant.now()).isEqualTo(FIXED);
		}

	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Stamp.class },
			properties = "patching.time.fixed=2030-01-01T09:00:00Z")
	static class FixedAgain extends Fixed {

	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Stamp.class }, properties = "patching.time.offset=-P30D")
	static class Offset {

		@Autowired
		PatchManager patching;

		@Autowired
		Stamp stamp;

		@Test
		void theClockIsThirtyDaysBackAndTicks() throws InterruptedException {
			seen.put("Offset bean", this.stamp.created);
			Instant real = Instant.ofEpochMilli(System.currentTimeMillis());
			Instant first = Instant.now();
			assertThat(Duration.between(first, real)).isBetween(Duration.ofDays(30).minusSeconds(5),
					Duration.ofDays(30).plusSeconds(5));
			Thread.sleep(20);
			assertThat(Instant.now()).isAfterOrEqualTo(first.plusMillis(20));
			this.patching.time().advance(Duration.ofDays(30));
			assertThat(Math.abs(Instant.now().toEpochMilli() - System.currentTimeMillis())).isLessThan(5000);
			this.patching.time().set(FIXED);
			assertThat(Duration.between(FIXED, Instant.now())).isBetween(Duration.ZERO, Duration.ofSeconds(5));
			this.patching.time().reset();
			assertThat(Duration.between(Instant.now(), Instant.ofEpochMilli(System.currentTimeMillis())))
				.isBetween(Duration.ofDays(30).minusSeconds(5), Duration.ofDays(30).plusSeconds(5));
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class)
	static class Unpatched {

		@Autowired
		PatchManager patching;

		@Test
		void seesTheRealClock() {
			seen.put(getClass().getSimpleName(), this.patching);
			assertRealClock();
			assertThat(SystemHooks.isInEffect(SystemHooks.Hook.CLOCK)).isFalse();
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.time.fixed=yesterday")
	static class BadFixed {

		@Test
		void neverRuns() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.time.offset=30 days")
	static class BadOffset {

		@Test
		void neverRuns() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.time.fixed=2030-01-01T09:00:00Z", "patching.time.offset=-P1D" })
	static class FixedAndOffset {

		@Test
		void neverRuns() {
		}

	}

}
