package dev.patching.internal.dns;

import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.patching.DnsLookup;
import dev.patching.DnsLookup.Outcome;
import dev.patching.NameRefusedException;
import dev.patching.internal.core.SeenLookup;
import dev.patching.internal.net.RefusedName;
import dev.patching.internal.socket.SocketInterceptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class DnsInterceptorTest {

	/** What the interceptor recorded, read as users read it by {@link #lookups()}. */
	private final List<SeenLookup> seen = new CopyOnWriteArrayList<>();

	private final AtomicInteger ownNameAsked = new AtomicInteger();

	private boolean fromSocketAddress;

	/** What the system resolver was asked: no test here asks a real one. */
	private final List<String> systemAsked = new CopyOnWriteArrayList<>();

	private final DnsInterceptor interceptor = new DnsInterceptor(() -> {
		this.ownNameAsked.incrementAndGet();
		return "Build-Host.";
	}, () -> this.fromSocketAddress, this::systemResolver);

	private InetAddress[] systemResolver(String host) throws UnknownHostException {
		this.systemAsked.add(host);
		if (host.startsWith("missing.")) {
			throw new UnknownHostException(host + ": Name or service not known");
		}
		return new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 9 }),
				InetAddress.getByAddress(host, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }) };
	}

	private List<DnsLookup> lookups() {
		return this.seen.stream().map(SeenLookup::lookup).toList();
	}

	@Test
	void withoutAPolicyEveryLookupPassesThrough() throws Exception {
		assertThat(this.interceptor.onLookup("api.test")).isNull();
		assertThat(this.interceptor.getPolicy()).isNull();
		assertThat(this.ownNameAsked).hasValue(0);
	}

	@Test
	void aListedNameIsAnsweredAndRecorded() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of("*.svc.test", "127.0.0.7"), "refuse"), this.seen::add);
		InetAddress[] answer = this.interceptor.onLookup("db.svc.test");
		assertThat(answer).extracting(InetAddress::toString).containsExactly("db.svc.test/127.0.0.7");
		assertThat(lookups()).singleElement().satisfies((lookup) -> {
			assertThat(lookup.name()).isEqualTo("db.svc.test");
			assertThat(lookup.answers()).containsExactly(answer);
			assertThat(lookup.outcome()).isEqualTo(Outcome.ANSWERED);
			assertThat(lookup.thread()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void anUnlistedNameGoesToTheSystemResolverUnderSystemAndItsAnswerIsRecorded() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of("a.test", "127.0.0.1"), "system"), this.seen::add);
		InetAddress[] answer = this.interceptor.onLookup("b.test");
		assertThat(answer).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.9", "0:0:0:0:0:0:0:1");
		assertThat(this.systemAsked).containsExactly("b.test");
		assertThat(lookups()).singleElement().satisfies((lookup) -> {
			assertThat(lookup.outcome()).isEqualTo(Outcome.SYSTEM);
			assertThat(lookup.answers()).as("answers from the table").isEmpty();
			assertThat(lookup.systemAnswers()).extracting(InetAddress::getHostAddress)
				.containsExactly("127.0.0.9", "0:0:0:0:0:0:0:1");
			assertThat(lookup.systemFailure()).isNull();
		});
		answer[0] = null;
		assertThat(lookups().get(0).systemAnswers()).as("the caller's array is not the record's")
			.hasSize(2)
			.doesNotContainNull();
		assertThat(this.ownNameAsked).as("the own name matters only under refuse").hasValue(0);
	}

	@Test
	void aFailureOfTheSystemResolverReachesTheCallerAndIsRecorded() {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "system"), this.seen::add);
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> this.interceptor.onLookup("missing.test"))
			.withMessage("missing.test: Name or service not known");
		assertThat(lookups()).singleElement().satisfies((lookup) -> {
			assertThat(lookup.outcome()).isEqualTo(Outcome.SYSTEM);
			assertThat(lookup.systemAnswers()).isEmpty();
			assertThat(lookup.systemFailure()).isEqualTo("missing.test: Name or service not known");
			assertThat(lookup).hasToString("DnsLookup[name=missing.test, answers=[], outcome=SYSTEM, systemFailure="
					+ "missing.test: Name or service not known, thread=" + Thread.currentThread().getName()
					+ ", sharedThread=false]");
		});
	}

	@Test
	void nettysLookupsArePassedOnUnresolvedAndRecordedWithoutAnAnswer() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "system"), this.seen::add);
		assertThat(this.interceptor.onNettyLookup("b.test")).isNull();
		assertThat(this.systemAsked).as("nothing may block Netty's event loop").isEmpty();
		assertThat(lookups()).singleElement().satisfies((lookup) -> {
			assertThat(lookup.outcome()).isEqualTo(Outcome.SYSTEM);
			assertThat(lookup.systemAnswers()).isEmpty();
			assertThat(lookup.systemFailure()).isNull();
		});
	}

	@Test
	void withNothingRecordingALookupPassedOnGoesThroughUntouched() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "system"), null);
		assertThat(this.interceptor.onLookup("b.test")).isNull();
		assertThat(this.systemAsked).isEmpty();
	}

	@Test
	void anUnlistedNameIsRefusedUnderRefuse() {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "refuse"), this.seen::add);
		assertThatExceptionOfType(NameRefusedException.class)
			.isThrownBy(() -> this.interceptor.onLookup("api.partner.test"))
			.withMessageContaining("Host name 'api.partner.test' refused by patching.dns")
			.withMessageContaining("patching.dns.hosts[api.partner.test]=<ip>")
			.withMessageContaining("patching.dns.unlisted=system");
		assertThat(lookups()).singleElement().satisfies((lookup) -> {
			assertThat(lookup.name()).isEqualTo("api.partner.test");
			assertThat(lookup.outcome()).isEqualTo(Outcome.REFUSED);
		});
	}

	@Test
	void underRefuseTheOwnHostNameIsLoopbackWithNoQueryAndLocalhostGoesToTheSystem() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "refuse"), this.seen::add);
		assertThat(this.interceptor.onLookup("build-host")).singleElement().satisfies((address) -> {
			assertThat(address.isLoopbackAddress()).isTrue();
			assertThat(address.getHostName()).isEqualTo("build-host");
		});
		assertThat(this.interceptor.onLookup("BUILD-HOST.")).singleElement()
			.extracting(InetAddress::isLoopbackAddress)
			.isEqualTo(true);
		assertThat(this.interceptor.onLookup("localhost")).isNotEmpty();
		assertThat(this.systemAsked).containsExactly("localhost");
		assertThat(lookups()).extracting(DnsLookup::outcome)
			.containsExactly(Outcome.ANSWERED, Outcome.ANSWERED, Outcome.SYSTEM);
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "refuse"), this.seen::add);
		assertThat(this.ownNameAsked).as("asked once, not per policy swap").hasValue(1);
	}

	@Test
	void getLocalHostIsAnsweredFromTheTableOrUnderRefuseWithLoopbackOrARefusal() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "system"), this.seen::add);
		assertThat(this.interceptor.onLocalHost("build-host")).as("the JDK answers").isNull();
		this.interceptor.setPolicy(DnsPolicy.of(Map.of("build-host", "127.0.0.9"), "system"), this.seen::add);
		assertThat(this.interceptor.onLocalHost("build-host")).hasToString("build-host/127.0.0.9");
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "refuse"), this.seen::add);
		assertThat(this.interceptor.onLocalHost("build-host")).satisfies((address) -> {
			assertThat(address.isLoopbackAddress()).isTrue();
			assertThat(address.getHostName()).isEqualTo("build-host");
		});
		assertThat(this.interceptor.onLocalHost("localhost")).as("the JDK answers loopback itself").isNull();
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "refuse", false), this.seen::add);
		assertThatExceptionOfType(NameRefusedException.class)
			.isThrownBy(() -> this.interceptor.onLocalHost("build-host"));
		assertThat(this.systemAsked).isEmpty();
		assertThat(lookups()).extracting(DnsLookup::outcome)
			.containsExactly(Outcome.ANSWERED, Outcome.ANSWERED, Outcome.REFUSED);
	}

	@Test
	void aReverseLookupGetsTheOneNameTheTableListsOrUnderRefuseTheAddressText() throws Exception {
		InetAddress listed = InetAddress.getByAddress(new byte[] { 127, 0, 0, 7 });
		InetAddress shared = InetAddress.getByAddress(new byte[] { 127, 0, 0, 8 });
		InetAddress unlisted = InetAddress.getByAddress(new byte[] { 127, 0, 0, 9 });
		Map<String, String> hosts = Map.of("api.partner.test", "127.0.0.7", "a.test", "127.0.0.8", "b.test",
				"127.0.0.8", "*.svc.test", "127.0.0.9");
		this.interceptor.setPolicy(DnsPolicy.of(hosts, "system"), this.seen::add);
		assertThat(this.interceptor.onReverseLookup(listed)).isEqualTo("api.partner.test");
		assertThat(this.interceptor.onReverseLookup(shared)).as("two names: the JDK asks").isNull();
		assertThat(this.interceptor.onReverseLookup(unlisted)).as("a wildcard names no host").isNull();
		this.interceptor.setPolicy(DnsPolicy.of(hosts, "refuse"), this.seen::add);
		assertThat(this.interceptor.onReverseLookup(shared)).isEqualTo("127.0.0.8");
		assertThat(this.interceptor.onReverseLookup(unlisted)).isEqualTo("127.0.0.9");
		assertThat(this.systemAsked).isEmpty();
		assertThat(lookups()).extracting(DnsLookup::name, DnsLookup::outcome)
			.containsExactly(tuple("api.partner.test", Outcome.ANSWERED), tuple("127.0.0.8", Outcome.REFUSED),
					tuple("127.0.0.9", Outcome.REFUSED));
	}

	@Test
	void withTheExemptionOffTheOwnHostNameAndLocalhostAreRefusedUnlessListed() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of("localhost", "127.0.0.5"), "refuse", false), this.seen::add);
		assertThatExceptionOfType(NameRefusedException.class).isThrownBy(() -> this.interceptor.onLookup("build-host"))
			.withMessageContaining("Host name 'build-host' refused by patching.dns");
		assertThat(this.interceptor.onLookup("localhost")).extracting(InetAddress::getHostAddress)
			.containsExactly("127.0.0.5");
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "refuse", false), this.seen::add);
		assertThatExceptionOfType(NameRefusedException.class).isThrownBy(() -> this.interceptor.onLookup("localhost"));
		assertThat(lookups()).extracting(DnsLookup::outcome)
			.containsExactly(Outcome.REFUSED, Outcome.ANSWERED, Outcome.REFUSED);
		assertThat(this.systemAsked).isEmpty();
		assertThat(this.ownNameAsked).as("not needed without the exemption").hasValue(0);
	}

	@Test
	void theTableCanStillAnswerLocalhost() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of("localhost", "127.0.0.5"), "refuse"), null);
		assertThat(this.interceptor.onLookup("localhost")).extracting(InetAddress::getHostAddress)
			.containsExactly("127.0.0.5");
	}

	@Test
	void aRefusalForInetSocketAddressAnswersTheMarkerWhichTheSocketHookRefuses() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of(), "refuse"), this.seen::add);
		this.fromSocketAddress = true;
		InetAddress[] answer = this.interceptor.onLookup("api.partner.test");
		assertThat(answer).singleElement().satisfies((marker) -> {
			assertThat(RefusedName.isMarker(marker)).isTrue();
			assertThat(marker.isLoopbackAddress()).isTrue();
		});
		assertThat(lookups()).singleElement().extracting(DnsLookup::outcome).isEqualTo(Outcome.REFUSED);
		assertThatExceptionOfType(NameRefusedException.class)
			.isThrownBy(() -> new SocketInterceptor().onConnect(answer[0], 443))
			.withMessageContaining("Host name 'api.partner.test' refused by patching.dns");
	}

	@Test
	void clearingThePolicyRestoresPassThrough() throws Exception {
		this.interceptor.setPolicy(DnsPolicy.of(Map.of("a.test", "127.0.0.1"), "refuse"), this.seen::add);
		this.interceptor.setPolicy(null, this.seen::add);
		assertThat(this.interceptor.onLookup("a.test")).isNull();
		assertThat(this.interceptor.onLookup("b.test")).isNull();
		assertThat(lookups()).isEmpty();
	}

	@Test
	void onlyAnInetSocketAddressConstructorCountsAsSocketAddressResolution() {
		assertThat(DnsInterceptor
			.isSocketAddressConstructor(Stream.of(frame("dev.patching.internal.dns.DnsInterceptor", "onLookup"),
					frame("java.net.InetAddress", "getAllByName0"), frame("java.net.InetAddress", "getByName"),
					frame("java.net.InetSocketAddress", "<init>"), frame("java.net.Socket", "<init>"))))
			.isTrue();
		assertThat(DnsInterceptor.isSocketAddressConstructor(Stream.of(frame("java.net.InetAddress", "getByName"),
				frame("java.net.InetSocketAddress", "createUnresolved"), frame("com.example.Client", "<init>"))))
			.isFalse();
		assertThat(StackWalker.getInstance().walk(DnsInterceptor::isSocketAddressConstructor)).isFalse();
	}

	@Test
	void theDefaultInterceptorFindsNoInetSocketAddressOnAPlainCall() {
		DnsInterceptor plain = new DnsInterceptor(() -> null);
		plain.setPolicy(DnsPolicy.of(Map.of(), "refuse"), null);
		assertThatExceptionOfType(NameRefusedException.class).isThrownBy(() -> plain.onLookup("api.partner.test"));
	}

	private static StackWalker.StackFrame frame(String className, String methodName) {
		return new StackWalker.StackFrame() {

			@Override
			public String getClassName() {
				return className;
			}

			@Override
			public String getMethodName() {
				return methodName;
			}

			@Override
			public Class<?> getDeclaringClass() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int getByteCodeIndex() {
				return 0;
			}

			@Override
			public String getFileName() {
				return null;
			}

			@Override
			public int getLineNumber() {
				return -1;
			}

			@Override
			public boolean isNativeMethod() {
				return false;
			}

			@Override
			public StackTraceElement toStackTraceElement() {
				return new StackTraceElement(className, methodName, null, -1);
			}

			@Override
			public MethodType getMethodType() {
				throw new UnsupportedOperationException();
			}

			@Override
			public String getDescriptor() {
				throw new UnsupportedOperationException();
			}

		};
	}

}
